import Foundation
import FeedModel
import FeedParse
import XCTest

/// Hostile documents: no external entity, no DTD loading, no network, bounded expansion and size.
final class SafetyTests: XCTestCase {
    /// Declared entities are expanded, within bounds: a billion laughs stops at 64 KiB of
    /// expansion (the document's own size when larger), quickly, and says so. Nested nine deep,
    /// it stops at the depth bound instead, as quickly.
    func testBillionLaughsEndsQuicklyWithBoundedExpansion() {
        func laughs(_ levels: Int) -> String {
            var doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
            for k in 1...levels {
                let prev = k == 1 ? "lol" : "lol\(k - 1)"
                doc += "<!ENTITY lol\(k) \"" + String(repeating: "&\(prev);", count: 10) + "\">\n"
            }
            return doc + "]>\n<rss version=\"2.0\"><channel><title>&lol\(levels);</title><item><title>x</title></item></channel></rss>"
        }
        let start = Date()
        let f = parse(laughs(7))
        let deep = parse(laughs(9))
        XCTAssertLessThan(Date().timeIntervalSince(start), 1.0)
        let title = f.feed.title ?? ""
        XCTAssertTrue(title.hasPrefix("lollol"), String(title.prefix(20)))
        XCTAssertLessThanOrEqual(title.utf8.count, 64 << 10)
        XCTAssertGreaterThan(title.utf8.count, 60 << 10)
        XCTAssertEqual(f.bozoMessage, "entity expansion stopped at 65536 bytes")
        XCTAssertLessThanOrEqual(deep.feed.title?.utf8.count ?? 0, 64 << 10)
        XCTAssertTrue(deep.feed.title?.hasPrefix("&lol1;&lol1;") ?? false)
        XCTAssertTrue(deep.bozo)
    }

    /// Entities within entities deeper than eight levels are kept as text, not expanded.
    func testEntitiesNestedTooDeepAreKeptAsText() {
        var doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY e0 \"x\">\n"
        for k in 1...9 { doc += "<!ENTITY e\(k) \"&e\(k - 1);\">\n" }
        doc += "]>\n<rss version=\"2.0\"><channel><title>&e9;</title><item><title>&e7;</title></item></channel></rss>"
        let f = parse(doc)
        XCTAssertEqual(f.feed.title, "&e1;")
        XCTAssertEqual(f.items.first?.title, "x")
        XCTAssertTrue(f.bozo)
    }

    func testExternalEntityIsNeverRead() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("feedsift-secret-\(UUID()).txt")
        try "TOP SECRET".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let doc = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://\(secret.path)">]>
            <rss version="2.0"><channel><title>&xxe;</title><item><title>i &xxe;</title></item></channel></rss>
            """
        let f = parse(doc)
        XCTAssertFalse(f.json.contains("TOP SECRET"))
    }

    func testExternalDTDIsNotLoaded() throws {
        let dtd = FileManager.default.temporaryDirectory.appendingPathComponent("feedsift-\(UUID()).dtd")
        try "<!ENTITY leak \"LEAKED\">".write(to: dtd, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: dtd) }
        let doc = """
            <?xml version="1.0"?><!DOCTYPE rss SYSTEM "file://\(dtd.path)">
            <rss version="2.0"><channel><title>a&leak;b</title></channel></rss>
            """
        XCTAssertFalse(parse(doc).json.contains("LEAKED"))
    }

    func testDeepNestingIsCutNotRecursed() {
        let depth = 100_000
        let doc = "<rss version=\"2.0\"><channel><title>deep</title><item><title>ok</title></item>"
            + String(repeating: "<x>", count: depth) + String(repeating: "</x>", count: depth) + "</channel></rss>"
        let f = parse(doc)
        XCTAssertEqual(f.items.first?.title, "ok")
        XCTAssertTrue(f.bozo)
    }

    func testHugeTextNodeIsCut() {
        let big = String(repeating: "a", count: 9 << 20)
        let f = parse("<rss version=\"2.0\"><channel><title>\(big)</title><item><title>i</title></item></channel></rss>")
        XCTAssertLessThanOrEqual(f.feed.title?.utf8.count ?? 0, 8 << 20)
        XCTAssertEqual(f.items.first?.title, "i")
        XCTAssertTrue(f.bozo)
    }

    func testDocumentOverTheSizeLimitIsRefused() {
        let bytes = [UInt8](repeating: 0x20, count: FeedParser.maxBytes + 1)
        XCTAssertThrowsError(try FeedParser.parse(bytes)) {
            guard case ParseError.tooLarge = $0 else { return XCTFail("expected tooLarge, got \($0)") }
        }
    }

    /// A base of a scheme HTML may not link to resolves nothing: a feed's `javascript:` link, or
    /// an `xml:base` of one, made the relative links of a file's sanitized HTML `javascript:`
    /// links (a review of the feed-link base). They stay relative.
    func testAnUnsafeBaseResolvesNoRelativeLink() {
        let link = parse(#"<feed xmlns="http://www.w3.org/2005/Atom"><link rel="alternate" href="javascript:alert(document.cookie)//"/><entry><title>x</title><link href="e1"/><summary type="html">&lt;a href="s.html"&gt;s&lt;/a&gt;</summary></entry></feed>"#)
        XCTAssertEqual(link.items[0].summary, #"<a href="s.html">s</a>"#)
        XCTAssertEqual(link.items[0].link, "e1")
        let xmlBase = parse(#"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="data:text/html,x/"><entry><title>x</title><summary type="html">&lt;img src="p.png"&gt;</summary></entry></feed>"#)
        XCTAssertEqual(xmlBase.items[0].summary, #"<img src="p.png" />"#)
        let rss = parse(#"<rss version="2.0"><channel><link>vbscript:x//</link><item><description>&lt;a href="/a"&gt;a&lt;/a&gt;</description></item></channel></rss>"#)
        XCTAssertEqual(rss.items[0].summary, #"<a href="/a">a</a>"#)
    }
}
