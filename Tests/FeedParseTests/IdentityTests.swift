import FeedModel
import FeedParse
import XCTest

/// Item ids are stable: guid or id, else the link, else a hash of title, date and text.
final class IdentityTests: XCTestCase {
    func testGuidIsTheId() {
        XCTAssertEqual(parse(rss(item: "<guid isPermaLink=\"false\">abc-123</guid><link>http://e.com/1</link>")).items[0].id, "abc-123")
    }

    func testPermalinkGuidIsTheLinkWhenThereIsNoLink() {
        let f = parse(rss(item: "<guid>http://e.com/story</guid>"))
        XCTAssertEqual(f.items[0].link, "http://e.com/story")
        XCTAssertEqual(f.items[0].id, "http://e.com/story")
    }

    func testGuidMarkedNotPermalinkIsNotALink() {
        XCTAssertNil(parse(rss(item: "<guid isPermaLink=\"false\">http://e.com/x</guid>")).items[0].link)
    }

    func testLinkIsTheIdWithoutGuid() {
        XCTAssertEqual(parse(rss(item: "<title>t</title><link>http://e.com/2</link>")).items[0].id, "http://e.com/2")
    }

    func testHashIdIsStableAcrossParses() {
        let doc = rss(item: "<title>No id</title><pubDate>Tue, 05 Nov 2019 14:00:00 GMT</pubDate><description>text</description>")
        let a = parse(doc).items[0].id
        let b = parse(doc).items[0].id
        XCTAssertEqual(a, b)
        XCTAssertTrue(a?.hasPrefix("feedsift:") == true)
    }

    func testHashIdDiffersWhenTheTextDiffers() {
        let a = parse(rss(item: "<title>No id</title><description>one</description>")).items[0].id
        let b = parse(rss(item: "<title>No id</title><description>two</description>")).items[0].id
        XCTAssertNotEqual(a, b)
    }

    func testAtomIdIsTheId() {
        XCTAssertEqual(parse(atom(entry: "<id>tag:e.com,2020:1</id><link href=\"http://e.com/1\"/>")).items[0].id, "tag:e.com,2020:1")
    }

    func testJSONFeedNumericIdIsAString() {
        let f = parse(#"{"version":"https://jsonfeed.org/version/1","title":"J","items":[{"id":42,"url":"http://e.com/42"}]}"#)
        XCTAssertEqual(f.items[0].id, "42")
    }
}

/// Present but empty elements give "", not a missing key (interface.md).
final class EmptyElementTests: XCTestCase {
    func testEmptyRSSElementsAreEmptyStrings() {
        let f = parse(rss(item: "<title></title><link></link><description/>"))
        XCTAssertEqual(f.items[0].title, "")
        XCTAssertEqual(f.items[0].link, "")
        XCTAssertEqual(f.items[0].summary, "")
        XCTAssertTrue(f.items[0].id?.hasPrefix("feedsift:") == true)
    }

    func testEmptyAtomSummaryIsAnEmptyString() {
        let f = parse(atom(entry: "<id>x</id><title/><summary></summary>"))
        XCTAssertEqual(f.items[0].title, "")
        XCTAssertEqual(f.items[0].summary, "")
    }
}
