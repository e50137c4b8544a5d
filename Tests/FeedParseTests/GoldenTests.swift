import Foundation
import FeedModel
import FeedParse
import XCTest

/// Real feeds beside the JSON they must give, checked by hand (Fixtures/golden/REVIEW.md).
final class GoldenTests: XCTestCase {
    func testGoldenFeedsGiveTheirExpectedJSON() throws {
        let folder = fixtures.appendingPathComponent("golden")
        let expectedFiles = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".expected.json") }.sorted()
        XCTAssertGreaterThanOrEqual(expectedFiles.count, 10)
        for expectedName in expectedFiles {
            let feedName = String(expectedName.dropLast(".expected.json".count))
            let feed = try FeedParser.parse(try fixture("golden/" + feedName))
            let actual = try JSONSerialization.jsonObject(with: Data(feed.json.utf8)) as? NSDictionary
            let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(expectedName))) as? NSDictionary
            XCTAssertNotNil(expected, expectedName)
            if actual != expected {
                XCTFail("\(feedName): output differs from \(expectedName):\n\(feed.json)")
            }
        }
    }
}
