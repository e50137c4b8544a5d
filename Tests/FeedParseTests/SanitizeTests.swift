import FeedModel
import FeedParse
import XCTest

/// HTML in summaries and content is cleaned by an allow-list, whatever the feed holds.
final class SanitizeTests: XCTestCase {
    func summary(_ html: String, url: String? = nil) -> String? {
        parse(rss(item: "<description><![CDATA[\(html)]]></description>"), url: url).items.first?.summary
    }

    func testScriptIsRemovedWithItsContent() {
        XCTAssertEqual(summary("<p>Hi<script>alert(1)</script></p>"), "<p>Hi</p>")
    }

    func testEventHandlersAreRemoved() {
        XCTAssertEqual(summary(#"<img src="http://e.com/a.png" onerror="alert(1)" alt="A">"#), #"<img src="http://e.com/a.png" alt="A" />"#)
    }

    func testJavascriptURLsAreRemoved() {
        XCTAssertEqual(summary(#"<a href="javascript:alert(1)">x</a>"#), "<a>x</a>")
        XCTAssertEqual(summary(#"<a href=" JaVaScRiPt:alert(1)">x</a>"#), "<a>x</a>")
        XCTAssertEqual(summary("<a href=\"java\tscript:alert(1)\">x</a>"), "<a>x</a>")
    }

    func testDataURLsOnlyForRasterImages() {
        XCTAssertEqual(summary(#"<img src="data:image/png;base64,iVBORw0KGgo=">"#), #"<img src="data:image/png;base64,iVBORw0KGgo=" />"#)
        XCTAssertEqual(summary(#"<img src="data:image/svg+xml;base64,PHN2Zz4=">"#), "<img />")
        XCTAssertEqual(summary(#"<a href="data:text/html,<script>alert(1)</script>">x</a>"#), "<a>x</a>")
    }

    func testIframesObjectsAndFormsAreDropped() {
        XCTAssertEqual(summary(#"a<iframe src="http://evil/">fallback</iframe><object data="x"><param name="a"></object><form><input name="q"></form>b"#),
                       "ab")
    }

    func testStyleKeepsOnlyHarmlessProperties() {
        XCTAssertEqual(summary(#"<span style="color: red; display: none; background: url(javascript:alert(1)); font-weight:bold">x</span>"#),
                       #"<span style="color: red; font-weight: bold">x</span>"#)
    }

    func testStyleCannotHideTextWithAZeroFontSize() {
        XCTAssertEqual(summary(#"<span style="font-size: 0">x</span>"#), "<span>x</span>")
    }

    func testStyleElementsAreRemoved() {
        XCTAssertEqual(summary("<style>body{display:none}</style><p>x</p>"), "<p>x</p>")
    }

    func testUnknownElementsKeepTheirText() {
        XCTAssertEqual(summary("<blink>still</blink> <custom-tag>here</custom-tag>"), "still here")
    }

    func testUnclosedElementsAreClosed() {
        XCTAssertEqual(summary("<p><b>bold <i>both"), "<p><b>bold <i>both</i></b></p>")
    }

    func testStrayEndTagsAreDropped() {
        XCTAssertEqual(summary("a</div></p>b"), "ab")
    }

    func testCommentsAreDropped() {
        XCTAssertEqual(summary("a<!-- <script>x</script> -->b"), "ab")
    }

    func testTextIsReEscaped() {
        XCTAssertEqual(summary("1 &lt; 2 &amp;&amp; 3 > 2"), "1 &lt; 2 &amp;&amp; 3 &gt; 2")
    }

    func testRelativeURLsBecomeAbsoluteAgainstTheDocumentURL() {
        XCTAssertEqual(summary(#"<a href="/story/1">s</a> <img src="pic.jpg">"#, url: "https://news.example.org/feeds/rss.xml"),
                       #"<a href="https://news.example.org/story/1">s</a> <img src="https://news.example.org/feeds/pic.jpg" />"#)
    }

    func testRelativeURLsResolveAgainstTheFeedLinkWithoutADocumentURL() {
        XCTAssertEqual(summary(#"<a href="story/2">s</a>"#), #"<a href="http://example.com/story/2">s</a>"#)
    }

    func testAttributeQuotesAreEscaped() {
        XCTAssertEqual(summary(#"<img alt='say "hi"' src="a.png">"#), #"<img alt="say &quot;hi&quot;" src="http://example.com/a.png" />"#)
    }

    func testInlineXHTMLContentIsSanitizedToo() {
        let entry = #"""
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p onclick="x()">Hi <script>bad()</script><a href="javascript:x">l</a></p></div></content>
            """#
        XCTAssertEqual(parse(atom(entry: entry)).items[0].content.first?.value, "<p>Hi <a>l</a></p>")
    }

    func testUnescapedMarkupInsideRSSDescription() {
        let f = parse(rss(item: #"<description><p>Raw <a href="/x" onmouseover="y">markup</a></p></description>"#))
        XCTAssertEqual(f.items[0].summary, #"<p>Raw <a href="http://example.com/x">markup</a></p>"#)
    }
}
