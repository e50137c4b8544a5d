import XCTest
import FeedModel
import FeedParse
@testable import FeedExport

final class RSSTests: XCTestCase {
    func testRFC822DatesAreEnglishGMTWithWeekday() {
        XCTAssertEqual(Timestamp(seconds: 0).rfc822, "Thu, 01 Jan 1970 00:00:00 GMT")
        XCTAssertEqual(Timestamp(year: 2000, month: 2, day: 29, hour: 23, minute: 59, second: 59)!.rfc822,
                       "Tue, 29 Feb 2000 23:59:59 GMT")
        XCTAssertEqual(Timestamp(seconds: -1).rfc822, "Wed, 31 Dec 1969 23:59:59 GMT")
        // Four digits for a year before 1000: `99` would read as 1999. (1 January of year 99 was a Thursday.)
        XCTAssertEqual(Timestamp(year: 99, month: 1, day: 1)!.rfc822, "Thu, 01 Jan 0099 00:00:00 GMT")
        XCTAssertEqual(matchedAt.rfc822, "Sun, 29 Nov 2026 10:00:00 GMT")
    }

    func testChannelHasTheRequiredTitleLinkAndDescription() throws {
        let parsed = try FeedParser.parse(FeedWriter.rss(feed([])))
        XCTAssertEqual(parsed.format, .rss20)
        XCTAssertFalse(parsed.bozo)
        XCTAssertEqual(parsed.feed.title, "feedsift: immigration-policy")
        XCTAssertEqual(parsed.feed.link, "http://127.0.0.1:8377/topics/immigration-policy.atom")
        XCTAssertEqual(parsed.feed.subtitle, "Items that matched the topic immigration-policy, filtered by feedsift")
    }

    /// Every topic's matches: described as such, with no channel category (they read "the
    /// topic all topics", and were filed under a category "all topics"), in each format.
    func testAFeedOfEveryTopicNamesNoTopic() throws {
        var f = feed([match()])
        f.topic = nil
        let rss = try FeedParser.parse(FeedWriter.rss(f))
        XCTAssertEqual(rss.feed.subtitle, "Items that matched any topic, filtered by feedsift")
        XCTAssertEqual(rss.feed.categories, [])
        XCTAssertEqual(try FeedParser.parse(FeedWriter.atom(f)).feed.categories, [])
        let json = try FeedParser.parse(FeedWriter.json(f))
        XCTAssertEqual(json.feed.subtitle, "Items that matched any topic, filtered by feedsift")
        XCTAssertFalse(text(FeedWriter.json(f)).contains("\"topic\":\"all"))
    }

    func testAChannelWithoutAddressLinksToTheProgram() throws {
        var f = feed([])
        f.selfURL = nil
        XCTAssertEqual(try FeedParser.parse(FeedWriter.rss(f)).feed.link, "https://github.com/feedsift/feedsift")
    }

    func testItemReadsBackWithoutLoss() throws {
        let item = try FeedParser.parse(FeedWriter.rss(feed([match()]))).items[0]
        XCTAssertEqual(item.id, "tag:feedsift,2026:match/7f3a9c2e00000001")
        XCTAssertEqual(item.title, "ICE raids in Chicago")
        XCTAssertEqual(item.link, "https://example.org/story/1")
        XCTAssertEqual(item.summary, "<p>Agents <b>detained</b> 12 people.</p>")
        XCTAssertEqual(item.published?.rfc3339, "2026-11-28T08:30:00Z")
        XCTAssertEqual(item.categories, [Category(term: "immigration-policy")])
        XCTAssertEqual(item.source?.url, "https://example.org/rss.xml")
        XCTAssertEqual(item.source?.title, "Example News")
    }

    func testGuidIsNotAPermalinkAndPubDateIsRFC822() {
        let xml = text(FeedWriter.rss(feed([match()])))
        XCTAssertTrue(xml.contains(#"<guid isPermaLink="false">tag:feedsift,2026:match/7f3a9c2e00000001</guid>"#), xml)
        XCTAssertTrue(xml.contains("<pubDate>Sat, 28 Nov 2026 08:30:00 GMT</pubDate>"), xml)
    }

    func testAnItemWithoutPublicationDateIsDatedWhenMatched() throws {
        let item = try FeedParser.parse(FeedWriter.rss(feed([match(published: nil)]))).items[0]
        XCTAssertEqual(item.published?.rfc3339, "2026-11-29T10:00:00Z")
    }

    func testPlainTextIsEscapedIntoTheHTMLDescription() throws {
        let item = try FeedParser.parse(FeedWriter.rss(feed([match(summaryHTML: nil, text: "a < b & c")]))).items[0]
        XCTAssertEqual(item.summary, "a &lt; b &amp; c")
    }

    func testTheMatchReasonIsInTheFeedsiftNamespace() {
        let xml = text(FeedWriter.rss(feed([match()])))
        XCTAssertTrue(xml.contains(#"xmlns:fs="https://github.com/feedsift/feedsift/ns/1.0""#), xml)
        XCTAssertTrue(xml.contains(#"<fs:match topic="immigration-policy" score="0.41">"#), xml)
        XCTAssertTrue(xml.contains("<fs:hit>deport</fs:hit>"), xml)
    }
}
