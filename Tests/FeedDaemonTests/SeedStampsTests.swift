@testable import FeedDaemon
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The daemon's stamps of its topics' seed folders and seeds (`SeedStamps`), on real files.
final class SeedStampsTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        var template = Array("/tmp/feedsift-stamps-XXXXXX".utf8CString)
        folder = String(cString: mkdtemp(&template))
        try FileManager.default.createDirectory(atPath: folder + "/seeds/a", withIntermediateDirectories: true)
        try "Raids\n\nICE raided homes.\n".write(toFile: folder + "/seeds/a/s.txt", atomically: true, encoding: .utf8)
    }

    override func tearDown() { _ = system("rm -rf '\(folder)'") }

    /// A configuration of these topics, each with a rule and its folder `seeds/<name>`.
    func load(_ topics: [String]) throws -> LoadedConfig {
        var text = "[daemon]\nstate = state\nseeds = seeds\n\n[feeds]\n\n"
        for t in topics { text += "[topic \(t)]\nrule = ice\nseeds = seeds/\(t)\n\n" }
        try text.write(toFile: folder + "/feeds.conf", atomically: true, encoding: .utf8)
        let (loaded, problems) = LoadedConfig.load(folder + "/feeds.conf")
        XCTAssertEqual(problems, [])
        return try XCTUnwrap(loaded)
    }

    /// A seed `mark` writes into a folder while a reload that adds a topic runs is seen after it:
    /// the folders the reload shares keep the stamps taken before it read them (a review: they
    /// were stamped again after, and the seed was never taken).
    func testASeedWrittenDuringAReloadIsSeenAfterIt() throws {
        let a = try load(["a"])
        let before = SeedStamps(a)
        XCTAssertFalse(before.changed(a, files: true))
        try "More raids\n\nICE again.\n".write(toFile: folder + "/seeds/a/new.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: folder + "/seeds/b", withIntermediateDirectories: true)
        let ab = try load(["a", "b"])
        XCTAssertTrue(before.keeping(ab).changed(ab, files: false))
    }

    /// A new topic is no change once its folders are stamped as the reload read them; a topic
    /// gone is one.
    func testANewTopicIsNoChangeAfterTheReload() throws {
        try FileManager.default.createDirectory(atPath: folder + "/seeds/b", withIntermediateDirectories: true)
        let a = try load(["a"]), ab = try load(["a", "b"])
        let stamps = SeedStamps(a)
        XCTAssertTrue(stamps.changed(ab, files: false))
        XCTAssertFalse(stamps.keeping(ab).changed(ab, files: true))
        XCTAssertTrue(SeedStamps(ab).changed(a, files: false))
    }

    /// A seed written over in place leaves its folder's stamp as it was: only its own tells.
    func testASeedEditedInPlaceIsSeenByItsOwnStamp() throws {
        let a = try load(["a"])
        let stamps = SeedStamps(a)
        let file = try XCTUnwrap(FileHandle(forWritingAtPath: folder + "/seeds/a/s.txt"))
        file.truncateFile(atOffset: 0)
        file.write(Data("Raids\n\nICE raided homes at dawn.\n".utf8))
        file.closeFile()
        XCTAssertFalse(stamps.changed(a, files: false))
        XCTAssertTrue(stamps.changed(a, files: true))
    }
}
