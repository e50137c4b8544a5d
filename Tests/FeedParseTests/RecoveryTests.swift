import FeedModel
@testable import FeedParse
import XCTest

/// Broken XML: every item that can be recovered comes back, with bozo and a message.
final class RecoveryTests: XCTestCase {
    let twoItems = """
        <rss version="2.0"><channel><title>T</title>
        <item><title>One</title></item><item><title>Two</title></item></channel></rss>
        """

    func testBlankLinesBeforeTheXMLDeclaration() {
        let f = parse("\n\n  <?xml version=\"1.0\"?>" + twoItems)
        XCTAssertEqual(f.items.map(\.title), ["One", "Two"])
        XCTAssertTrue(f.bozo)
    }

    func testJunkBeforeTheXMLDeclaration() {
        let f = parse("Warning: something in /var/www/feed.php on line 3\n<?xml version=\"1.0\"?>" + twoItems)
        XCTAssertEqual(f.items.count, 2)
        XCTAssertEqual(f.bozoMessage, "junk before the first tag")
    }

    func testTruncatedDocumentKeepsTheItemsBeforeTheCut() {
        let cut = String(twoItems.prefix(while: { $0 != "w" }))  // stops inside "Two"
        let f = parse(cut)
        XCTAssertEqual(f.items.first?.title, "One")
        XCTAssertTrue(f.bozo)
    }

    func testUnterminatedCDATA() {
        let doc = """
            <rss version="2.0"><channel><title>T</title>
            <item><title>Good</title></item>
            <item><title>Bad</title><description><![CDATA[never closed</description></item></channel></rss>
            """
        let f = parse(doc)
        XCTAssertEqual(f.items.map(\.title), ["Good", "Bad"])
        XCTAssertEqual(f.items.last?.summary, "never closed")
        XCTAssertEqual(f.bozoMessage, "unterminated CDATA section")
    }

    func testUnterminatedCDATAFollowedByAnotherSection() {
        let doc = """
            <rss version="2.0"><channel><title>T</title>
            <item><title>One</title><description><![CDATA[<p>open</p></description></item>
            <item><title>Two</title><description><![CDATA[<b>fine</b>]]></description></item></channel></rss>
            """
        let f = parse(doc)
        XCTAssertEqual(f.items.map(\.summary), ["<p>open</p>", "<b>fine</b>"])
        XCTAssertTrue(f.bozo)
    }

    func testMismatchedTagsStillGiveItems() {
        let doc = "<rss version=\"2.0\"><channel><item><title>A</b></title></item><item><title>B</title></item></channel></rss>"
        let f = parse(doc)
        XCTAssertEqual(f.items.count, 2)
        XCTAssertTrue(f.bozo)
    }

    /// HTML written raw into a feed: an unclosed `<br>` or `<img>` nested the rest of the feed in
    /// it, and a bare `<` stopped the parse; every item is read now, with its text.
    func testHTMLWrittenRawKeepsEveryItem() {
        let doc = """
            <rss version="2.0"><channel><title>t</title>
            <item><guid>1</guid><title>one</title><description>First line<br>second line</description></item>
            <item><guid>2</guid><title>a < b and I <3 it</title></item>
            <item><guid>3</guid><title>three</title><description>ok<img src="http://e.com/x.png"></description></item>
            <item><guid>4</guid><title>four</title><enclosure url="http://e.com/a<b.mp3" type="audio/mpeg" length="1"/></item>
            <item><guid>5</guid><title>five</title><description><![CDATA[x < y <br>]]></description></item>
            </channel></rss>
            """
        let f = parse(doc)
        XCTAssertEqual(f.items.map(\.id), ["1", "2", "3", "4", "5"])
        XCTAssertEqual(f.items[0].summary, "First line<br />second line")
        XCTAssertEqual(f.items[1].title, "a < b and I <3 it")
        XCTAssertEqual(f.items[2].summary, "ok<img src=\"http://e.com/x.png\" />")
        XCTAssertEqual(f.items[3].enclosures.first?.url, "http://e.com/a<b.mp3")
        XCTAssertEqual(f.items[4].summary, "x &lt; y <br />", "a CDATA section is left as written")
        XCTAssertTrue(f.bozo)
        // An Atom entry's html content with a raw <br> keeps the entries after it.
        let atom = parse("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>a</id><content type=\"html\">x<br>y</content></entry><entry><id>b</id></entry></feed>")
        XCTAssertEqual(atom.items.map(\.id), ["a", "b"])
        // XHTML that closes its void elements in full is left as it is.
        XCTAssertNil(MarkupMend.mend(Array("<a><img src='x'></img><b>c</b></a>".utf8)))
    }

    /// An element left open (a `<p>` in a description, an `<item>`) nested the rest of the feed in
    /// it: the elements are balanced as an HTML parser balances them, and every item is read, each
    /// with its own text only.
    func testElementsLeftOpenAreClosedWhereTheirParentEnds() {
        let p = "<rss version=\"2.0\"><channel><item><guid>1</guid><description><p>one<p>two</description></item>"
            + "<item><guid>2</guid><title>ICE two</title></item></b><item><guid>3</guid><title>three</title></item></channel></rss>"
        let f = parse(p)
        XCTAssertEqual(f.items.map(\.id), ["1", "2", "3"])
        // Closed where the description ends, the second <p> inside the first (XML nests what HTML
        // would close): the text is the item's own, and nothing of item 2's.
        XCTAssertEqual(f.items[0].summary, "<p>one<p>two</p></p>")
        XCTAssertEqual(f.items[1].title, "ICE two")
        let open = "<rss version=\"2.0\"><channel><item><guid>1</guid><title>one</title><item><guid>2</guid><title>two</title></item>"
            + "<item><guid>3</guid><title>three</title></item></channel></rss>"
        XCTAssertEqual(parse(open).items.map(\.id), ["1", "2", "3"])
        XCTAssertEqual(parse(open).items.map(\.title), ["one", "two", "three"])
    }

    /// Links that run code or carry a document are left out of every URL field (a reader acts on
    /// them as on a link in HTML), and are no base for relative ones.
    func testLinksWithUnsafeSchemesAreLeftOut() {
        let doc = """
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title><link>javascript:alert(0)</link>
            <image><url>javascript:alert(9)</url><title>i</title><link>http://e.com/</link></image>
            <item><guid>1</guid><link> JavaScript:alert(1)</link><comments>vbscript:x</comments></item>
            <item><guid>2</guid><enclosure url="data:text/html;base64,PHNjcmlwdD4=" type="text/html" length="1"/><source url="javascript:alert(5)">s</source></item>
            <item><guid>3</guid><atom:link href="data:text/html,x" rel="alternate"/></item>
            <item><guid>4</guid><link>/relative/path</link></item>
            <item><guid>5</guid><link>https://e.com/ok</link><comments>mailto:ed@e.com</comments></item>
            <item><guid>6</guid><link>urn:uuid:1225c695</link><enclosure url="rtsp://media.e.com/a.mp3" type="audio/mpeg" length="1"/></item>
            <item><guid>7</guid><link>itpc://e.com/podcast.xml</link></item>
            </channel></rss>
            """
        let f = parse(doc)
        XCTAssertNil(f.feed.link)
        XCTAssertNil(f.feed.image?.url)
        // Every other scheme stays: addresses, not HTML (podcasts' itpc: and rtsp:, urn:uuid:).
        XCTAssertEqual(f.items.map(\.link), [nil, nil, nil, "/relative/path", "https://e.com/ok", "urn:uuid:1225c695", "itpc://e.com/podcast.xml"])
        XCTAssertEqual(f.items[5].enclosures.first?.url, "rtsp://media.e.com/a.mp3")
        XCTAssertEqual(f.items.map(\.comments), [nil, nil, nil, nil, "mailto:ed@e.com", nil, nil])
        XCTAssertEqual(f.items[1].enclosures.count, 0)
        XCTAssertNil(f.items[1].source?.url)
        XCTAssertEqual(f.items[2].links.count, 0)
    }

    /// Markup written into a title reads as HTML does: a break between words stays one, a
    /// script's text goes (its text alone ran `ICE<br/>raids` into `ICEraids`).
    func testMarkupInATitleKeepsItsWordsApart() {
        let f = parse("<rss version=\"2.0\"><channel><item><title>x ICE<br/>raids</title></item><item><title>x <b>I</b>CE<p>raids</p></title></item>"
                      + "<item><title>x<script>alert</script>y</title></item></channel></rss>")
        XCTAssertEqual(f.items.map(\.title), ["x ICE raids", "x ICE raids", "xy"])
        // Other elements keep their text: MathML in a journal's title.
        let math = parse("<rss version=\"2.0\"><channel><item><title>Superconductivity in <mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\">"
                         + "<mml:msub><mml:mi>MgB</mml:mi><mml:mn>2</mml:mn></mml:msub></mml:math> films</title></item></channel></rss>")
        XCTAssertEqual(math.items.first?.title, "Superconductivity in MgB2 films")
        // Its text nodes are decoded once: an escaped tag in them is text.
        let escaped = parse("<rss version=\"2.0\"><channel><item><title><b>x</b> about &lt;script&gt; tags, Smith &amp;amp; Co</title></item></channel></rss>")
        XCTAssertEqual(escaped.items.first?.title, "x about <script> tags, Smith &amp; Co")
        let atom = parse("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>a</id><title type=\"html\">ICE<br/>raids</title></entry></feed>")
        XCTAssertEqual(atom.items.first?.title, "ICE raids")
    }

    func testControlCharactersAreDropped() {
        let f = parse(rss(item: "<title>bell\u{07}ring</title>"))
        XCTAssertEqual(f.items[0].title, "bellring")
        XCTAssertTrue(f.bozo)
    }

    func testWellFormedFeedIsNotBozo() {
        let f = parse("<?xml version=\"1.0\"?>" + twoItems)
        XCTAssertFalse(f.bozo)
        XCTAssertNil(f.bozoMessage)
    }

    func testAtomFeedInsideAnXHTMLPageIsFound() {
        let doc = """
            <html xmlns="http://www.w3.org/1999/xhtml"><body>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Inside</title><entry><title>E</title></entry></feed>
            </body></html>
            """
        let f = parse(doc)
        XCTAssertEqual(f.format, .atom10)
        XCTAssertEqual(f.items.map(\.title), ["E"])
        XCTAssertTrue(f.bozo)
    }
}
