import FeedModel
import FeedParse
import XCTest

/// The namespaces met in real feeds, one behaviour each.
final class NamespaceTests: XCTestCase {
    let dc = #"xmlns:dc="http://purl.org/dc/elements/1.1/""#
    let content = #"xmlns:content="http://purl.org/rss/1.0/modules/content/""#
    let media = #"xmlns:media="http://search.yahoo.com/mrss/""#
    let itunes = #"xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd""#
    let atomNS = #"xmlns:atom="http://www.w3.org/2005/Atom""#

    func testDublinCoreCreatorIsTheAuthor() {
        let f = parse(rss(item: "<dc:creator>Jane Doe</dc:creator>", namespaces: dc))
        XCTAssertEqual(f.items[0].authors, [Person(name: "Jane Doe")])
    }

    func testDublinCoreDateIsUpdated() {
        let f = parse(rss(item: "<dc:date>2019-11-05T14:00:00+01:00</dc:date>", namespaces: dc))
        XCTAssertEqual(f.items[0].updated?.rfc3339, "2019-11-05T13:00:00Z")
        XCTAssertNil(f.items[0].published)
    }

    func testDCTermsIssuedAndModified() {
        let ns = #"xmlns:dcterms="http://purl.org/dc/terms/""#
        let f = parse(rss(item: "<dcterms:issued>2020-01-02</dcterms:issued><dcterms:modified>2020-01-03T00:00:00Z</dcterms:modified>",
                          namespaces: ns))
        XCTAssertEqual(f.items[0].published?.rfc3339, "2020-01-02T00:00:00Z")
        XCTAssertEqual(f.items[0].updated?.rfc3339, "2020-01-03T00:00:00Z")
    }

    func testDublinCoreSubjectIsACategory() {
        let f = parse(rss(item: "<dc:subject>Immigration</dc:subject>", namespaces: dc))
        XCTAssertEqual(f.items[0].categories, [Category(term: "Immigration")])
    }

    func testContentEncodedIsHTMLContent() {
        let f = parse(rss(item: "<description>short</description><content:encoded><![CDATA[<p>Long <b>text</b></p>]]></content:encoded>",
                          namespaces: content))
        XCTAssertEqual(f.items[0].summary, "short")
        XCTAssertEqual(f.items[0].content, [Content(type: "text/html", value: "<p>Long <b>text</b></p>")])
    }

    func testMediaContentBecomesAnEnclosure() {
        let f = parse(rss(item: #"<media:content url="http://e.com/v.mp4" type="video/mp4" fileSize="1234"/>"#, namespaces: media))
        XCTAssertEqual(f.items[0].enclosures, [Enclosure(url: "http://e.com/v.mp4", type: "video/mp4", length: 1234)])
    }

    func testMediaGroupDescriptionIsTheSummaryWhenThereIsNone() {
        let entry = """
            <title>Video</title><media:group><media:title>Video</media:title>
            <media:content url="https://e.com/v" type="application/x-shockwave-flash"/>
            <media:thumbnail url="https://e.com/t.jpg" width="480" height="360"/>
            <media:description>What it shows &amp; why</media:description></media:group>
            """
        let f = parse(atom(entry: entry, attributes: media))
        XCTAssertEqual(f.items[0].summary, "What it shows &amp; why")
        XCTAssertEqual(f.items[0].enclosures.map(\.url), ["https://e.com/v"])
    }

    func testMediaContentDoesNotRepeatTheEnclosure() {
        let item = #"<enclosure url="http://e.com/a.mp3" length="5" type="audio/mpeg"/><media:content url="http://e.com/a.mp3" type="audio/mpeg"/>"#
        XCTAssertEqual(parse(rss(item: item, namespaces: media)).items[0].enclosures.count, 1)
    }

    func testITunesAuthorAndSummaryFillIn() {
        let f = parse(rss(item: "<itunes:author>Host</itunes:author><itunes:summary>Episode notes</itunes:summary>", namespaces: itunes))
        XCTAssertEqual(f.items[0].authors, [Person(name: "Host")])
        XCTAssertEqual(f.items[0].summary, "Episode notes")
    }

    func testITunesImageAndCategoriesOfTheChannel() {
        let channel = #"<itunes:image href="http://e.com/cover.jpg"/><itunes:category text="News"><itunes:category text="Politics"/></itunes:category>"#
        let f = parse(rss(item: "<title>e</title>", channel: channel, namespaces: itunes))
        XCTAssertEqual(f.feed.image?.url, "http://e.com/cover.jpg")
        XCTAssertEqual(f.feed.categories.map(\.term), ["News", "Politics"])
    }

    func testAtomLinkInsideRSS() {
        let channel = #"<atom:link href="http://e.com/feed.xml" rel="self" type="application/rss+xml"/>"#
        let f = parse(rss(item: "<title>e</title>", channel: channel, namespaces: atomNS))
        XCTAssertEqual(f.feed.link, "http://example.com/")
        XCTAssertEqual(f.feed.links.map(\.rel), ["alternate", "self"])
        XCTAssertEqual(f.feed.links[1].href, "http://e.com/feed.xml")
    }

    func testUndeclaredDublinCorePrefixStillReads() {
        let f = parse(rss(item: "<dc:creator>No Namespace</dc:creator>"))
        XCTAssertEqual(f.items[0].authors.first?.name, "No Namespace")
        XCTAssertTrue(f.bozo)
    }

    func testXMLBaseResolvesEntryLinksAndContent() {
        let entry = #"""
            <link href="post/1"/><content type="html" xml:base="/images/">&lt;img src="cat.png"&gt;</content>
            """#
        let f = parse(atom(entry: entry, attributes: #"xml:base="http://e.com/blog/""#))
        XCTAssertEqual(f.items[0].link, "http://e.com/blog/post/1")
        XCTAssertEqual(f.items[0].content.first?.value, #"<img src="http://e.com/images/cat.png" />"#)
    }

    func testXMLLangGivesTheItemLanguage() {
        let f = parse(atom(entry: #"<title>Hallo</title><content type="text" xml:lang="de-AT">Servus</content>"#,
                           attributes: #"xml:lang="de""#))
        XCTAssertEqual(f.feed.language, "de")
        XCTAssertEqual(f.items[0].language, "de")
        XCTAssertEqual(f.items[0].content.first?.language, "de-AT")
    }

    func testRSSLanguageIsTheItemsLanguage() {
        let f = parse(rss(item: "<title>x</title>", channel: "<language>en-us</language>"))
        XCTAssertEqual(f.feed.language, "en-us")
        XCTAssertEqual(f.items[0].language, "en-us")
    }

    func testCreativeCommonsLicenseIsALicenseLink() {
        let f = parse(rss(item: #"<link>http://example.com/</link><cc:license rdf:resource="http://creativecommons.org/licenses/by/1.0"/>"#,
                          namespaces: #"xmlns:cc="http://web.resource.org/cc/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#""#))
        XCTAssertEqual(f.items.first?.links.last, Link(href: "http://creativecommons.org/licenses/by/1.0", rel: "license"))
    }

    func testDublinCoreCreatorWithAnAddress() {
        let f = parse(rss(item: "<dc:creator>Example editor (me@example.com)</dc:creator>",
                          namespaces: #"xmlns:dc="http://purl.org/dc/elements/1.1/""#))
        XCTAssertEqual(f.items.first?.authors, [Person(name: "Example editor", email: "me@example.com")])
    }
}
