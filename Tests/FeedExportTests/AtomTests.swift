import XCTest
import FeedModel
import FeedParse
@testable import FeedExport

final class AtomTests: XCTestCase {
    func testAtomValidatesAgainstTheRFC4287Schema() throws {
        let (status, output) = try jing(FeedWriter.atom(feed([match(), match(id: "7f3a9c2e00000002", link: nil)])))
        XCTAssertEqual(status, 0, "jing: \(output)")
        XCTAssertEqual(output, "")
    }

    /// The check above can fail: jing refuses a feed without its required id.
    func testJingRefusesAFeedWithoutId() throws {
        let valid = text(FeedWriter.atom(feed([])))
        let invalid = valid.replacingOccurrences(of: "<id>tag:feedsift,2026:topic/immigration-policy</id>", with: "")
        XCTAssertNotEqual(invalid, valid)
        let (status, output) = try jing(Array(invalid.utf8))
        XCTAssertEqual(status, 1)
        XCTAssertTrue(output.contains(#"missing required element "id""#), output)
    }

    func testAnEmptyAtomFeedIsStillValid() throws {
        let (status, output) = try jing(FeedWriter.atom(feed([])))
        XCTAssertEqual(status, 0, "jing: \(output)")
        XCTAssertEqual(try FeedParser.parse(FeedWriter.atom(feed([]))).items.count, 0)
    }

    /// The schema's Schematron rule that jing skips: an entry needs an alternate link or a content.
    func testAnEntryWithoutLinkCarriesContent() throws {
        let parsed = try FeedParser.parse(FeedWriter.atom(feed([match(link: nil)])))
        XCTAssertNil(parsed.items[0].link)
        XCTAssertEqual(parsed.items[0].content, [Content(type: "text/html", value: "<p>Agents <b>detained</b> 12 people.</p>")])
    }

    /// The other Schematron rule: entries without authors need a feed author.
    func testTheFeedHasAnAuthorForItsEntries() throws {
        let parsed = try FeedParser.parse(FeedWriter.atom(feed([match()])))
        XCTAssertEqual(parsed.feed.authors, [Person(name: "feedsift")])
        XCTAssertEqual(parsed.items[0].authors, [Person(name: "feedsift")])
    }

    func testFeedIdTitleAndSelfLinkReadBack() throws {
        let parsed = try FeedParser.parse(FeedWriter.atom(feed([])))
        XCTAssertEqual(parsed.format, .atom10)
        XCTAssertFalse(parsed.bozo)
        XCTAssertEqual(parsed.feed.id, "tag:feedsift,2026:topic/immigration-policy")
        XCTAssertEqual(parsed.feed.title, "feedsift: immigration-policy")
        XCTAssertEqual(parsed.feed.updated?.rfc3339, "2026-11-29T10:00:00Z")
        XCTAssertEqual(parsed.feed.links.first { $0.rel == "self" }?.href, "http://127.0.0.1:8377/topics/immigration-policy.atom")
    }

    func testEntryReadsBackWithoutLoss() throws {
        let item = try FeedParser.parse(FeedWriter.atom(feed([match()]))).items[0]
        XCTAssertEqual(item.id, "tag:feedsift,2026:match/7f3a9c2e00000001")
        XCTAssertEqual(item.title, "ICE raids in Chicago")
        XCTAssertEqual(item.link, "https://example.org/story/1")
        XCTAssertEqual(item.summary, "<p>Agents <b>detained</b> 12 people.</p>")
        XCTAssertEqual(item.published?.rfc3339, "2026-11-28T08:30:00Z")
        XCTAssertEqual(item.updated?.rfc3339, "2026-11-29T10:00:00Z")
        XCTAssertEqual(item.categories, [Category(term: "immigration-policy")])
        XCTAssertEqual(item.source?.url, "https://example.org/rss.xml")
        XCTAssertEqual(item.source?.title, "Example News")
    }

    func testPlainTextWithoutHTMLIsATextSummary() throws {
        let item = try FeedParser.parse(FeedWriter.atom(feed([match(summaryHTML: nil, text: "a < b & c")]))).items[0]
        XCTAssertEqual(item.summary, "a &lt; b &amp; c")  // the parser's summaries are HTML
    }

    func testTheMatchReasonIsInTheFeedsiftNamespace() {
        let xml = text(FeedWriter.atom(feed([match()])))
        XCTAssertTrue(xml.contains(#"xmlns:fs="https://github.com/feedsift/feedsift/ns/1.0""#), xml)
        XCTAssertTrue(xml.contains("""
                <fs:match topic="immigration-policy" score="0.41">
                  <fs:hit>ICE</fs:hit>
                  <fs:hit>deport</fs:hit>
                </fs:match>
            """), xml)
    }

    func testEntryIdIsAStableTagURIWhateverTheMatchId() {
        XCTAssertEqual(FeedWriter.entryID("7f3a9c2e"), "tag:feedsift,2026:match/7f3a9c2e")
        XCTAssertEqual(FeedWriter.entryID("a b/é"), "tag:feedsift,2026:match/a%20b%2F%C3%A9")
    }

    func testScoresAreWrittenWithFourDecimalsAtMost() {
        XCTAssertEqual(FeedWriter.score(0.41), "0.41")
        XCTAssertEqual(FeedWriter.score(0.123456), "0.1235")
        XCTAssertEqual(FeedWriter.score(1), "1")
        XCTAssertEqual(FeedWriter.score(0.00001), "0")
        XCTAssertNil(FeedWriter.score(.nan))
        XCTAssertNil(FeedWriter.score(nil))
    }
}
