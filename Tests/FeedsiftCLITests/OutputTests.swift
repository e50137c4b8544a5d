import Foundation
import TestHTTPServer
import XCTest

/// `export` and `opml` as a user runs them, on a state a real `fetch` filled.
final class OutputTests: XCTestCase {
    var server: TestHTTPServer!
    var folder = ""
    var conf: String { folder + "/feeds.conf" }
    /// Fixtures of the export tests, beside this folder.
    let exportFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FeedExportTests/Fixtures")

    override func setUpWithError() throws {
        server = try TestHTTPServer()
        folder = NSTemporaryDirectory() + "feedsift-output-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/seeds/immigration", withIntermediateDirectories: true)
        try "ICE raids\n\nImmigration agents raided homes.\n".write(toFile: folder + "/seeds/immigration/seed.txt", atomically: true, encoding: .utf8)
        let feed = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Desk &amp; Wire</title><link>https://news.example/</link>
            <item><title>ICE raids in Chicago</title><link>https://news.example/1</link><pubDate>Sun, 29 Nov 2026 08:00:00 GMT</pubDate>
            <description>&lt;p onclick="x()"&gt;Agents &lt;b&gt;detained&lt;/b&gt; 20.&lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;</description></item>
            <item><title>Deportation flights resume</title><link>https://news.example/2</link><description>Flights left on Friday.</description></item>
            <item><title>Snow expected</title><link>https://news.example/3</link><description>Cold.</description></item>
            </channel></rss>
            """
        server.route("/wire.xml") { _ in .init(text: feed) }
        try """
            [daemon]
            state = state
            seeds = seeds

            [feeds]
            \(server.baseURL)/wire.xml name=Wire tags=news,us

            [topic immigration]
            rule = ICE OR deport*
            seeds = seeds/immigration

            """.write(toFile: conf, atomically: true, encoding: .utf8)
        let fetch = try runFeedsift(["fetch", "--config", conf])
        XCTAssertEqual(fetch.status, 0, fetch.stderr)
    }

    override func tearDown() {
        server.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// `feedsift parse --json` of a file: our own parser reads back what we wrote.
    func parseBack(_ path: String) throws -> [String: Any] {
        let r = try runFeedsift(["parse", "--json", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    func export(_ arguments: [String]) throws -> String {
        let path = folder + "/out-\(UUID().uuidString.prefix(6))"
        let r = try runFeedsift(["export", "--config", conf, "-o", path] + arguments)
        XCTAssertEqual(r.status, 0, r.stderr)
        return path
    }

    func testEachFormatReadsBackWithTheMatchesNewestFirst() throws {
        for (format, name) in [("atom", "atom10"), ("rss", "rss20"), ("json", "json11")] {
            let parsed = try parseBack(export(["--format", format]))
            XCTAssertEqual(parsed["format"] as? String, name)
            XCTAssertEqual(parsed["bozo"] as? Bool, false, format)
            let items = try XCTUnwrap(parsed["items"] as? [[String: Any]])
            XCTAssertEqual(Set(items.compactMap { $0["title"] as? String }), ["ICE raids in Chicago", "Deportation flights resume"], format)
            let raid = try XCTUnwrap(items.first { $0["title"] as? String == "ICE raids in Chicago" })
            XCTAssertEqual(raid["link"] as? String, "https://news.example/1", format)
            XCTAssertEqual(raid["published"] as? String, "2026-11-29T08:00:00Z", format)
            let categories = (raid["categories"] as? [[String: Any]])?.compactMap { $0["term"] as? String }
            XCTAssertEqual(categories, ["immigration"], format)
            let html = (raid["summary"] as? String) ?? ((raid["content"] as? [[String: Any]])?.first?["value"] as? String) ?? ""
            XCTAssertTrue(html.contains("<b>detained</b>"), "\(format): \(html)")
            XCTAssertFalse(html.contains("script") || html.contains("onclick"), "\(format): \(html)")
        }
    }

    func testTheAtomExportIsValidRFC4287() throws {
        let jing = ["/usr/bin/jing", "/usr/local/bin/jing"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let path = try export([])
        guard let jing else { return XCTFail("jing is not installed: `apt-get install jing` (make test installs it)") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: jing)
        p.arguments = ["-c", exportFixtures.appendingPathComponent("atom.rnc").path, path]
        let report = Pipe()
        p.standardOutput = report
        p.standardError = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: report.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, text)
        let atom = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(atom.contains("Desk &amp; Wire"), "the source feed's title: \(atom)")
        XCTAssertTrue(atom.contains("<fs:hit>ICE</fs:hit>") || atom.contains(":hit>ICE</"), atom)
    }

    func testLimitAndSinceChooseTheEntries() throws {
        let one = try parseBack(export(["--limit", "1"]))
        XCTAssertEqual((one["items"] as? [Any])?.count, 1)
        let none = try parseBack(export(["--since", "2999-01-01"]))
        XCTAssertEqual((none["items"] as? [Any])?.count, 0)
        XCTAssertEqual(try runFeedsift(["export", "--since", "last tuesday", "--config", conf]).status, 64)
        XCTAssertEqual(try runFeedsift(["export", "--topic", "nope", "--config", conf]).status, 64)
    }

    func testOPMLImportAddsFoldersAsTagsOnceAndExportListsEveryFeed() throws {
        let opml = exportFixtures.appendingPathComponent("opml/feedly.opml").path
        let first = try runFeedsift(["opml", "import", opml, "--config", conf])
        XCTAssertEqual(first.status, 0, first.stderr)
        let text = try String(contentsOfFile: conf, encoding: .utf8)
        XCTAssertTrue(text.contains("https://feeds.npr.org/1001/rss.xml"), text)
        XCTAssertEqual(text.components(separatedBy: "https://www.theguardian.com/us-news/immigration/rss").count, 2,
                       "a feed in two folders is added once")
        XCTAssertEqual(try runFeedsift(["check", "--config", conf]).status, 0)
        let again = try runFeedsift(["opml", "import", opml, "--config", conf])
        XCTAssertTrue(again.stdout.contains(": 0 feeds added"), again.stdout)
        XCTAssertEqual(try String(contentsOfFile: conf, encoding: .utf8), text, "importing twice adds nothing twice")

        let exported = try runFeedsift(["opml", "export", "--config", conf])
        XCTAssertEqual(exported.status, 0, exported.stderr)
        XCTAssertTrue(exported.stdout.contains("xmlUrl=\"\(server.baseURL)/wire.xml\""), exported.stdout)
        XCTAssertTrue(exported.stdout.contains("category=\"/news,/us\""), exported.stdout)
        XCTAssertTrue(exported.stdout.contains("xmlUrl=\"https://feeds.npr.org/1001/rss.xml\""), exported.stdout)
    }

    /// A name names one feed: two outlines titled alike are both added, the second without its name.
    func testOPMLImportKeepsFeedsThatShareATitle() throws {
        let opml = FileManager.default.temporaryDirectory.appendingPathComponent("feedsift-twins-\(UUID()).opml").path
        try """
            <?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
            <outline text="News" type="rss" xmlUrl="https://a.example/rss"/>
            <outline text="News" type="rss" xmlUrl="https://b.example/rss"/>
            </body></opml>
            """.write(toFile: opml, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: opml) }
        let r = try runFeedsift(["opml", "import", opml, "--config", conf])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains(": 2 feeds added"), r.stdout)
        let text = try String(contentsOfFile: conf, encoding: .utf8)
        let lines = text.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("https://a.example/rss ") && $0.hasSuffix(" name=News") }, text)
        XCTAssertTrue(lines.contains("https://b.example/rss"), text)
        XCTAssertEqual(try runFeedsift(["remove", "News", "--config", conf]).status, 0)
    }

    /// `opml import FILE` exits 1 saying `message`, and leaves feeds.conf as it was.
    func assertImportRefused(_ opml: String, saying message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try String(contentsOfFile: conf, encoding: .utf8)
        let r = try runFeedsift(["opml", "import", opml, "--config", conf])
        XCTAssertEqual(r.status, 1, file: file, line: line)
        XCTAssertTrue(r.stderr.contains(message), r.stderr, file: file, line: line)
        XCTAssertEqual(try String(contentsOfFile: conf, encoding: .utf8), before, file: file, line: line)
    }

    func testABrokenOPMLFileIsRefusedWithItsPlace() throws {
        try assertImportRefused(exportFixtures.appendingPathComponent("opml/broken.opml").path, saying: "broken.opml:10:")
    }

    /// feeds.conf with CRLF line ends is imported into with CRLF line ends (it printed one error a
    /// feed and exited 0).
    func testOPMLImportIntoAFileWithCRLFLineEndsKeepsThem() throws {
        let crlf = FileManager.default.temporaryDirectory.appendingPathComponent("feedsift-crlf-\(UUID()).conf").path
        try "[feeds]\r\nhttps://x.example/rss\r\n".write(toFile: crlf, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: crlf) }
        let opml = exportFixtures.appendingPathComponent("opml/feedly.opml").path
        let r = try runFeedsift(["opml", "import", opml, "--config", crlf])
        XCTAssertEqual(r.status, 0, r.stderr)
        let text = try String(contentsOfFile: crlf, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("[feeds]\r\nhttps://x.example/rss\r\n"), text)
        XCTAssertTrue(text.contains("https://feeds.npr.org/1001/rss.xml"), text)
        let bytes = Array(text.utf8)
        XCTAssertTrue(bytes.indices.allSatisfy { bytes[$0] != 0x0A || ($0 > 0 && bytes[$0 - 1] == 0x0D) }, "every line ends in CRLF")
    }

    /// What feeds.conf cannot write of an outline is left out, not the feed: a '"' in its title
    /// becomes '\'', another reader's interval goes (with a word on standard error).
    func testOPMLImportKeepsFeedsWhoseTitleOrIntervalFeedsConfCannotWrite() throws {
        let opml = FileManager.default.temporaryDirectory.appendingPathComponent("feedsift-quotes-\(UUID()).opml").path
        try """
            <?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
            <outline text="The &quot;Daily&quot; Show" type="rss" xmlUrl="https://a.example/rss"/>
            <outline text="B" type="rss" xmlUrl="https://b.example/rss" every="5 minutes"/>
            </body></opml>
            """.write(toFile: opml, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: opml) }
        let r = try runFeedsift(["opml", "import", opml, "--config", conf])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains(": 2 feeds added, 0 skipped"), r.stdout)
        XCTAssertTrue(r.stderr.contains("https://b.example/rss: every=\"5 minutes\" is not a duration feedsift reads"), r.stderr)
        let lines = try String(contentsOfFile: conf, encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("https://a.example/rss ") && $0.hasSuffix(" name=\"The 'Daily' Show\"") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("https://b.example/rss ") && $0.hasSuffix(" name=B") }, "\(lines)")
    }

    /// Outlines nested deeper than the reader reads refuse the file: read in part, feeds would be
    /// lost without a word.
    func testOPMLNestedTooDeepIsRefused() throws {
        let opml = FileManager.default.temporaryDirectory.appendingPathComponent("feedsift-deep-\(UUID()).opml").path
        let depth = 300
        try ("<?xml version=\"1.0\"?><opml version=\"2.0\"><head/><body>"
             + String(repeating: "<outline text=\"f\">", count: depth)
             + "<outline type=\"rss\" xmlUrl=\"https://deep.example/rss\"/>"
             + String(repeating: "</outline>", count: depth)
             + "<outline type=\"rss\" xmlUrl=\"https://shallow.example/rss\"/></body></opml>").write(toFile: opml, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: opml) }
        try assertImportRefused(opml, saying: ".opml: elements nested deeper than 256 were skipped; the list is refused rather than read in part")
    }

    /// `-o -` is standard output, as for curl (it wrote a file named '-').
    func testExportToDashWritesStandardOutput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feedsift-dash-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runFeedsift(["export", "-o", "-", "--format", "json", "--config", conf], directory: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("{"), r.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/-"))
    }
}
