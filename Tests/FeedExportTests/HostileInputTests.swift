import XCTest
import FeedModel
import FeedParse
@testable import FeedExport

/// What the writers do with input that tries to break out of its place.
final class HostileInputTests: XCTestCase {
    let formats: [(String, (ExportFeed) -> [UInt8])] = [("atom", FeedWriter.atom), ("rss", FeedWriter.rss), ("json", FeedWriter.json)]

    /// summaryHTML comes from our parser, which sanitizes; a script in a source feed must not
    /// reach the export by that road, escaped or not.
    func testAScriptInASourceSummaryNeverReachesTheExport() throws {
        let source = Array("""
            <rss version="2.0"><channel><title>t</title><link>https://example.org/</link>
            <item><title>x</title><link>https://example.org/1</link>
            <description>&lt;p onclick="steal()"&gt;Hello&lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;</description></item>
            </channel></rss>
            """.utf8)
        let summary = try XCTUnwrap(FeedParser.parse(source).items.first?.summary)
        XCTAssertTrue(summary.contains("Hello"), summary)  // the summary itself got through
        for (name, write) in formats {
            let out = text(write(feed([match(summaryHTML: summary)]))).lowercased()
            for form in [out, unescaped(out), unescaped(unescaped(out))] {
                XCTAssertFalse(form.contains("<script"), "\(name): \(out)")
                XCTAssertFalse(form.contains("onclick"), "\(name): \(out)")
            }
        }
    }

    /// An item's link becomes an href in other people's readers: only http(s) is written. The
    /// feed an item came from is named without the credentials it is followed with.
    func testLinksAreHTTPAndSourcesCarryNoCredentials() throws {
        for bad in ["javascript:alert(document.cookie)", "JavaScript:alert(1)", "data:text/html,<script>x</script>", "vbscript:x"] {
            XCTAssertNil(match(link: bad).link, bad)
        }
        XCTAssertEqual(match(link: "HTTPS://example.org/a").link, "HTTPS://example.org/a")
        var e = match()
        e = ExportEntry(id: e.id, title: e.title, link: e.link, matched: matchedAt, topic: e.topic,
                        sourceURL: "https://reader:s3cret@example.org:8443/feed.xml?x=@y#z")
        XCTAssertEqual(e.sourceURL, "https://example.org:8443/feed.xml?x=@y#z")
        for (name, write) in formats {
            let out = text(write(feed([e, match(link: "javascript:alert(1)")])))
            XCTAssertFalse(out.contains("s3cret"), "\(name): \(out)")
            XCTAssertFalse(out.lowercased().contains("javascript:"), "\(name): \(out)")
        }
        XCTAssertEqual(PublicURL.withoutCredentials("https://example.org/a@b"), "https://example.org/a@b", "an @ in the path is no credential")
        XCTAssertEqual(PublicURL.withoutCredentials("not a url"), "not a url")
        // What no IRI holds is percent-encoded in a published link; the rest is left as it is.
        XCTAssertEqual(PublicURL.link("https://example.org/a b\"<>{}|\\^`\u{7F}\u{85}x?q=é#f"),
                       "https://example.org/a%20b%22%3C%3E%7B%7D%7C%5C%5E%60%7F%C2%85x?q=é#f")
        XCTAssertEqual(PublicURL.link("https://example.org/plain?a=1&b=2#x"), "https://example.org/plain?a=1&b=2#x")
    }

    func testAHostileTitleStaysWellFormedAtom() throws {
        let title = "</title><script>alert(1)</script> & ]]> <![CDATA[x]]> \u{0}\u{1}\u{B}\u{1F}\u{FFFE}\u{FFFF}end"
        let bytes = FeedWriter.atom(feed([match(title: title)]))
        let (status, output) = try jing(bytes)
        XCTAssertEqual(status, 0, "jing: \(output)")
        let parsed = try FeedParser.parse(bytes)
        XCTAssertFalse(parsed.bozo, parsed.bozoMessage ?? "")
        XCTAssertEqual(parsed.items[0].title, "</title><script>alert(1)</script> & ]]> <![CDATA[x]]> end")
    }

    func testAHostileTitleStaysWellFormedRSS() throws {
        let title = "</title><script>alert(1)</script> & ]]> \u{0}\u{1}\u{B}end"
        let parsed = try FeedParser.parse(FeedWriter.rss(feed([match(title: title)])))
        XCTAssertFalse(parsed.bozo, parsed.bozoMessage ?? "")
        XCTAssertEqual(parsed.items.count, 1)
        XCTAssertEqual(parsed.items[0].link, "https://example.org/story/1")  // nothing after the title was swallowed
    }

    func testAHostileTitleStaysValidJSON() throws {
        let title = "\"},{\"id\":\"x\" \\ \u{0}\u{1F} </script>"
        let bytes = FeedWriter.json(feed([match(title: title)]))
        let object = try JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
        XCTAssertEqual((object["items"] as! [[String: Any]])[0]["title"] as? String, title)
    }

    func testQuotesAndNewlinesInAttributesSurvive() throws {
        var e = match()
        e.sourceURL = "https://example.org/rss?a=1&b=\"2\""
        let item = try FeedParser.parse(FeedWriter.atom(feed([e]))).items[0]
        XCTAssertEqual(item.source?.url, #"https://example.org/rss?a=1&b="2""#)
        XCTAssertTrue(text(FeedWriter.atom(feed([e]))).contains(#"href="https://example.org/rss?a=1&amp;b=&quot;2&quot;""#))
    }

    func testEmojiAndAccentsSurviveEveryFormat() throws {
        let title = "Inmigración: naïve café — 移民 🇺🇸👩🏽‍⚖️"
        for (name, write) in formats {
            let parsed = try FeedParser.parse(write(feed([match(title: title)])))
            XCTAssertEqual(parsed.items[0].title, title, name)
        }
    }
}
