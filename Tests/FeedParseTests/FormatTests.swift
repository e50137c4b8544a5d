import FeedModel
import FeedParse
import XCTest

/// Which format a document is, told apart as feedparser's `version` tells it.
final class FormatTests: XCTestCase {
    func testRSS20() {
        XCTAssertEqual(parse(rss(item: "<title>a</title>")).format, .rss20)
    }

    func testRSS091UserLandWithoutNetscapeDoctype() {
        XCTAssertEqual(parse("<rss version=\"0.91\"><channel><title>x</title></channel></rss>").format, .rss091u)
    }

    func testRSS091NetscapeByItsDoctype() {
        let doc = """
            <?xml version="1.0"?>
            <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>x</title></channel></rss>
            """
        XCTAssertEqual(parse(doc).format, .rss091n)
    }

    func testRSS092To094() {
        XCTAssertEqual(parse("<rss version=\"0.92\"><channel/></rss>").format, .rss092)
        XCTAssertEqual(parse("<rss version=\"0.93\"><channel/></rss>").format, .rss093)
        XCTAssertEqual(parse("<rss version=\"0.94\"><channel/></rss>").format, .rss094)
    }

    func testRSSWithoutVersion() {
        XCTAssertEqual(parse("<rss><channel><item><title>a</title></item></channel></rss>").format, .rss)
    }

    func testRSS10RDFWithItemsBesideTheChannel() {
        let doc = """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
            <channel rdf:about="http://e.com/"><title>R</title><link>http://e.com/</link><description>d</description></channel>
            <item rdf:about="http://e.com/1"><title>One</title><link>http://e.com/1</link></item>
            <item rdf:about="http://e.com/2"><title>Two</title><link>http://e.com/2</link></item>
            </rdf:RDF>
            """
        let f = parse(doc)
        XCTAssertEqual(f.format, .rss10)
        XCTAssertEqual(f.feed.title, "R")
        XCTAssertEqual(f.items.map(\.title), ["One", "Two"])
    }

    func testRSS090() {
        let doc = """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
            <channel><title>Old</title><link>http://e.com/</link></channel>
            <item><title>A</title><link>http://e.com/a</link></item></rdf:RDF>
            """
        let f = parse(doc)
        XCTAssertEqual(f.format, .rss090)
        XCTAssertEqual(f.items.first?.link, "http://e.com/a")
    }

    func testAtom10() {
        XCTAssertEqual(parse(atom(entry: "<title>a</title>")).format, .atom10)
    }

    func testAtom03() {
        let doc = """
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old Atom</title>
            <entry><title>E</title><issued>2003-12-13T08:29:29-04:00</issued><modified>2003-12-13T18:30:02Z</modified></entry></feed>
            """
        let f = parse(doc)
        XCTAssertEqual(f.format, .atom03)
        XCTAssertEqual(f.items.first?.published?.rfc3339, "2003-12-13T12:29:29Z")
        XCTAssertEqual(f.items.first?.updated?.rfc3339, "2003-12-13T18:30:02Z")
    }

    func testAtomWithoutNamespace() {
        XCTAssertEqual(parse("<feed><title>x</title><entry><title>e</title></entry></feed>").format, .atom)
    }

    func testJSONFeed10And11() {
        let v10 = #"{"version":"https://jsonfeed.org/version/1","title":"J","items":[{"id":"1","content_text":"hi"}]}"#
        let v11 = #"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[]}"#
        XCTAssertEqual(parse(v10).format, .json10)
        XCTAssertEqual(parse(v11).format, .json11)
    }

    func testHTMLPageIsNotAFeed() {
        XCTAssertThrowsError(try FeedParser.parse(Array("<!DOCTYPE html><html><body>hi</body></html>".utf8))) {
            XCTAssertEqual("\($0)", "not a feed (found <html>)")
        }
    }

    func testEmptyBodyIsNotAFeed() {
        XCTAssertThrowsError(try FeedParser.parse(Array("  \n".utf8))) {
            XCTAssertEqual("\($0)", "not a feed (found an empty document)")
        }
    }

    func testJSONThatIsNotAFeed() {
        XCTAssertThrowsError(try FeedParser.parse(Array(#"{"hello": "world"}"#.utf8))) {
            XCTAssertEqual("\($0)", "not a feed (found a JSON object that is not a JSON Feed)")
        }
    }

    func testAtom03Base64ContentIsDecoded() {
        let f = parse("""
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry>
            <content type="text/html" mode="base64">PGI+SGk8L2I+</content></entry></feed>
            """)
        XCTAssertEqual(f.items.first?.content.first?.value, "<b>Hi</b>")
    }

    func testAtom10BinaryTypeIsBase64() {
        let f = parse(atom(entry: #"<summary type="application/octet-stream">PGI+SGk8L2I+</summary>"#))
        XCTAssertEqual(f.items.first?.summary, "<b>Hi</b>")
    }

    func testAtom03InlineXMLKeepsItsDiv() {
        let f = parse("""
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry>
            <summary type="application/xhtml+xml" mode="xml"><div xmlns="http://www.w3.org/1999/xhtml">Hi <b>there</b></div></summary>
            </entry></feed>
            """)
        XCTAssertEqual(f.items.first?.summary, "<div>Hi <b>there</b></div>")
    }

    /// The version is the attribute's: the 0.3 namespace alone states none (interface.md: `atom`
    /// is Atom of no stated version; feedparser says `atom` here too). It said `atom03`.
    func testTheAtom03NamespaceWithoutAVersionIsAtom() {
        let f = parse(#"<feed xmlns="http://purl.org/atom/ns#"><title>A</title><entry><title>E</title></entry></feed>"#)
        XCTAssertEqual(f.format, .atom)
        XCTAssertEqual(f.feed.title, "A")
        XCTAssertEqual(f.items.first?.title, "E")
    }

    func testPreAtom03NamespacesAreAtom() {
        let f = parse(#"<feed version="0.3" xmlns="http://purl.org/echo/"><title>Echo</title></feed>"#)
        XCTAssertEqual(f.format, .atom03)
        XCTAssertEqual(f.feed.title, "Echo")
    }

    func testRDFItemAboutIsItsID() {
        let f = parse("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
            <channel rdf:about="http://example.com/"><title>T</title></channel>
            <item rdf:about="http://example.org/1"><title>I</title></item></rdf:RDF>
            """)
        XCTAssertEqual(f.items.first?.id, "http://example.org/1")
    }

    func testAuthorWrittenNameThenAddress() {
        let f = parse(rss(item: "<author>Example editor (me@example.com)</author>"))
        XCTAssertEqual(f.items.first?.authors, [Person(name: "Example editor", email: "me@example.com")])
    }

    /// `Name <address>`, escaped in the feed: the address was taken for an HTML tag and lost.
    func testAuthorWrittenNameThenAddressInAngleBrackets() {
        let f = parse(rss(item: "<author>Jane Doe &lt;jane@example.com&gt;</author>"))
        XCTAssertEqual(f.items.first?.authors, [Person(name: "Jane Doe", email: "jane@example.com")])
        let bare = parse(rss(item: "<author>&lt;mailto:joe@example.com&gt;</author>"))
        XCTAssertEqual(bare.items.first?.authors, [Person(name: nil, email: "joe@example.com")])
    }

    func testXMLLangWithUnderscoreIsALanguageTag() {
        let f = parse(atom(entry: "<title>x</title>", attributes: #"xml:lang="en_US""#))
        XCTAssertEqual(f.feed.language, "en-US")
    }
}
