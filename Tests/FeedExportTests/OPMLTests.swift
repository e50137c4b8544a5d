import XCTest
import FeedModel
import FeedParse
@testable import FeedExport

final class OPMLTests: XCTestCase {
    func read(_ name: String) throws -> [OPMLFeed] {
        try OPMLReader.read(fixture("opml/" + name))
    }

    func read(text: String) throws(OPMLError) -> [OPMLFeed] {
        try OPMLReader.read(Array(text.utf8))
    }

    func testFeedlyFoldersBecomeTagsAndAFeedInTwoIsOne() throws {
        XCTAssertEqual(try read("feedly.opml"), [
            OPMLFeed(url: "https://feeds.npr.org/1001/rss.xml", name: "NPR News", tags: ["News"]),
            OPMLFeed(url: "https://www.theguardian.com/us-news/immigration/rss", name: "Immigration | The Guardian", tags: ["News", "Policy"]),
            OPMLFeed(url: "https://www.migrationpolicy.org/rss.xml", name: "Migration Policy Institute", tags: ["Policy"]),
        ])
    }

    func testInoreaderAmpersandsAreDecodedInNamesAndURLs() throws {
        XCTAssertEqual(try read("inoreader.opml"), [
            OPMLFeed(url: "https://www.cbp.gov/rss/newsroom/media-releases", name: "CBP Newsroom", tags: ["Border & Asylum"]),
            OPMLFeed(url: "https://example.com/reuters/world?format=rss&lang=en", name: "Reuters World", tags: ["Border & Asylum"]),
            OPMLFeed(url: "https://example.org/feed/", name: "Uncategorized feed", tags: []),
        ])
    }

    func testNetNewsWireTopLevelFeedsHaveNoTags() throws {
        XCTAssertEqual(try read("netnewswire.opml"), [
            OPMLFeed(url: "https://daringfireball.net/feeds/main", name: "Daring Fireball"),
            OPMLFeed(url: "https://feedpress.me/sixcolors", name: "Six Colors", tags: ["Tech"]),
            OPMLFeed(url: "https://inessential.com/feed.json", name: "inessential", tags: ["Tech"]),
        ])
    }

    func testThunderbirdNestingGivesATagPerLevel() throws {
        XCTAssertEqual(try read("thunderbird.opml"), [
            OPMLFeed(url: "https://example.com/ap/immigration.rss", name: "AP Immigration", tags: ["Blogs & News Feeds", "Immigration"]),
        ])
    }

    func testNewsboatOutlinesWithTitleOnly() throws {
        XCTAssertEqual(try read("newsboat.opml"), [
            OPMLFeed(url: "https://feeds.npr.org/1001/rss.xml", name: "News : NPR"),
            OPMLFeed(url: "https://lwn.net/headlines/rss", name: "LWN.net"),
        ])
    }

    func testMinifluxCategoriesWithEndTags() throws {
        XCTAssertEqual(try read("miniflux.opml"), [
            OPMLFeed(url: "https://themarkup.org/feeds/rss.xml", name: "The Markup", tags: ["All"]),
            OPMLFeed(url: "https://documentedny.com/feed/", name: "Documented", tags: ["Immigration"]),
        ])
    }

    func testABOMOutranksADeclaredWindows1252() throws {
        XCTAssertEqual(try read("bom-declares-windows1252.opml"), [
            OPMLFeed(url: "https://www.lemonde.fr/international/rss_full.xml", name: "Le Monde – International", tags: ["Actualités"]),
        ])
    }

    func testWindows1252BytesAreDecoded() throws {
        XCTAssertEqual(try read("windows1252.opml"), [
            OPMLFeed(url: "https://www.lemonde.fr/international/rss_full.xml", name: "Le Monde – International", tags: ["Actualités"]),
        ])
    }

    func testABrokenFileIsRefusedWithItsLine() throws {
        // broken.opml line 9 opens an outline and never ends its start tag; line 10 is where
        // libxml2 meets the '<' that cannot be in it.
        XCTAssertThrowsError(try read("broken.opml")) { error in
            let e = error as! OPMLError
            XCTAssertEqual(e.line, 10, e.description)
            XCTAssertEqual(e.column, 5, e.description)  // the '<' of "    </outline>"
            XCTAssertFalse(e.message.isEmpty)
        }
    }

    func testAnUnclosedElementAtTheEndIsRefused() {
        XCTAssertThrowsError(try read(text: "<opml version=\"2.0\">\n<body>\n<outline text=\"a\" xmlUrl=\"https://a/\">\n</body>\n</opml>\n")) { error in
            XCTAssertEqual((error as! OPMLError).line, 4, "\(error)")  // </body> cannot close <outline>
        }
    }

    func testAnUndeclaredEntityIsRefused() {
        XCTAssertThrowsError(try read(text: "<opml>\n<body><outline text=\"&nbsp;\" xmlUrl=\"https://a/\"/></body></opml>")) { error in
            XCTAssertEqual((error as! OPMLError).line, 2, "\(error)")
        }
    }

    func testTheXMLURLAttributeIsReadInAnyCase() throws {
        let feeds = try read(text: """
            <opml version="1.0"><body>
            <outline text="a" xmlurl="https://a.example/rss"/>
            <outline text="b" XMLURL="https://b.example/rss"/>
            <outline text="c" htmlUrl="https://c.example/"/>
            </body></opml>
            """)
        XCTAssertEqual(feeds.map(\.url), ["https://a.example/rss", "https://b.example/rss"])
    }

    func testCategoryPathsGiveTheirLastPart() throws {
        let feeds = try read(text: """
            <opml version="2.0"><body><outline text="Folder">
            <outline text="a" title="A" xmlUrl="https://a.example/rss" category="/Boston/Weather, tech ,/Folder"/>
            </outline></body></opml>
            """)
        XCTAssertEqual(feeds, [OPMLFeed(url: "https://a.example/rss", name: "A", tags: ["Folder", "Weather", "tech"])])
    }

    func testAnotherRootElementIsRefused() {
        XCTAssertThrowsError(try read(text: "<rss version=\"2.0\"><channel/></rss>")) { error in
            XCTAssertEqual((error as! OPMLError).message, "not OPML: the root element is <rss>")
        }
    }

    func testTheErrorNamesLineAndColumn() {
        XCTAssertEqual(OPMLError(line: 12, column: 5, message: "expected '>'").description, "12:5: expected '>'")
        XCTAssertEqual(OPMLError(line: 12, message: "expected '>'").description, "12: expected '>'")
    }

    func testWriteGivesOneFlatOutlinePerFeed() {
        let written = text(OPML.write([OPMLFeed(url: "https://feeds.npr.org/1001/rss.xml", name: "NPR News",
                                                tags: ["news", "us"], every: "30m")], title: "feedsift subscriptions"))
        XCTAssertEqual(written, """
            <?xml version="1.0" encoding="utf-8"?>
            <opml version="2.0" xmlns:feedsift="https://github.com/feedsift/feedsift/ns/1.0">
              <head>
                <title>feedsift subscriptions</title>
              </head>
              <body>
                <outline type="rss" text="NPR News" title="NPR News" xmlUrl="https://feeds.npr.org/1001/rss.xml" category="/news,/us" feedsift:every="30m"/>
              </body>
            </opml>

            """)
    }

    func testWriteThenReadGivesTheSameFeeds() throws {
        let feeds = [
            OPMLFeed(url: "https://feeds.npr.org/1001/rss.xml", name: "NPR News", tags: ["news", "us"], every: "30m"),
            OPMLFeed(url: "https://example.org/rss?a=1&b=2", name: "Tom & \"Jerry\" <3", tags: ["café"]),
            OPMLFeed(url: "https://www.theguardian.com/us-news/immigration/rss"),
        ]
        XCTAssertEqual(try OPMLReader.read(OPML.write(feeds, title: "t")), feeds)
    }
}
