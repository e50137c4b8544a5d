import Foundation
import FeedModel
@_spi(Checks) @testable import FeedParse
import XCTest

/// The plain text the sanitizer makes on request (`FeedParser.parse(makesText:)`, for the
/// classifier) must be `PlainText.fromHTML` of the HTML it writes, exactly, and asking for it must
/// change nothing else.
final class SanitizedTextTests: XCTestCase {
    /// Checks one HTML text: the text of the sanitizer's pass against the text read again from its
    /// output, before and after trimming.
    func check(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        let plain = Sanitizer.clean(html, base: "http://example.com/a/")
        let both = Sanitizer.clean(html, base: "http://example.com/a/", text: true)
        XCTAssertNil(plain.text, file: file, line: line)
        XCTAssertEqual(both.html, plain.html, html.debugDescription, file: file, line: line)
        XCTAssertEqual(both.text, PlainText.fromHTML(both.html), html.debugDescription, file: file, line: line)
        let trimmed = both.trimmed()
        XCTAssertEqual(trimmed.html, both.html.trimmingWhitespace, file: file, line: line)
        XCTAssertEqual(trimmed.text, PlainText.fromHTML(trimmed.html), html.debugDescription, file: file, line: line)
    }

    func testFixedTexts() {
        let texts = [
            "", " ", "plain text", "  two  spaces\tand\nlines  ", "a < b > c", "AT&T &amp; &copy; &#10;x&#32;&#32;y",
            "<p>one</p><p>two</p>", "<b>bold</b>er", "a<br>b", "a<br/>b", "a<hr />b", "<blockquote>q</blockquote>x",
            "<figcaption>c</figcaption>d", "<li>x<li>y", "<div><span>in</span>line</div>after", "<p>open <b>never closed",
            "x<script>alert(1)</script>y", "x<style>p{}</style>y", "x<svg><text>t</text></svg>y", "x<iframe>kept</iframe>y",
            "<form>f</form>g", "<main>m</main>n", "<dialog>d</dialog>e", "x<!-- comment -->y", "x<![CDATA[c d]]>y",
            "\u{A0}nbsp at start", "nbsp at end\u{A0}", "\u{A0}", " \u{A0} ", "\u{3000}ideographic\u{3000}", "\u{0B}vt\u{0B}",
            "<p>\u{A0}</p>", "<p> \u{A0}x</p>", "&nbsp;<p>x</p>", "<p>x</p>&nbsp;", "&#160;", "  <b> </b>  ", "<br><br>",
            "<a href=\"javascript:x\">link</a>text", "<img src=x alt=\"a>b\">after", "<p title='x>y'>t</p>", "<p>a</p >b",
            "</p>stray end", "<unknown>u</unknown>v", "<td>1</td><td>2</td>", "a&#9;b&Tab;c&NewLine;d", "&lt;p&gt;escaped&lt;/p&gt;",
            "é<b>é</b>é", "<p>Ünïcødé\u{2014}dash</p>", "\r\n<p>\r\nx\r\n</p>\r\n", "x\u{0C}y", "<pre>  keep?  </pre>z",
        ]
        for t in texts { check(t) }
    }

    /// Random HTML made of tags that break words and tags that do not, dropped elements, text,
    /// references, white space of every kind and characters that are not ASCII.
    func testRandomHTML() {
        let pieces = [
            "<p>", "</p>", "<b>", "</b>", "<br>", "<br/>", "<div class=\"x\">", "</div>", "<span>", "</span>", "<li>", "<blockquote>",
            "</blockquote>", "<script>", "</script>", "<style>", "</style>", "<svg>", "</svg>", "<iframe>", "</iframe>", "<!--", "-->",
            "<![CDATA[", "]]>", "<a href=\"/x?a=1&amp;b=2\">", "</a>", "<img src=\"x.png\">", "<", ">", "&", "&amp;", "&lt;", "&nbsp;",
            "&#10;", "&#32;", "&copy", "&bogus;", " ", "  ", "\n", "\t", "\r", "\u{0C}", "\u{0B}", "\u{A0}", "\u{3000}", "word", "é",
            "日本", "x", "-", "'", "\"",
        ]
        // Seeded (SplitMix64), so that a failure comes back the same.
        var state: UInt64 = 2026_11_30
        func next() -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) >> 1)
        }
        for _ in 0..<4000 {
            var html = ""
            for _ in 0..<(next() % 24) { html += pieces[next() % pieces.count] }
            check(html)
        }
    }

    /// Feeds of every path that sanitizes: RSS description, content:encoded and XHTML body, Atom
    /// summary and content as html, xhtml and base64, Media RSS and iTunes summaries, JSON Feed
    /// content_html; the plain text is made for each, equals the plain text of its HTML, and the
    /// feed is otherwise the same.
    func testEveryPathThatSanitizesMakesTheText() throws {
        let ns = #"xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:xhtml="http://www.w3.org/1999/xhtml" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd""#
        let documents = [
            rss(item: "<description><![CDATA[\u{A0}<p>One <b>two</b></p><p>three</p> ]]></description><content:encoded>&lt;li&gt;a&lt;li&gt;b &amp;amp; c</content:encoded>",
                namespaces: ns),
            rss(item: "<description>plain &amp;amp; simple</description><xhtml:body><xhtml:p>x</xhtml:p><xhtml:p>y</xhtml:p></xhtml:body>", namespaces: ns),
            rss(item: "<media:group><media:description type=\"html\">&lt;p&gt;m&lt;/p&gt;d</media:description></media:group>", namespaces: ns),
            rss(item: "<itunes:summary>&lt;br&gt;i&lt;br&gt;s</itunes:summary>", namespaces: ns),
            atom(entry: "<summary type=\"html\">&lt;p&gt;s&lt;/p&gt;t</summary><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>a</p>b<br/>c</div></content>"),
            atom(entry: "<content type=\"text/html\" mode=\"base64\">\(Array("<p>b64</p>x".utf8).base64)</content><summary type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">\u{A0}<b>n</b></div></summary>"),
            #"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","content_html":"<p>j</p>k&amp;l "}]}"#,
        ]
        for doc in documents {
            let bytes = Array(doc.utf8)
            let feed = try FeedParser.parse(bytes)
            let withText = try FeedParser.parse(bytes, makesText: true)
            XCTAssertEqual(withText.items.count, 1, doc)
            var made = 0
            for item in withText.items {
                // Every summary here is sanitized HTML (none is plain text escaped): each has its text.
                if let summary = item.summary {
                    XCTAssertNotNil(item.summaryText, doc)
                    XCTAssertEqual(item.summaryText, FeedParser.plainText(html: summary), doc)
                    made += 1
                }
                for c in item.content where c.type == "text/html" {
                    XCTAssertNotNil(c.text, doc)
                    XCTAssertEqual(c.text, FeedParser.plainText(html: c.value), doc)
                    made += 1
                }
            }
            XCTAssertGreaterThan(made, 0, doc)
            XCTAssertEqual(withText.withoutMadeText(), feed, doc)
            XCTAssertNil(feed.items.first?.summaryText)
        }
    }
}

private extension Array where Element == UInt8 {
    var base64: String { Data(self).base64EncodedString() }
}
