import FeedModel
import FeedParse
import XCTest

/// Entities and escaped markup: what real feeds write, read as their authors meant it.
final class EntityTests: XCTestCase {
    /// Read as HTML reads them, and bozo: XML defines none of them (feedparser's strict parser
    /// stops at the first, "undefined entity", and calls the feed bozo). They left bozo false:
    /// the corpus's dbengines feed, not well-formed by its manifest, read as well-formed.
    func testUndefinedHTMLEntitiesAreDecodedAndBozo() {
        let f = parse(rss(item: "<title>A&nbsp;B &copy; caf&eacute; &hellip;</title>"))
        XCTAssertEqual(f.items[0].title, "A\u{A0}B © café …")
        XCTAssertTrue(f.bozo)
        XCTAssertEqual(f.bozoMessage, "undefined entity &nbsp; (HTML's, which XML does not define: read as HTML reads it)")
        // In escaped HTML (read into a CDATA section on the way) as well.
        let escaped = parse(rss(item: "<description>&lt;p&gt;Caf&eacute; &amp; bar&lt;/p&gt;</description>"))
        XCTAssertEqual(escaped.items[0].summary, "<p>Café &amp; bar</p>")
        XCTAssertTrue(escaped.bozo)
        XCTAssertEqual(escaped.bozoMessage, "undefined entity &eacute; (HTML's, which XML does not define: read as HTML reads it)")
        // The five of XML, character references, and an entity escaped once (HTML for later) are no fault.
        let clean = parse(rss(item: "<title>1 &lt; 2 &gt; 0 &amp; &quot;B&quot; &apos;C&apos; &#233; &#xE9;</title><description>&amp;nbsp;x&lt;b&gt;y&lt;/b&gt;</description>"))
        XCTAssertEqual(clean.items[0].title, "1 < 2 > 0 & \"B\" 'C' é é")
        XCTAssertFalse(clean.bozo, clean.bozoMessage ?? "")
    }

    func testHTML5OnlyEntity() {
        XCTAssertEqual(parse(rss(item: "<title>&rightarrow; &NotEqualTilde;</title>")).items[0].title, "→ \u{2242}\u{338}")
    }

    /// Entities the document declares in its internal subset are expanded (feedparser's
    /// `entity_in_doctype`): in text and attribute values, quotes and markup in them kept as
    /// text; parameter and external entities are not, and a reference to one stays as text.
    func testEntitiesDeclaredInTheDoctypeAreExpanded() {
        let doc = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [
            <!-- <!ENTITY fake "no"> -->
            <!ENTITY id "tag:example.com,2006-05-04:">
            <!ENTITY who 'Ann "A" &amp; co &#233;'>
            <!ENTITY both "&who; at &id;">
            <!ENTITY id "second declaration, ignored">
            <!ENTITY % param "p">
            <!ENTITY ext SYSTEM "http://example.com/x">
            ]>
            <rss version="2.0"><channel><title>&who;</title>
            <item><guid isPermaLink="false">&id;/blog/</guid><title>&both;</title>
            <link>http://e.com/?q=&who;</link><category>&fake;</category><description>&ext;</description></item>
            </channel></rss>
            """
        let f = parse(doc)
        XCTAssertEqual(f.feed.title, "Ann \"A\" & co é")
        XCTAssertEqual(f.items[0].id, "tag:example.com,2006-05-04:/blog/")
        XCTAssertEqual(f.items[0].title, "Ann \"A\" & co é at tag:example.com,2006-05-04:")
        XCTAssertEqual(f.items[0].categories.map(\.term), ["&fake;"])
        XCTAssertEqual(f.items[0].summary, "&amp;ext;")
        XCTAssertTrue(f.bozo, "an undefined entity is still a repair")
        let clean = parse("<!DOCTYPE rss [<!ENTITY id \"x\">]><rss version=\"2.0\"><channel><item><guid>&id;1</guid></item></channel></rss>")
        XCTAssertEqual(clean.items[0].id, "x1")
        XCTAssertFalse(clean.bozo)
    }

    func testUnknownEntityStaysAsTextAndIsBozo() {
        let f = parse(rss(item: "<title>Fish &chips; here</title>"))
        XCTAssertEqual(f.items[0].title, "Fish &chips; here")
        XCTAssertTrue(f.bozo)
    }

    func testBareAmpersandIsKeptAndBozo() {
        let f = parse(rss(item: "<title>Tom & Jerry</title><link>http://e.com/?a=1&b=2</link>"))
        XCTAssertEqual(f.items[0].title, "Tom & Jerry")
        XCTAssertEqual(f.items[0].link, "http://e.com/?a=1&b=2")
        XCTAssertTrue(f.bozo)
    }

    func testTheFiveXMLReferencesAndNearMisses() {
        // `Repair` takes &lt; &gt; &amp; &quot; by a short path; its neighbours go the long way.
        let f = parse(rss(item: "<title>&lt;b&gt; &amp;amp; &quot;q&quot; &quotx; &lt &apos;x&apos; &ampx;</title>"
            + "<link>http://e.com/?a=1&amp;b=2&quot</link>"))
        XCTAssertEqual(f.items[0].title, "& \"q\" \"x; < 'x' &x;")
        XCTAssertEqual(f.items[0].link, "http://e.com/?a=1&b=2&quot")
        XCTAssertTrue(f.bozo)
    }

    func testEntitiesAfterAnErrorAreNotLost() {
        // libxml2 2.9 drops named references after the first error in recover mode; we do not.
        let f = parse(rss(item: "<title>R & D &amp; &quot;more&quot; &#169;</title>"))
        XCTAssertEqual(f.items[0].title, "R & D & \"more\" ©")
    }

    func testDoubleEscapedHTMLInATitleReadsAsText() {
        let f = parse(rss(item: "<title>AT&amp;amp;T &lt;b&gt;wins&lt;/b&gt;</title>"))
        XCTAssertEqual(f.items[0].title, "AT&T wins")
    }

    func testNumericC1ReferencesMeanWindows1252() {
        XCTAssertEqual(parse(rss(item: "<title>&#147;Quoted&#148; &#150; ok</title>")).items[0].title, "\u{201C}Quoted\u{201D} \u{2013} ok")
    }

    func testInvalidCharacterReferenceBecomesReplacementCharacter() {
        let f = parse(rss(item: "<title>a&#0;b&#xD800;c</title>"))
        XCTAssertEqual(f.items[0].title, "a\u{FFFD}b\u{FFFD}c")
        XCTAssertTrue(f.bozo)
    }

    func testEntitiesInsideCDATAAreLeftForTheHTMLReader() {
        let f = parse(rss(item: "<description><![CDATA[Caf&eacute; <b>open</b>]]></description>"))
        XCTAssertEqual(f.items[0].summary, "Café <b>open</b>")
    }

    func testWhiteSpaceInTitlesIsCollapsed() {
        XCTAssertEqual(parse(rss(item: "<title>\n  Two\n\t lines  </title>")).items[0].title, "Two lines")
    }

    func testAtomHTMLTitleIsPlainText() {
        XCTAssertEqual(parse(atom(entry: #"<title type="html">&lt;em&gt;Big&lt;/em&gt; news &amp;amp; more</title>"#)).items[0].title,
                       "Big news & more")
    }

    func testAtomXHTMLTitleIsPlainText() {
        let entry = #"<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">An <b>XHTML</b> title</div></title>"#
        XCTAssertEqual(parse(atom(entry: entry)).items[0].title, "An XHTML title")
    }

    func testAtomTextTitleKeepsAngleBracketsAsText() {
        XCTAssertEqual(parse(atom(entry: #"<title type="text">1 &lt; 2</title>"#)).items[0].title, "1 < 2")
    }

    func testHexReferenceWithCapitalXIsDecoded() {
        let f = parse(rss(item: "<title>&#X41;&#x42;</title>"))
        XCTAssertEqual(f.items.first?.title, "AB")
    }
}
