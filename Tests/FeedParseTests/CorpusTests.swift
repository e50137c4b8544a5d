import Foundation
import FeedModel
@_spi(Checks) import FeedParse
import XCTest

/// The whole of `../shared/corpus` (433 real feeds): no crash or hang on any file, and each feed
/// yields the items that the corpus's `items.tsv` counts. Skipped, with a message, where the
/// corpus is absent (a user's clone has no `../shared`); `FEEDSIFT_CORPUS` may point elsewhere.
final class CorpusTests: XCTestCase {
    /// Files where the reference counts are wrong, each looked into by hand.
    static let disagreements: [String: (items: Int?, why: String)] = [
        "nodefp__illegally-nested.xml": (10, "each of the 10 items holds an empty nested <item/>; libxml2 and feedparser count 20, fastfeedparser 10"),
        "nodefp__iconv.xml": (10, "windows-1251 RSS in the UserLand namespace; the SAX reference counted 0 items, feedparser and fastfeedparser 10"),
        "feedjira__DuplicateContentAtomFeed.html": (10, "an XHTML page wrapping an Atom feed of 10 entries: we read the feed, with bozo"),
    ]

    static var corpus: URL? {
        if let path = ProcessInfo.processInfo.environment["FEEDSIFT_CORPUS"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shared = root.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        return FileManager.default.fileExists(atPath: shared.appendingPathComponent("items.tsv").path) ? shared : nil
    }

    func testEveryCorpusFeedYieldsItsItems() throws {
        guard let corpus = Self.corpus else {
            throw XCTSkip("corpus check skipped: ../shared/corpus not found (set FEEDSIFT_CORPUS to run it)")
        }
        let table = try String(contentsOf: corpus.appendingPathComponent("items.tsv"), encoding: .utf8)
        var rows = table.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = rows.removeFirst()
        func column(_ name: String) -> Int { header.firstIndex(of: name)! }
        let (file, format, wellformed) = (column("file"), column("format"), column("wellformed"))
        let (sax, fp, ffp) = (column("sax_items"), column("feedparser_items"), column("fastfeedparser_items"))
        var checked = 0
        var madeTexts = 0
        for row in rows where row.count == header.count {
            let name = row[file]
            let bytes = Array(try Data(contentsOf: corpus.appendingPathComponent("files").appendingPathComponent(name)))
            let notAFeed = row[format].hasPrefix("html") || row[format].hasPrefix("xml-other") || row[format] == "json-other"
                || row[wellformed] == "json-bad"
            let expected: Int?
            if let known = Self.disagreements[name] {
                expected = known.items
            } else if notAFeed {
                expected = nil
            } else if row[format].hasPrefix("json") {
                expected = Int(row[ffp])
            } else {
                expected = Int(row[wellformed] == "yes" ? row[sax] : row[fp])
            }
            do {
                let feed = try FeedParser.parse(bytes)
                XCTAssertEqual(feed.items.count, expected, "\(name): item count")
                // The JSON written for every corpus feed must be JSON a reader accepts.
                XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(feed.json.utf8)), "\(name): JSON output")
                // The plain text made while sanitizing is the plain text of the HTML, and asking
                // for it changes nothing else.
                let withText = try FeedParser.parse(bytes, makesText: true)
                XCTAssertEqual(withText.withoutMadeText(), feed, "\(name): makesText changed the feed")
                for item in withText.items {
                    if let summary = item.summary, let text = item.summaryText {
                        XCTAssertEqual(text, FeedParser.plainText(html: summary), "\(name): summary text")
                        madeTexts += 1
                    }
                    for c in item.content where c.type == "text/html" {
                        XCTAssertEqual(c.text, FeedParser.plainText(html: c.value), "\(name): content text")
                        madeTexts += 1
                    }
                }
            } catch {
                XCTAssertNil(expected, "\(name): \(error)")
            }
            checked += 1
        }
        XCTAssertEqual(checked, 433)
        XCTAssertGreaterThan(madeTexts, 10_000, "plain texts made while sanitizing")
    }
}
