/// The state's schema in one place, as numbered migrations (`PRAGMA user_version` counts those run).
/// A migration is never edited once shipped: a change is a new migration at the end.
enum Schema {
    static let migrations: [String] = [
        // 1: feeds and their fetch state, items seen, stories, matches, the seed background.
        """
        CREATE TABLE feeds (
            id             INTEGER PRIMARY KEY,
            url            TEXT NOT NULL UNIQUE,    -- as feeds.conf writes it
            effective_url  TEXT,                    -- after a permanent redirect
            etag           TEXT,
            last_modified  TEXT,
            last_poll      INTEGER,                 -- Unix seconds
            last_status    INTEGER,                 -- HTTP status of the last answer
            last_error     TEXT,                    -- NULL when the last poll went well
            failures       INTEGER NOT NULL DEFAULT 0,  -- consecutive
            next_poll      INTEGER,                 -- NULL: as soon as possible
            gone           INTEGER NOT NULL DEFAULT 0,  -- 410: no more polls
            title          TEXT
        );
        -- One story, however many feeds carry it: keyed by its normalised link when it has one.
        CREATE TABLE stories (
            id         INTEGER PRIMARY KEY,
            link_key   TEXT UNIQUE,
            title      TEXT NOT NULL,
            link       TEXT,
            published  INTEGER,
            first_seen INTEGER NOT NULL
        );
        -- An item of a feed, by its id in that feed: how each feed knows what it has already seen.
        CREATE TABLE items (
            feed_id  INTEGER NOT NULL REFERENCES feeds(id),
            guid     TEXT NOT NULL,
            story_id INTEGER NOT NULL REFERENCES stories(id),
            seen     INTEGER NOT NULL,
            PRIMARY KEY (feed_id, guid)
        ) WITHOUT ROWID;
        CREATE INDEX items_story ON items(story_id);
        CREATE TABLE matches (
            id         TEXT PRIMARY KEY,            -- MatchDocument.id
            story_id   INTEGER NOT NULL REFERENCES stories(id),
            topic      TEXT NOT NULL,
            score      REAL,
            hits       TEXT NOT NULL,               -- the hits, one a line
            feed_url   TEXT NOT NULL,               -- the feed it was first seen in
            matched    INTEGER NOT NULL,
            file       TEXT,                        -- the match document, relative to feeds.conf's folder
            summary    TEXT,                        -- sanitized HTML, for the exported feeds
            text       TEXT,                        -- plain text, when there is no HTML
            UNIQUE (story_id, topic)
        );
        CREATE INDEX matches_time ON matches(matched);
        -- The document frequencies the seed similarity learns from: one row, a blob of "term\\tdf" lines.
        CREATE TABLE background (
            id        INTEGER PRIMARY KEY CHECK (id = 1),
            documents INTEGER NOT NULL,
            terms     BLOB NOT NULL
        );
        """,
        // 2: whether a feed was in feeds.conf when the state last took a configuration (a feed that
        // comes back starts its fetch state over, `Store.ensureFeeds`); the folding the
        // background's terms were counted under (`Fold.version`: an older one is folded again).
        """
        ALTER TABLE feeds ADD COLUMN listed INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE background ADD COLUMN fold INTEGER NOT NULL DEFAULT 1;
        """,
        // 3: whether a match's document is written. A poll stores its matches first and writes
        // their documents after the commit; a process killed between the two leaves rows whose
        // documents the next start writes (documents written first were left without a row
        // when the feed had changed by the restart).
        """
        ALTER TABLE matches ADD COLUMN written INTEGER NOT NULL DEFAULT 1;
        CREATE INDEX matches_unwritten ON matches(written) WHERE written = 0;
        """,
        // 4: a topic's matches by topic, newest first, without reading every match: the served
        // feed of a rare topic scanned them all (20 ms at 34,000 matches; a second at a million,
        // on the server's one thread).
        """
        CREATE INDEX matches_topic ON matches(topic);
        """,
        // 5: a match marked irrelevant (`mark --irrelevant`) leaves `tail`, `export` and the
        // served feeds; it stays stored, so that a second opinion (`mark --relevant`) finds it.
        // The time it was marked (0: never; negative: marked relevant again at minus that time),
        // which the served feed's Last-Modified follows either way.
        """
        ALTER TABLE matches ADD COLUMN dismissed INTEGER NOT NULL DEFAULT 0;
        """,
    ]

    /// Brings the database up to date, each migration in its own transaction. The version is read
    /// again inside each write transaction: two processes opening a new state at once (the daemon
    /// and `list`) must not both run the same migration.
    static func migrate(_ db: Database) throws {
        func version() throws -> Int {
            let s = try db.statement("PRAGMA user_version")
            defer { s.reset() }
            return try s.step() ? Int(s.int(0)) : 0
        }
        guard try version() <= migrations.count else {
            throw DatabaseError(code: 0, message: "the state was written by a newer feedsift (schema \(try version()), this one knows \(migrations.count))")
        }
        for (i, sql) in migrations.enumerated() where try version() <= i {
            try db.transaction {
                guard try version() == i else { return }  // another process ran it meanwhile
                try db.execute(sql)
                try db.execute("PRAGMA user_version = \(i + 1)")
            }
        }
    }
}
