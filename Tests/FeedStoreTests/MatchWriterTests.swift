import FeedModel
import FeedStore
import Foundation
import XCTest

/// Match documents: the form of interface.md, safe stable names, atomic and idempotent writes.
final class MatchWriterTests: XCTestCase {
    func document(title: String = "Trump Plans Raids on Sanctuary Cities", id: String = "7f3a9c2e11223344") -> MatchDocument {
        MatchDocument(title: title, link: "https://example.org/story", feed: "https://example.org/rss.xml",
                      published: Timestamp(year: 2019, month: 11, day: 5, hour: 14), topic: "immigration-policy",
                      score: 0.41, id: id, text: "ICE agents will arrest immigrants.")
    }

    func temporaryFolder() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feedsift-matches-\(UUID())").path
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir + "/seeds/immigration-policy/matches"
    }

    func testRenderedFormIsTheInterfaces() {
        XCTAssertEqual(document().rendered, """
            Trump Plans Raids on Sanctuary Cities

            Link: https://example.org/story
            Feed: https://example.org/rss.xml
            Published: 2019-11-05T14:00:00Z
            Topic: immigration-policy
            Score: 0.41
            Id: 7f3a9c2e11223344

            ICE agents will arrest immigrants.

            """)
    }

    func testFileNameIsDateSlugAndShortID() {
        XCTAssertEqual(document().fileName, "2019-11-05_trump-plans-raids-on-sanctuary-cities_7f3a9c2e.txt")
    }

    func testNoTitleCanLeadOutOfTheFolder() {
        let name = document(title: "../../etc/passwd\0/..", id: "../x").fileName
        XCTAssertFalse(name.contains("/"))
        XCTAssertFalse(name.hasPrefix("."))
        XCTAssertEqual(name, "2019-11-05_etc-passwd_x.txt")
    }

    func testLongTitlesAreBounded() {
        XCTAssertLessThanOrEqual(document(title: String(repeating: "immigration ", count: 100)).fileName.utf8.count, 100)
    }

    func testAccentedTitlesKeepTheirLetters() {
        XCTAssertEqual(document(title: "Inmigración: ¿qué cambia?").fileName, "2019-11-05_inmigracion-que-cambia_7f3a9c2e.txt")
    }

    func testWriteIsIdempotentAndLeavesNoTemporaryFile() throws {
        let folder = temporaryFolder()
        let writer = MatchWriter(folder: folder)
        let first = try writer.write(document())
        let second = try writer.write(document())
        XCTAssertTrue(first.written)
        XCTAssertFalse(second.written)
        XCTAssertEqual(first.path, second.path)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [document().fileName])
        XCTAssertEqual(try String(contentsOfFile: first.path, encoding: .utf8), document().rendered)
    }

    func testIDIsStableAndDependsOnFeedAndItem() {
        XCTAssertEqual(MatchDocument.id(feed: "https://a/rss", item: "1", topic: "t"), MatchDocument.id(feed: "https://a/rss", item: "1", topic: "t"))
        XCTAssertNotEqual(MatchDocument.id(feed: "https://a/rss", item: "1", topic: "t"), MatchDocument.id(feed: "https://b/rss", item: "1", topic: "t"))
        XCTAssertNotEqual(MatchDocument.id(feed: "https://a/rss", item: "1", topic: "t"), MatchDocument.id(feed: "https://a/rss", item: "1", topic: "u"))
        XCTAssertEqual(MatchDocument.id(feed: "https://a/rss", item: "1", topic: "t").count, 16)
    }

    func testLeftoversOfADeadWriterGoAndALiveWritersStay() throws {
        var template = Array("/tmp/feedsift-leftovers-XXXXXX".utf8CString)
        let folder = String(cString: mkdtemp(&template))
        defer { _ = system("rm -rf '\(folder)'") }
        // A process that has ended (and been reaped): its pid is free.
        let done = Process()
        done.executableURL = URL(fileURLWithPath: "/bin/true")
        try done.run()
        done.waitUntilExit()
        let dead = folder + "/.a.txt.\(done.processIdentifier).tmp"
        let alive = folder + "/.b.txt.\(getpid()).tmp"
        let match = folder + "/c.txt"
        for path in [dead, alive, match] { XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("x".utf8))) }
        try MatchWriter.removeLeftovers(in: [folder])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dead))
        XCTAssertTrue(FileManager.default.fileExists(atPath: alive), "a running writer's file is not a leftover")
        XCTAssertTrue(FileManager.default.fileExists(atPath: match))
    }
}
