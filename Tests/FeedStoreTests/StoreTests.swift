import CSQLite
@testable import FeedStore
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The SQLite state: schema, feeds, items, stories, matches, background.
final class StoreTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        var template = Array("/tmp/feedsift-store-XXXXXX".utf8CString)
        folder = String(cString: mkdtemp(&template))
    }

    override func tearDown() {
        _ = system("rm -rf '\(folder)'")
    }

    func testOpeningTwiceKeepsTheDataAndRunsNoMigrationAgain() throws {
        do {
            let store = try Store(directory: folder + "/state")
            _ = try store.ensureFeeds(["https://a.example/rss"])
        }
        let again = try Store(directory: folder + "/state")
        XCTAssertEqual(try again.feeds().map(\.url), ["https://a.example/rss"])
    }

    func testManyOpeningANewStateAtOnceAllSucceed() throws {
        // The daemon and `list` starting together on a new state: each runs the migrations.
        let failures = Failures()
        let threads = (0..<8).map { _ in
            Thread { [folder] in
                do { _ = try Store(directory: folder + "/shared") } catch { failures.add("\(error)") }
            }
        }
        for t in threads { t.start() }
        let deadline = Date().addingTimeInterval(20)
        while threads.contains(where: { !$0.isFinished }), Date() < deadline { usleep(10_000) }
        XCTAssertEqual(failures.all, [])
        XCTAssertEqual(try Store(directory: folder + "/shared").feeds().count, 0)
    }

    final class Failures: @unchecked Sendable {
        let lock = NSLock()
        var all: [String] = []
        func add(_ s: String) { lock.lock(); all.append(s); lock.unlock() }
    }

    /// A topic's matches are found by an index, not by reading every match (schema 4).
    func testATopicsMatchesAreReadByAnIndex() throws {
        let store = try Store(directory: folder)
        let plan = try store.db.statement("EXPLAIN QUERY PLAN SELECT m.rowid FROM matches m WHERE 1 AND m.topic = ? ORDER BY m.rowid DESC LIMIT 100").bind("rare")
        var details: [String] = []
        while try plan.step() { details.append(plan.string(3) ?? "") }
        plan.reset()
        XCTAssertTrue(details.contains { $0.contains("USING") && $0.contains("matches_topic") }, "\(details)")
        XCTAssertFalse(details.contains { $0.contains("TEMP B-TREE") }, "no sort: \(details)")
    }

    func testTheDatabaseIsInWALMode() throws {
        let store = try Store(directory: folder)
        withExtendedLifetime(store) {
            XCTAssertEqual(access(folder + "/feedsift.sqlite-wal", F_OK), 0, "a WAL file exists while the store is open")
        }
    }

    func testEnsureFeedsIsIdempotent() throws {
        let store = try Store(directory: folder)
        let first = try store.ensureFeeds(["https://a.example/rss", "https://b.example/atom"])
        let second = try store.ensureFeeds(["https://a.example/rss"])
        XCTAssertEqual(first["https://a.example/rss"]?.id, second["https://a.example/rss"]?.id)
        XCTAssertEqual(try store.feeds().count, 2)
    }

    func testAnUpdateWithoutValidatorsKeepsTheOldOnes() throws {
        let store = try Store(directory: folder)
        let feed = try XCTUnwrap(store.ensureFeeds(["https://a.example/rss"])["https://a.example/rss"])
        var u = PollUpdate(time: 100, status: 200, error: nil, failures: 0, nextPoll: 1000)
        u.validators = ("\"v1\"", "Sat, 01 Jan 2022 00:00:00 GMT")
        try store.update(feed: feed.id, u)
        try store.update(feed: feed.id, PollUpdate(time: 200, status: 304, error: nil, failures: 0, nextPoll: 2000))
        let row = try XCTUnwrap(store.feed(url: "https://a.example/rss"))
        XCTAssertEqual(row.etag, "\"v1\"")
        XCTAssertEqual(row.lastModified, "Sat, 01 Jan 2022 00:00:00 GMT")
        XCTAssertEqual(row.lastStatus, 304)
        XCTAssertEqual(row.nextPoll, 2000)
    }

    func testAStoryCarriedByThreeFeedsIsStoredOnceAndRemembersThemAll() throws {
        let store = try Store(directory: folder)
        let feeds = try store.ensureFeeds(["https://a.example/rss", "https://b.example/rss", "https://c.example/rss"])
        let ids = ["https://a.example/rss", "https://b.example/rss", "https://c.example/rss"].map { feeds[$0]!.id }
        let story = try store.addStory(linkKey: "//news.example/1", title: "T", link: "https://news.example/1", published: nil, time: 1)
        for (i, id) in ids.enumerated() {
            XCTAssertEqual(try store.story(linkKey: "//news.example/1"), story)
            try store.addItem(feed: id, guid: "g\(i)", story: story, time: Int64(i))
        }
        XCTAssertEqual(try store.feedsCarrying(story: story), ["https://a.example/rss", "https://b.example/rss", "https://c.example/rss"])
        XCTAssertTrue(try store.itemSeen(feed: ids[1], guid: "g1"))
        XCTAssertFalse(try store.itemSeen(feed: ids[1], guid: "g0"))
    }

    func testMatchesComeOldestFirstAndAMatchIsStoredOncePerStoryAndTopic() throws {
        let store = try Store(directory: folder)
        for i in 1...5 {
            let story = try store.addStory(linkKey: nil, title: "story \(i)", link: nil, published: nil, time: Int64(i))
            let m = StoredMatch(id: "id\(i)aaaaaa", topic: "t", score: 0.5, hits: ["ICE", "deport"], title: "story \(i)", link: nil,
                                feed: "https://a.example/rss", published: nil, matched: Int64(i), file: "m\(i).txt")
            try store.addMatch(m, story: story)
            try store.addMatch(m, story: story)  // the same again: ignored
        }
        let last3 = try store.matches(limit: 3)
        XCTAssertEqual(last3.map(\.title), ["story 3", "story 4", "story 5"])
        XCTAssertEqual(last3[0].hits, ["ICE", "deport"])
        XCTAssertEqual(try store.matches(after: last3[1].sequence).map(\.title), ["story 5"])
        XCTAssertEqual(try store.matches(since: 4).map(\.title), ["story 4", "story 5"])
        XCTAssertEqual(try store.matches(topic: "other").count, 0)
        XCTAssertEqual(try store.match(id: "id2aaa")?.title, "story 2")
        XCTAssertNil(try store.match(id: "nope"))
    }

    func testAShortAmbiguousIdIsRefused() throws {
        let store = try Store(directory: folder)
        for i in 1...2 {
            let story = try store.addStory(linkKey: nil, title: "s", link: nil, published: nil, time: 1)
            try store.addMatch(StoredMatch(id: "abcdef\(i)", topic: "t", score: nil, hits: [], title: "s", link: nil, feed: "f",
                                           published: nil, matched: 1, file: nil), story: story)
        }
        XCTAssertThrowsError(try store.match(id: "abcdef"))
        XCTAssertEqual(try store.match(id: "abcdef2")?.id, "abcdef2")
    }

    func testTheBackgroundSurvivesARestart() throws {
        do {
            let store = try Store(directory: folder)
            try store.saveBackground(documents: 3, terms: Array("ice\t2\nraid\t1\ninmigración\t1\n".utf8), fold: 7)
        }
        let loaded = try Store(directory: folder).loadBackground()
        XCTAssertEqual(loaded.documents, 3)
        XCTAssertEqual(loaded.fold, 7)
        XCTAssertEqual(String(decoding: loaded.terms, as: UTF8.self), "ice\t2\nraid\t1\ninmigración\t1\n")
    }

    func testARolledBackTransactionLeavesNothing() throws {
        let store = try Store(directory: folder)
        struct Boom: Error {}
        XCTAssertThrowsError(try store.transaction {
            _ = try store.addStory(linkKey: "//x/1", title: "x", link: nil, published: nil, time: 1)
            throw Boom()
        })
        XCTAssertNil(try store.story(linkKey: "//x/1"))
    }

    /// A feed removed from the configuration and added again starts its fetch state over (the
    /// address feeds.conf gives, no validators, failures or 410); one that stayed keeps its state;
    /// the items of both stay.
    func testAFeedAddedAgainStartsItsFetchStateOver() throws {
        let store = try Store(directory: folder)
        let urls = ["https://a.example/rss", "https://b.example/rss"]
        let first = try store.ensureFeeds(urls)
        var moved = PollUpdate(time: 10, status: 301, error: nil, failures: 3, nextPoll: 99)
        moved.gone = true
        moved.effectiveURL = "https://elsewhere.example/rss"
        moved.validators = ("\"v1\"", "Mon, 30 Nov 2026 10:00:00 GMT")
        for url in urls { try store.update(feed: first[url]!.id, moved) }
        let story = try store.addStory(linkKey: nil, title: "s", link: nil, published: nil, time: 1)
        try store.addItem(feed: first[urls[0]]!.id, guid: "g1", story: story, time: 1)

        _ = try store.ensureFeeds([urls[1]])          // a removed
        let again = try store.ensureFeeds(urls)       // and added again
        let a = try XCTUnwrap(again[urls[0]])
        XCTAssertEqual(a.id, first[urls[0]]!.id)
        XCTAssertNil(a.effectiveURL)
        XCTAssertEqual(a.fetchURL, urls[0])
        XCTAssertNil(a.etag)
        XCTAssertNil(a.lastModified)
        XCTAssertEqual(a.failures, 0)
        XCTAssertNil(a.nextPoll)
        XCTAssertFalse(a.gone)
        XCTAssertEqual(a.lastStatus, 301, "its history stays")
        XCTAssertTrue(try store.itemSeen(feed: a.id, guid: "g1"), "its items stay")
        let b = try XCTUnwrap(again[urls[1]])
        XCTAssertEqual(b.effectiveURL, "https://elsewhere.example/rss")
        XCTAssertEqual(b.etag, "\"v1\"")
        XCTAssertEqual(b.failures, 3)
        XCTAssertTrue(b.gone)
        // Taking the same configuration again changes nothing.
        try store.update(feed: a.id, moved)
        XCTAssertEqual(try store.ensureFeeds(urls)[urls[0]]?.effectiveURL, "https://elsewhere.example/rss")
    }

    /// A state written before the second migration opens, keeps its rows, and reads as folded
    /// under the first folding.
    func testAStateOfTheFirstSchemaIsMigrated() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var raw: OpaquePointer?
        XCTAssertEqual(sqlite3_open(folder + "/feedsift.sqlite", &raw), SQLITE_OK)
        let sql = Schema.migrations[0] + """
            ;PRAGMA user_version = 1;
            INSERT INTO feeds(url, effective_url) VALUES ('https://a.example/rss', 'https://b.example/rss');
            INSERT INTO background(id, documents, terms) VALUES (1, 4, CAST('łódź' || char(9) || '2' || char(10) AS BLOB));
            """
        XCTAssertEqual(sqlite3_exec(raw, sql, nil, nil, nil), SQLITE_OK)
        sqlite3_close(raw)
        let store = try Store(directory: folder)
        XCTAssertEqual(try store.feed(url: "https://a.example/rss")?.effectiveURL, "https://b.example/rss")
        let saved = try store.loadBackground()
        XCTAssertEqual(saved.documents, 4)
        XCTAssertEqual(saved.fold, 1)
        XCTAssertEqual(try store.ensureFeeds(["https://a.example/rss"])["https://a.example/rss"]?.effectiveURL, "https://b.example/rss",
                       "a feed listed before the migration is listed")
    }

    /// Root (an admin's `sudo feedsift fetch` or `mark`) making files in a folder another user
    /// owns (the service's state) gives them that user: the database, a new folder, a match document.
    func testFilesRootMakesInAnotherUsersFolderAreThatUsers() throws {
        try XCTSkipIf(geteuid() != 0, "only root makes files for another user")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        XCTAssertEqual(chown(folder, 65534, 65534), 0)
        _ = try Store(directory: folder + "/state")
        _ = try MatchWriter(folder: folder + "/seeds/t/matches").write(name: "a.txt", text: "A\n\nText\n")
        for path in ["/state", "/state/feedsift.sqlite", "/seeds", "/seeds/t", "/seeds/t/matches", "/seeds/t/matches/a.txt"] {
            var info = stat()
            XCTAssertEqual(stat(folder + path, &info), 0, path)
            XCTAssertEqual(info.st_uid, 65534, path)
            XCTAssertEqual(info.st_gid, 65534, path)
        }
    }
}
