import FeedDaemon
import XCTest

/// One story, one key, whichever feed carries it.
final class LinkKeyTests: XCTestCase {
    func testTheSameStoryThroughDifferentDoorsHasOneKey() {
        let forms = [
            "https://www.example.org/news/story-1",
            "http://example.org/news/story-1/",
            "https://EXAMPLE.org:443/news/story-1#comments",
            "https://example.org/news/story-1?utm_source=rss&utm_medium=feed",
            "https://example.org/news/story-1?fbclid=abc",
        ]
        let keys = Set(forms.map { LinkKey.make($0) })
        XCTAssertEqual(keys, ["//example.org/news/story-1"])
    }

    func testMeaningfulParametersAndPathCaseAreKept() {
        XCTAssertEqual(LinkKey.make("https://example.org/item?id=7&utm_campaign=x"), "//example.org/item?id=7")
        XCTAssertNotEqual(LinkKey.make("https://example.org/item?id=7"), LinkKey.make("https://example.org/item?id=8"))
        XCTAssertNotEqual(LinkKey.make("https://example.org/A"), LinkKey.make("https://example.org/a"))
    }

    func testNoKeyWithoutAnHTTPLink() {
        XCTAssertNil(LinkKey.make(nil))
        XCTAssertNil(LinkKey.make(""))
        XCTAssertNil(LinkKey.make("urn:uuid:1234"))
        XCTAssertNil(LinkKey.make("ftp://example.org/x"))
    }
}
