import FeedModel
@testable import FeedParse
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

    func testIframesObjectsAndFormsAreDroppedTheirTextKept() {
        // As feedparser: the tags go, the fallback text stays (params and form controls have none).
        XCTAssertEqual(summary(#"a<iframe src="http://evil/">fallback</iframe><object data="x"><param name="a"></object><form><input name="q"></form>b"#),
                       "afallbackb")
    }

    func testStyleKeepsOnlyHarmlessProperties() {
        XCTAssertEqual(summary(#"<span style="color: red; display: none; background: url(javascript:alert(1)); font-weight:bold">x</span>"#),
                       #"<span style="color: red; font-weight: bold;">x</span>"#)
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

    /// Every relative URL of a file resolves against the feed's link, Atom's as RSS items' (they
    /// stayed relative in Atom, and in RSS's channel image); a document address still comes first.
    func testEveryRelativeURLOfAFileResolvesAgainstTheFeedLink() {
        let atom = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><icon>/i.ico</icon><logo>l.png</logo>
            <link href="http://ab.example/blog/"/>
            <entry><title>E</title><link href="/e1"/><content type="html">&lt;img src="/pic.png"&gt;</content>
            <author><name>N</name><uri>me</uri></author></entry></feed>
            """
        let a = parse(atom)
        XCTAssertEqual(a.feed.icon, "http://ab.example/i.ico")
        XCTAssertEqual(a.feed.logo, "http://ab.example/blog/l.png")
        XCTAssertEqual(a.items[0].link, "http://ab.example/e1")
        XCTAssertEqual(a.items[0].content.first?.value, #"<img src="http://ab.example/pic.png" />"#)
        XCTAssertEqual(a.items[0].authors.first?.uri, "http://ab.example/blog/me")
        let fetched = parse(atom, url: "https://mirror.example/feed.xml")
        XCTAssertEqual(fetched.items[0].link, "https://mirror.example/e1", "the document's address first")
        let rss = parse("""
            <rss version="2.0"><channel><title>R</title><image><url>/logo.png</url><link>/</link></image>
            <link>http://rich.example/news/</link><item><link>/p/2</link></item></channel></rss>
            """)
        XCTAssertEqual(rss.feed.image?.url, "http://rich.example/logo.png")
        XCTAssertEqual(rss.feed.image?.link, "http://rich.example/")
        XCTAssertEqual(rss.items[0].link, "http://rich.example/p/2")
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

    // MARK: - Hostile input (the sanitizer is fuzzed: no crash, no hang, nothing quadratic)

    func clean(_ html: String, base: String? = "http://example.com/a/") -> String {
        Sanitizer.clean(html, base: base).html
    }

    /// Runs `body` and fails when it takes longer than `seconds` (generous: debug build, shared machine).
    func assertFast(_ seconds: Double, _ body: () -> Void, file: StaticString = #filePath, line: UInt = #line) {
        let clock = ContinuousClock()
        let elapsed = clock.measure(body)
        XCTAssertLessThan(elapsed, .milliseconds(Int(seconds * 1000)), "took \(elapsed)", file: file, line: line)
    }

    func testManyUnclosedElementsAreAllClosed() {
        let n = 100_000
        var out = ""
        assertFast(10) { out = clean(String(repeating: "<b>", count: n) + "x") }
        XCTAssertEqual(out.utf8.count, 3 * n + 1 + 4 * n)
        XCTAssertEqual(out, String(repeating: "<b>", count: n) + "x" + String(repeating: "</b>", count: n))
    }

    func testStrayEndTagsDoNotRescanTheOpenElements() {
        // Each `</i>` used to search all the open `<b>`s: n² steps.
        let n = 50_000
        var out = ""
        assertFast(10) { out = clean(String(repeating: "<b>", count: n) + String(repeating: "</i>", count: n) + "</b>y") }
        XCTAssertEqual(out, String(repeating: "<b>", count: n) + "</b>" + "y" + String(repeating: "</b>", count: n - 1))
    }

    func testEndTagClosesEverythingOpenedInsideIt() {
        XCTAssertEqual(clean("<i>a<b>b<u>c</i>d</b>e"), "<i>a<b>b<u>c</u></b></i>de")
        XCTAssertEqual(clean("<div><p>a<div>b</div>c</p>d"), "<div><p>a<div>b</div>c</p>d</div>")
    }

    func testQuotedGreaterThanInManyAttributes() {
        // One start tag whose quoted values hold '>': read in one pass, nothing kept but the tag.
        var out = ""
        assertFast(10) { out = clean(String(repeating: #"<a x=">""#, count: 1 << 17)) }
        XCTAssertEqual(out, "<a></a>")
    }

    func testUnclosedQuoteRunsToTheEnd() {
        XCTAssertEqual(clean(#"a<b title="x>y"#), #"a<b title="x&gt;y"></b>"#)
        XCTAssertEqual(clean("a<img alt='x><script>alert(1)</script>"), #"a<img alt="x&gt;&lt;script&gt;alert(1)&lt;/script&gt;" />"#)
        // The value runs to the end: a relative URL, resolved and escaped.
        let n = 1 << 17
        var out = ""
        assertFast(10) { out = clean(#"<a href=""# + String(repeating: "<b>x", count: n)) }
        XCTAssertEqual(out, #"<a href="http://example.com/a/"# + String(repeating: "&lt;b&gt;x", count: n) + #""></a>"#)
    }

    func testTagNamesAnyCaseAndOddBytes() {
        XCTAssertEqual(clean("<B>x</b><DiV>y</DIV><bLoCkQuOtE>z</BLOCKQUOTE><FigCaption>c</figcaption>"),
                       "<b>x</b><div>y</div><blockquote>z</blockquote><figcaption>c</figcaption>")
        // Names that are no allowed element, though close to one: their tags go, their text stays.
        XCTAssertEqual(clean("<b\u{0}>1</b\u{0}><p;>2</p;><b\u{301}>3</b\u{301}><blockquotes>4<scriptx>5</scriptx><tbodyx>6"), "123456")
        // The Kelvin sign lower-cases to 'k' (String.lowercased()), so this is `<mark>`; a tag name
        // must start with an ASCII letter, though.
        XCTAssertEqual(clean("<MAR\u{212A}>k</mar\u{212A}>"), "<mark>k</mark>")
        XCTAssertEqual(clean("<\u{212A}bd>k"), "&lt;\u{212A}bd&gt;k")
        XCTAssertEqual(clean("<lin\u{212A} href=x>after"), "after")  // `<link>`, dropped
        // Attribute names: case, a leading NUL (not "href"), the Kelvin sign ("kind").
        XCTAssertEqual(clean(#"<a HREF="http://e.com/" \#u{0}title="t" TiTlE="u">x</a>"#), #"<a href="http://e.com/" title="u">x</a>"#)
        XCTAssertEqual(clean(#"<track \#u{212A}IND="captions">"#), #"<track kind="captions" />"#)
    }

    func testUnquotedURLs() {
        XCTAssertEqual(clean("<a href=javascript:x>y</a>"), "<a>y</a>")
        XCTAssertEqual(clean("<a href=JaVaScRiPt:x/>y</a>"), "<a>y</a>")
        XCTAssertEqual(clean("<a href=java&#x09;script:x>y</a>"), "<a>y</a>")
        XCTAssertEqual(clean("<a href=&#106;avascript:x>y</a>"), "<a>y</a>")
        XCTAssertEqual(clean("<a href=http://e.com/x?a=1&amp;b=2>y</a>"), #"<a href="http://e.com/x?a=1&amp;b=2">y</a>"#)
        XCTAssertEqual(clean("<a href=../up/x>y</a>"), #"<a href="http://example.com/up/x">y</a>"#)
        XCTAssertEqual(clean("<a href=x/>y"), #"<a href="http://example.com/a/x/">y</a>"#)  // the '/' is the value's
        XCTAssertEqual(clean("<img src=data:image/png;base64,AA=><a href=data:image/png;base64,AA=>z</a>"),
                       #"<img src="data:image/png;base64,AA=" /><a>z</a>"#)
        XCTAssertEqual(clean("<a href>x</a>"), #"<a href="http://example.com/a/">x</a>"#)  // empty: the base
        XCTAssertEqual(clean("<a href=\u{A0}/x\u{A0}>x</a>"), #"<a href="http://example.com/x">x</a>"#)  // Unicode white space trimmed
    }

    func testOnlyTheFirst64AttributesAreRead() {
        let many = String(repeating: " alt=a", count: 63)
        XCTAssertEqual(clean("<img\(many) title=t>"), #"<img alt="a" title="t" />"#)
        XCTAssertEqual(clean("<img\(many) x=1 title=t>"), #"<img alt="a" />"#)
        var out = ""
        assertFast(10) { out = clean("<a" + String(repeating: " href=/x", count: 1 << 17) + ">y") }
        XCTAssertEqual(out, #"<a href="http://example.com/x">y</a>"#)
    }

    func testReferencesInAttributesAndText() {
        XCTAssertEqual(clean(#"<a href="http://e.com/?a=1&copy=2&amp;b=3&not" title="&lt;&quot;&copy &#0;&#x110000;">&copyright &amp &lt;b&gt;</a>"#),
                       #"<a href="http://e.com/?a=1&amp;copy=2&amp;b=3¬" title="&lt;&quot;© \#u{FFFD}\#u{FFFD}">©right &amp; &lt;b&gt;</a>"#)
    }

    func testStyleDeclarations() {
        XCTAssertEqual(clean(#"<span style="COLOR: Red; Font-Size: 0px; line-height: 1.5 ;;; font-weight:bold;color">x</span>"#),
                       #"<span style="COLOR: Red; line-height: 1.5; font-weight: bold;">x</span>"#)
        XCTAssertEqual(clean(#"<span style="color: rgb(1,2,3); background-color: RGBA(0,0,0,.5); color: url(x); color: a/b">x</span>"#),
                       #"<span style="color: rgb(1,2,3); background-color: RGBA(0,0,0,.5);">x</span>"#)
        XCTAssertEqual(clean(#"<span style="font-family: 'A &quot;B&quot;'; font-size: -1px">x</span>"#),
                       #"<span style="font-family: 'A &quot;B&quot;';">x</span>"#)
        // Non-ASCII styles go through the string functions: U+037E is ';', and a ';' with a combining
        // mark is no ';' (one Character).
        XCTAssertEqual(clean("<span style=\"color:red\u{37E}font-weight:bold;font-style:italic;\u{301}color:blue\">x</span>"),
                       "<span style=\"color: red; font-weight: bold; font-style: italic;\u{301}color:blue;\">x</span>")
        XCTAssertEqual(clean(#"<span style="display:none">x</span>"#), "<span>x</span>")
    }

    func testElementsDroppedWithTheirContentNest() {
        XCTAssertEqual(clean("a<applet><applet>b</applet>c</applet>d<svg><b>e</b></svg>f"), "adf")
        XCTAssertEqual(clean("a<title>x</b><b>y</title>b<noembed><p>z</NOEMBED>c<script>1<p>2</SCRIPT >d"), "abcd")
        XCTAssertEqual(clean("a<script>unterminated <b>b</b>"), "a")
        XCTAssertEqual(clean("a<!--> b --> c<!---->d<!--x"), "a cd")
    }

    /// The switches generated from the lists agree with them.
    func testNameTablesAgreeWithTheLists() {
        func element(_ s: String) -> HTMLElement { PlainText.withBytes(s) { HTMLElement($0) } }
        func attribute(_ s: String) -> HTMLAttribute { PlainText.withBytes(s) { HTMLAttribute($0) } }
        for name in Sanitizer.elements.union(Sanitizer.dropWithContent) {
            let e = element(name), upper = element(name.uppercased())
            XCTAssertEqual(e, upper, name)
            XCTAssertEqual(e.isAllowed, Sanitizer.elements.contains(name), name)
            XCTAssertEqual(e.dropsContent, Sanitizer.dropWithContent.contains(name), name)
            XCTAssertEqual(e.isVoid, Sanitizer.void.contains(name), name)
            XCTAssertEqual(e.isRawText, HTMLTokenizer.rawText.contains(name), name)
            XCTAssertEqual("\(e.name)", name)
            // The word breaks of the sanitizer's plain text are those of `PlainText.fromHTML`.
            let breaks = PlainText.fromHTML("a<\(name)>b") == "a b"
            XCTAssertEqual(e.breaksWords, e.isAllowed && breaks, name)
        }
        XCTAssertEqual(Set((1..<HTMLElement.count).map { "\(HTMLElement(code: UInt8($0)).name)" }), Sanitizer.elements.union(Sanitizer.dropWithContent))
        for name in Sanitizer.attributes {
            let a = attribute(name)
            XCTAssertNotEqual(a.code, 0, name)
            XCTAssertEqual(a, attribute(name.uppercased()), name)
            XCTAssertEqual(a.isURL, Sanitizer.urlAttributes.contains(name), name)
            XCTAssertEqual("\(a.name)", name)
        }
        XCTAssertEqual(Set((1..<HTMLAttribute.count).map { "\(HTMLAttribute(code: UInt8($0)).name)" }), Sanitizer.attributes)
        for other in ["", "x", "bb", "blockquotes", "blockquot", "scrip", "scripts", "\u{0}b", "b\u{0}", "h7", "cellpaddings", "hreff", "on", "onclick", "data-x"] {
            XCTAssertEqual(element(other), .unknown, other)
            XCTAssertEqual(attribute(other), .unknown, other)
        }
        for scheme in Sanitizer.schemes {
            XCTAssertEqual(PlainText.withBytes(scheme + ":x") { Sanitizer.scheme($0) }, .allowed, scheme)
        }
        for scheme in ["data", "DATA", " da\tta"] { XCTAssertEqual(PlainText.withBytes(scheme + ":x") { Sanitizer.scheme($0) }, .data) }
        for scheme in ["javascript", "vbscript", "httpx", "ftpsx", "x", "webcal2"] {
            XCTAssertEqual(PlainText.withBytes(scheme + ":x") { Sanitizer.scheme($0) }, .other, scheme)
        }
        for url in ["", ":x", "1:x", "/a:b", "a b:c", "http"] { XCTAssertEqual(PlainText.withBytes(url) { Sanitizer.scheme($0) }, .none, url) }
        for property in Sanitizer.styleProperties {
            XCTAssertEqual(PlainText.withBytes(property.uppercased()) { Sanitizer.styleProperty($0) }.map { "\($0.0)" }, property)
        }
        XCTAssertNil(PlainText.withBytes("colors") { Sanitizer.styleProperty($0) })
    }

    // feedparser's acceptable lists, where they are safe (docs/design.md).

    func testFeedparsersHarmlessAttributesAreKept() {
        XCTAssertEqual(summary(#"<span id="a" tabindex="1" accept-charset="utf-8" bordercolorlight="red">x</span>"#),
                       #"<span id="a" tabindex="1" accept-charset="utf-8" bordercolorlight="red">x</span>"#)
    }

    func testAttributesThatHideOrHijackAreDropped() {
        XCTAssertEqual(summary(#"<span hidden="" form="login" autofocus="" accesskey="s" ping="http://t.example/">x</span>"#), "<span>x</span>")
    }

    func testNewURLAttributesAreCheckedLikeHref() {
        XCTAssertEqual(summary(#"<td background="javascript:alert(1)">x</td>"#), "<td>x</td>")
        XCTAssertEqual(summary(#"<td background="/bg.png">x</td>"#, url: "http://example.com/feed"), #"<td background="http://example.com/bg.png">x</td>"#)
    }

    func testFeedparsersHarmlessElementsAreKept() {
        XCTAssertEqual(summary("<fieldset><legend>L</legend><meter>1</meter><progress></progress></fieldset>"),
                       "<fieldset><legend>L</legend><meter>1</meter><progress></progress></fieldset>")
    }

    func testFormControlsAndDialogsLoseTheirTags() {
        XCTAssertEqual(summary("<form action=\"http://evil/\"><button>Go</button><textarea>t</textarea></form><dialog open>d</dialog>"), "Gotd")
    }

    func testManyAttributesOnOneTagAreEachKeptOnce() {
        // Codes past 64 use the second word of the seen-attributes set.
        XCTAssertEqual(summary(#"<td width="1" width="2" valign="top" valign="x">x</td>"#), #"<td width="1" valign="top">x</td>"#)
    }

    func testStyleIsWrittenAsFeedparserWritesIt() {
        XCTAssertEqual(summary(#"<span style="COLOR:red;font-weight : bold">x</span>"#), #"<span style="COLOR: red; font-weight: bold;">x</span>"#)
    }

    func testBoxStylesTakeKeywordsAndSmallUnsignedLengthsOnly() {
        XCTAssertEqual(summary(#"<span style="margin: 0 15px 0 0; padding-left: 4px; border-bottom: dashed">x</span>"#),
                       #"<span style="margin: 0 15px 0 0; padding-left: 4px; border-bottom: dashed;">x</span>"#)
        XCTAssertEqual(summary(#"<span style="margin-left: -9999px; background: url(http://t/x.gif); padding: expression(1)">x</span>"#),
                       "<span>x</span>")
    }

    func testDisplayNoneAndZeroSizesAreDropped() {
        XCTAssertEqual(summary(#"<span style="display: none; height: 0; width: 0px">x</span>"#), "<span>x</span>")
        XCTAssertEqual(summary(#"<span style="display: block; height: 100px">x</span>"#), #"<span style="display: block; height: 100px;">x</span>"#)
    }

    func testIframeContentIsMarkupNotRawText() {
        XCTAssertEqual(summary(#"safe<iframe src="http://example.com/"> <b>description</b></iframe>"#), "safe <b>description</b>")
    }
}
