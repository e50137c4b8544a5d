#if canImport(Glibc)
import Glibc
#endif

/// A feed's row: its fetch state and health.
public struct FeedState: Sendable, Equatable {
    public var id: Int64
    public var url: String
    public var effectiveURL: String?
    public var etag: String?
    public var lastModified: String?
    public var lastPoll: Int64?
    public var lastStatus: Int?
    public var lastError: String?
    public var failures: Int
    public var nextPoll: Int64?
    public var gone: Bool
    public var title: String?
    /// Items seen in this feed, and how many of them matched a topic (filled by `feeds()`).
    public var items = 0
    public var matches = 0

    /// Where to fetch it: the new address after a permanent redirect, else the configured one.
    public var fetchURL: String { effectiveURL ?? url }
}

/// What one poll changes in a feed's fetch state.
public struct PollUpdate: Sendable {
    public var time: Int64
    public var status: Int?
    public var error: String?
    public var failures: Int
    public var nextPoll: Int64?
    public var gone = false
    /// Validators: replaced only when the answer carried a body (nil keeps the old ones).
    public var validators: (etag: String?, lastModified: String?)?
    public var effectiveURL: String?
    public var title: String?

    public init(time: Int64, status: Int?, error: String?, failures: Int, nextPoll: Int64?) {
        self.time = time; self.status = status; self.error = error; self.failures = failures; self.nextPoll = nextPoll
    }
}

/// A stored match, as `tail`, `export` and `mark` read it.
public struct StoredMatch: Sendable, Equatable {
    public var id: String
    public var topic: String
    public var score: Double?
    public var hits: [String]
    public var title: String
    public var link: String?
    public var feed: String
    public var published: Int64?
    public var matched: Int64
    /// The match document, relative to the configuration's folder (or absolute).
    public var file: String?
    /// The row's order: later matches have larger sequence numbers.
    public var sequence: Int64
    /// The item's sanitized HTML and its plain text, for the exported feeds.
    public var summary: String?
    public var text: String?
    /// The title of the feed it came from, when known.
    public var feedTitle: String?

    public init(id: String, topic: String, score: Double?, hits: [String], title: String, link: String?, feed: String,
                published: Int64?, matched: Int64, file: String?, sequence: Int64 = 0,
                summary: String? = nil, text: String? = nil, feedTitle: String? = nil) {
        self.id = id; self.topic = topic; self.score = score; self.hits = hits; self.title = title; self.link = link
        self.feed = feed; self.published = published; self.matched = matched; self.file = file; self.sequence = sequence
        self.summary = summary; self.text = text; self.feedTitle = feedTitle
    }
}

/// The state: `<state>/feedsift.sqlite`, in WAL mode. Every poll's changes go in one transaction,
/// so a process killed at any instant leaves the state of the last whole poll.
public final class Store {
    let db: Database
    public let path: String

    /// The database of the state in `directory`.
    public static func databasePath(in directory: String) -> String { directory + "/feedsift.sqlite" }

    public init(directory: String) throws {
        try makeFolder(directory)
        path = Store.databasePath(in: directory)
        let new = access(path, F_OK) != 0
        db = try Database(path: path)
        if new { inheritOwner(path) }  // SQLite gives -wal and -shm the database's owner itself
        // WAL: readers (`tail -f`) never block the daemon. synchronous=NORMAL is safe against a
        // killed process (only a power cut can lose the last transactions, never corrupt).
        // A new state is still in rollback mode: two processes creating it at once (the daemon
        // and `list`) can be refused a lock without the busy handler being asked (switching to
        // WAL wants the database to itself), so the set-up is tried again for a few seconds.
        var attempt = 0
        while true {
            do {
                try db.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON")
                try Schema.migrate(db)
                break
            } catch let error as DatabaseError where error.isBusy && attempt < 100 {
                attempt += 1
                usleep(50_000)
            }
        }
    }

    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try db.transaction(body)
    }

    // MARK: Feeds

    /// Makes sure every URL of the configuration has a row; returns the rows of these URLs.
    ///
    /// A feed that was not in the configuration the state took last (`remove`, or a line deleted by
    /// hand, then the feed added again) starts its fetch state over: from the address feeds.conf
    /// gives, not the one a permanent redirect gave, with no validators, no failures, not gone.
    /// Adding a feed again is how a user says "try this address again". Its items and matches stay,
    /// so nothing it already delivered is matched twice.
    public func ensureFeeds(_ urls: [String]) throws -> [String: FeedState] {
        let wanted = Set(urls)
        try transaction {
            let listed = try db.statement("SELECT url, listed FROM feeds")
            var known: [String: Bool] = [:]
            while try listed.step() { known[listed.string(0) ?? ""] = listed.int(1) != 0 }
            listed.reset()
            let insert = try db.statement("INSERT OR IGNORE INTO feeds(url) VALUES (?)")
            let back = try db.statement("""
                UPDATE feeds SET listed = 1, effective_url = NULL, etag = NULL, last_modified = NULL,
                       failures = 0, next_poll = NULL, gone = 0 WHERE url = ?
                """)
            for url in urls {
                switch known[url] {
                case nil: try insert.bind(url).run(); insert.reset()
                case false?: try back.bind(url).run(); back.reset()
                case true?: break
                }
            }
            let left = try db.statement("UPDATE feeds SET listed = 0 WHERE url = ?")
            for (url, isListed) in known where isListed && !wanted.contains(url) {
                try left.bind(url).run()
                left.reset()
            }
        }
        var out: [String: FeedState] = [:]
        for f in try feeds(counts: false) where wanted.contains(f.url) { out[f.url] = f }
        return out
    }

    /// Moves a feed's next poll (a shorter `every` after a reload).
    public func reschedule(feed id: Int64, nextPoll: Int64) throws {
        try db.statement("UPDATE feeds SET next_poll = ? WHERE id = ?").bind(nextPoll, id).run()
    }

    /// Notes that a feed left the configuration (`feedsift remove`), before the daemon or `fetch`
    /// next takes it: added again, it starts over.
    public func unlist(url: String) throws {
        try db.statement("UPDATE feeds SET listed = 0 WHERE url = ?").bind(url).run()
    }

    private static let feedColumns = """
        SELECT id, url, effective_url, etag, last_modified, last_poll, last_status, last_error,
               failures, next_poll, gone, title FROM feeds
        """

    private func feedRow(_ s: Statement) -> FeedState {
        FeedState(id: s.int(0), url: s.string(1) ?? "", effectiveURL: s.string(2), etag: s.string(3),
                  lastModified: s.string(4), lastPoll: s.optionalInt(5), lastStatus: s.optionalInt(6).map(Int.init),
                  lastError: s.string(7), failures: Int(s.int(8)), nextPoll: s.optionalInt(9),
                  gone: s.int(10) != 0, title: s.string(11))
    }

    /// One feed's row, without counts.
    public func feed(url: String) throws -> FeedState? {
        let s = try db.statement(Store.feedColumns + " WHERE url = ?").bind(url)
        defer { s.reset() }  // a statement left on its row keeps a read transaction open
        return try s.step() ? feedRow(s) : nil
    }

    /// Every feed row, with its item and match counts when asked.
    public func feeds(counts: Bool = true) throws -> [FeedState] {
        let s = try db.statement(Store.feedColumns + " ORDER BY id")
        var out: [FeedState] = []
        while try s.step() { out.append(feedRow(s)) }
        guard counts else { return out }
        let items = try countsBy("SELECT feed_id, COUNT(*) FROM items GROUP BY feed_id")
        let matches = try countsBy("""
            SELECT i.feed_id, COUNT(DISTINCT m.id) FROM matches m JOIN items i ON i.story_id = m.story_id WHERE m.dismissed <= 0
            GROUP BY i.feed_id
            """)
        for i in out.indices {
            out[i].items = items[out[i].id] ?? 0
            out[i].matches = matches[out[i].id] ?? 0
        }
        return out
    }

    private func countsBy(_ sql: String) throws -> [Int64: Int] {
        let s = try db.statement(sql)
        var out: [Int64: Int] = [:]
        while try s.step() { out[s.int(0)] = Int(s.int(1)) }
        return out
    }

    public func update(feed id: Int64, _ u: PollUpdate) throws {
        try db.statement("""
            UPDATE feeds SET last_poll = ?, last_status = ?, last_error = ?, failures = ?, next_poll = ?, gone = ?,
                   title = COALESCE(?, title), effective_url = COALESCE(?, effective_url) WHERE id = ?
            """).bind(u.time, u.status, u.error, u.failures, u.nextPoll, u.gone, u.title, u.effectiveURL, id).run()
        if let v = u.validators {
            try db.statement("UPDATE feeds SET etag = ?, last_modified = ? WHERE id = ?").bind(v.etag, v.lastModified, id).run()
        }
    }

    // MARK: Items and stories

    public func itemSeen(feed: Int64, guid: String) throws -> Bool {
        let s = try db.statement("SELECT 1 FROM items WHERE feed_id = ? AND guid = ?").bind(feed, guid)
        defer { s.reset() }
        return try s.step()
    }

    /// The title and date of the story this feed's item `guid` is, when the feed has that item.
    public func story(feed: Int64, guid: String) throws -> (title: String, published: Int64?)? {
        let s = try db.statement("SELECT s.title, s.published FROM items i JOIN stories s ON s.id = i.story_id WHERE i.feed_id = ? AND i.guid = ?")
            .bind(feed, guid)
        defer { s.reset() }
        return try s.step() ? (s.string(0) ?? "", s.optionalInt(1)) : nil
    }

    /// The story already stored under this normalised link, if any.
    public func story(linkKey: String) throws -> Int64? {
        let s = try db.statement("SELECT id FROM stories WHERE link_key = ?").bind(linkKey)
        defer { s.reset() }
        return try s.step() ? s.int(0) : nil
    }

    /// The titles of the stories stored without a link key (items without a link, or sharing one
    /// link in their feed): how `classify` knows such an item is in the background already.
    public func titlesWithoutLinkKey() throws -> Set<String> {
        let s = try db.statement("SELECT title FROM stories WHERE link_key IS NULL")
        defer { s.reset() }
        var titles = Set<String>()
        while try s.step() { titles.insert(s.string(0) ?? "") }
        return titles
    }

    /// Whether this feed already carries that story (under another item id).
    public func carries(feed: Int64, story: Int64) throws -> Bool {
        let s = try db.statement("SELECT 1 FROM items WHERE feed_id = ? AND story_id = ? LIMIT 1").bind(feed, story)
        defer { s.reset() }
        return try s.step()
    }

    public func addStory(linkKey: String?, title: String, link: String?, published: Int64?, time: Int64) throws -> Int64 {
        try db.statement("INSERT INTO stories(link_key, title, link, published, first_seen) VALUES (?, ?, ?, ?, ?)")
            .bind(linkKey, title, link, published, time).run()
        return db.lastInsertID
    }

    public func addItem(feed: Int64, guid: String, story: Int64, time: Int64) throws {
        try db.statement("INSERT OR IGNORE INTO items(feed_id, guid, story_id, seen) VALUES (?, ?, ?, ?)")
            .bind(feed, guid, story, time).run()
    }

    /// The feeds that carry a story, in the order they were seen.
    public func feedsCarrying(story: Int64) throws -> [String] {
        let s = try db.statement("""
            SELECT f.url FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.story_id = ? ORDER BY i.seen, f.id
            """).bind(story)
        var out: [String] = []
        while try s.step() { out.append(s.string(0) ?? "") }
        return out
    }

    // MARK: Matches

    /// `written`: its document is written already (false: `markWritten` says when it is).
    public func addMatch(_ m: StoredMatch, story: Int64, written: Bool = true) throws {
        try db.statement("""
            INSERT OR IGNORE INTO matches(id, story_id, topic, score, hits, feed_url, matched, file, summary, text, written)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).bind(m.id, story, m.topic, m.score, m.hits.joined(separator: "\n"), m.feed, m.matched, m.file,
                      m.summary, m.text, written).run()
    }

    /// Notes that these matches' documents are written.
    public func markWritten(_ ids: [String]) throws {
        guard !ids.isEmpty else { return }
        try transaction {
            let s = try db.statement("UPDATE matches SET written = 1 WHERE id = ?")
            for id in ids { try s.bind(id).run(); s.reset() }
        }
    }

    /// Matches in the order they were stored: the `limit` latest ones (oldest first), or those after
    /// `after` (a sequence number), of one topic or all.
    /// `unwritten`: only those whose document is not written yet.
    public func matches(topic: String? = nil, after: Int64? = nil, since: Int64? = nil, limit: Int? = nil,
                        idStart: String? = nil, unwritten: Bool = false) throws -> [StoredMatch] {
        var sql = """
            SELECT m.rowid, m.id, m.topic, m.score, m.hits, s.title, s.link, m.feed_url, s.published, m.matched, m.file,
                   m.summary, m.text, f.title
            FROM matches m JOIN stories s ON s.id = m.story_id LEFT JOIN feeds f ON f.url = m.feed_url WHERE 1
            """
        var values: [(any SQLValue)?] = []
        if let topic { sql += " AND m.topic = ?"; values.append(topic) }
        if let after { sql += " AND m.rowid > ?"; values.append(after) }
        if let since { sql += " AND m.matched >= ?"; values.append(since) }
        // A match marked irrelevant is out of every list; `mark` still finds it by its id.
        if let idStart { sql += " AND substr(m.id, 1, ?) = ?"; values += [idStart.count, idStart] } else { sql += " AND m.dismissed <= 0" }
        if unwritten { sql += " AND m.written = 0" }
        sql += " ORDER BY m.rowid DESC"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        let s = try db.statement(sql)
        for (i, v) in values.enumerated() { try s.bind(at: i + 1, v) }
        var out: [StoredMatch] = []
        while try s.step() {
            out.append(StoredMatch(id: s.string(1) ?? "", topic: s.string(2) ?? "", score: s.optionalDouble(3),
                                   hits: (s.string(4) ?? "").split(separator: "\n").map(String.init),
                                   title: s.string(5) ?? "", link: s.string(6), feed: s.string(7) ?? "",
                                   published: s.optionalInt(8), matched: s.int(9), file: s.string(10), sequence: s.int(0),
                                   summary: s.string(11), text: s.string(12), feedTitle: s.string(13)))
        }
        return out.reversed()
    }

    /// The match whose id is `id` or starts with it (at least 6 characters); nil when none, an
    /// error when the prefix is ambiguous.
    /// Marks a match irrelevant at `time` (out of `tail`, `export` and the served feeds; its
    /// document, which `mark` removes, counts as written) or relevant again (back in them).
    public func setDismissed(id: String, _ dismissed: Bool, at time: Int64) throws {
        let sql = dismissed ? "UPDATE matches SET dismissed = ?, written = 1 WHERE id = ?" : "UPDATE matches SET dismissed = -? WHERE id = ?"
        try db.statement(sql).bind(time, id).run()
    }

    /// Whether the match was marked irrelevant (and not relevant again since).
    public func isDismissed(id: String) throws -> Bool {
        let s = try db.statement("SELECT dismissed > 0 FROM matches WHERE id = ?").bind(id)
        defer { s.reset() }
        return try s.step() && s.int(0) != 0
    }

    /// When a match of the topic (of any, nil) was last marked irrelevant: the served feed changed
    /// then, and its Last-Modified says so (a client asking If-Modified-Since got 304 for a feed
    /// that had lost an entry).
    public func lastDismissal(topic: String?) throws -> Int64? {
        let s = try db.statement(topic == nil ? "SELECT MAX(ABS(dismissed)) FROM matches" : "SELECT MAX(ABS(dismissed)) FROM matches WHERE topic = ?")
        defer { s.reset() }
        if let topic { try s.bind(at: 1, topic) }
        guard try s.step() else { return nil }
        let t = s.int(0)
        return t > 0 ? t : nil
    }

    public func match(id: String) throws -> StoredMatch? {
        let all = try matches(idStart: id).filter { $0.id == id || id.count >= 6 }
        if let exact = all.first(where: { $0.id == id }) { return exact }
        if all.count > 1 { throw DatabaseError(code: 0, message: "\(id) is the start of \(all.count) match ids; give more of it") }
        return all.first
    }

    // MARK: The seed background

    /// The saved background: its document count, its `term\tcount` lines as written, and the
    /// folding they were counted under (`Fold.version`; 1 for a state written before it was kept).
    public func loadBackground() throws -> (documents: Int, terms: [UInt8], fold: Int) {
        let s = try db.statement("SELECT documents, terms, fold FROM background WHERE id = 1")
        defer { s.reset() }
        guard try s.step() else { return (0, [], 0) }
        return (Int(s.int(0)), s.bytes(1), Int(s.int(2)))
    }

    public func saveBackground(documents: Int, terms: [UInt8], fold: Int) throws {
        try db.statement("INSERT OR REPLACE INTO background(id, documents, terms, fold) VALUES (1, ?, ?, ?)")
            .bind(documents, terms, fold).run()
    }

    /// Changes whenever another connection commits: `tail -f` polls it cheaply.
    public func dataVersion() throws -> Int64 {
        let s = try db.statement("PRAGMA data_version")
        defer { s.reset() }
        return try s.step() ? s.int(0) : 0
    }
}
