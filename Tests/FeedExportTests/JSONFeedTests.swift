import Foundation
import XCTest
import FeedModel
import FeedParse
@testable import FeedExport

final class JSONFeedTests: XCTestCase {
    func testItemReadsBackWithoutLoss() throws {
        let parsed = try FeedParser.parse(FeedWriter.json(feed([match()])))
        XCTAssertEqual(parsed.format, .json11)
        XCTAssertEqual(parsed.feed.title, "feedsift: immigration-policy")
        XCTAssertEqual(parsed.feed.links.first { $0.rel == "self" }?.href, "http://127.0.0.1:8377/topics/immigration-policy.atom")
        let item = parsed.items[0]
        XCTAssertEqual(item.id, "tag:feedsift,2026:match/7f3a9c2e00000001")
        XCTAssertEqual(item.title, "ICE raids in Chicago")
        XCTAssertEqual(item.link, "https://example.org/story/1")
        XCTAssertEqual(item.content, [Content(type: "text/html", value: "<p>Agents <b>detained</b> 12 people.</p>")])
        XCTAssertEqual(item.published?.rfc3339, "2026-11-28T08:30:00Z")
        XCTAssertEqual(item.updated?.rfc3339, "2026-11-29T10:00:00Z")
        XCTAssertEqual(item.categories, [Category(term: "immigration-policy")])
    }

    func testPlainTextIsContentText() throws {
        let item = try FeedParser.parse(FeedWriter.json(feed([match(summaryHTML: nil, text: "a < b")]))).items[0]
        XCTAssertEqual(item.content, [Content(type: "text/plain", value: "a < b")])
    }

    func testTheMatchReasonIsTheFeedsiftExtension() throws {
        let object = try JSONSerialization.jsonObject(with: Data(FeedWriter.json(feed([match()])))) as! [String: Any]
        XCTAssertEqual(object["version"] as? String, "https://jsonfeed.org/version/1.1")
        let item = (object["items"] as! [[String: Any]])[0]
        let ext = item["_feedsift"] as! [String: Any]
        XCTAssertEqual(ext["topic"] as? String, "immigration-policy")
        XCTAssertEqual(ext["score"] as? Double, 0.41)
        XCTAssertEqual(ext["hits"] as? [String], ["ICE", "deport"])
        XCTAssertEqual(ext["source"] as? [String: String], ["url": "https://example.org/rss.xml", "title": "Example News"])
    }

    func testAnEmptyFeedHasAnEmptyItemsArray() throws {
        XCTAssertTrue(text(FeedWriter.json(feed([]))).hasSuffix(#""items":[]}"#))
    }
}
