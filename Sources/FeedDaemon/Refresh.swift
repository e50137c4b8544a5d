public import FeedConfig
public import FeedFetch
public import FeedClassify
public import FeedModel
public import FeedParse
public import FeedStore
#if canImport(Glibc)
import Glibc
#endif

/// An item's plain text and its words, made on the parse thread.
public struct PreparedItem: Sendable {
    public var text: String
    public var document: Document
}

/// What one poll of one feed came to.
public struct PollReport: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// A body was read: `new` items not seen before in this feed.
        case updated(new: Int)
        /// 304: nothing changed.
        case notModified
        /// 410: the feed is gone; no more polls.
        case gone
        case failed(String)
    }
    public var url: String
    public var outcome: Outcome
    public var status: Int?
    /// The new address, when every redirect followed was permanent.
    public var movedTo: String?
    public var matches: [StoredMatch] = []
    public var seconds: Double
    /// What went wrong with some items, not with the feed: a topic regex that gave up on one.
    public var warnings: [String] = []
}

/// The refresh pipeline, every hop in one place:
///
///     fetch (Fetcher, before this) -> parse -> classify -> store -> write match document
///
/// One feed's poll is one transaction: its new items, their matches and the feed's fetch state
/// commit together. The matches' documents are written (atomically) after the commit, and the
/// store then notes them written (`Store.markWritten`); a process killed in between leaves rows
/// whose documents the next start writes from the store (`writeUnwritten`). The other order
/// (documents first) left documents without a row when the feed had changed by the restart.
public final class Refresh {
    let store: Store
    /// The topics, asked for only when a new item needs a verdict (their background may have to be loaded).
    let sifter: () throws -> Sifter
    let loaded: LoadedConfig
    /// Unix seconds; a parameter so that tests can move time.
    let now: () -> Int64
    /// Called after each new item is decided: a feed of many new items (each up to half a second
    /// a regex that gives up, `RuleRegex`) is progress, and the daemon pings systemd's watchdog here too.
    var progress: () -> Void = {}

    public init(store: Store, sifter: @escaping () throws -> Sifter, loaded: LoadedConfig, now: (() -> Int64)? = nil) {
        self.store = store; self.sifter = sifter; self.loaded = loaded; self.now = now ?? { Int64(time(nil)) }
    }

    /// The parse hop, on its own: the body of a 2xx answer read as a feed; nil for any other answer.
    /// Pure, so the poller runs it on its parse thread.
    public static func parse(_ result: FetchResult) -> Result<ParsedFeed, ParseError>? {
        guard case let .success(response) = result.outcome, (200..<300).contains(response.status) else { return nil }
        do {
            // Relative links resolve against the address without its credentials: resolved
            // against `https://user:secret@host/feed`, every relative link and image of the
            // feed carried the password into the store, the exports and the served feeds.
            let base = FeedParser.documentURL(effectiveURL: PublicURL.withoutCredentials(response.effectiveURL),
                                              contentLocation: response.contentLocation.map(PublicURL.withoutCredentials))
            return .success(try FeedParser.parse(response.body, url: base,
                                                 contentType: response.contentType, makesText: true))
        } catch {
            return .failure(error)
        }
    }

    /// The items' plain text and words, made before it is known which are new (on the parse
    /// thread, which would otherwise wait): `fields` are `Sifter.fields` of the configuration.
    public static func prepare(_ feed: ParsedFeed, fields: [Field]) -> [PreparedItem] {
        feed.items.map { item in
            let texts = ItemText.texts(item)
            return PreparedItem(text: ItemText.text(texts), document: ItemText.document(item, feed: feed, texts: texts, fields: fields))
        }
    }

    /// Handles one finished fetch of `feed` (configured as `entry`); `parsed` is its body parsed
    /// already (`Refresh.parse`), or nil to parse it here; `prepared` its items' text and words.
    public func handle(_ result: FetchResult, parsed parsedEarlier: Result<ParsedFeed, ParseError>? = nil,
                       prepared: [PreparedItem]? = nil, feed: FeedState, entry: Config.FeedEntry) -> PollReport {
        let time = now()
        let schedule = Schedule(every: entry.every ?? loaded.config.daemon.every)
        var report = PollReport(url: feed.url, outcome: .notModified, seconds: result.seconds)
        var update = PollUpdate(time: time, status: nil, error: nil, failures: 0, nextPoll: nil)

        func fail(_ message: String, retryAfter: Int? = nil) -> PollReport {
            update.error = message
            update.failures = feed.failures + 1
            update.nextPoll = schedule.afterFailure(now: time, failures: update.failures, retryAfter: retryAfter)
            report.outcome = .failed(message)
            return save(update, report, feed)
        }

        // fetch
        let response: HTTPResponse
        switch result.outcome {
        case let .failure(error):
            // A body past max-size was still an answer: `list` shows its status beside the error.
            update.status = error.status
            report.status = error.status
            return fail(error.description)
        case let .success(r): response = r
        }
        update.status = response.status
        report.status = response.status
        // Moved only where the permanent redirects lead to a feed that reads (or is unchanged):
        // one to an error page moved the feed there for good, and every later poll failed.
        let movedTo = !response.redirects.isEmpty && response.redirects.allSatisfy({ $0 == 301 || $0 == 308 })
            && response.effectiveURL != feed.fetchURL ? response.effectiveURL : nil
        func move() {
            update.effectiveURL = movedTo
            report.movedTo = movedTo
        }
        switch response.status {
        case 304:
            move()
            update.nextPoll = schedule.afterSuccess(now: time, maxAge: Schedule.maxAge(response.cacheControl), ttlMinutes: nil,
                                                    random: .random(in: 0..<1))
            return save(update, report, feed)
        case 410:
            update.gone = true
            update.error = "410 Gone: the feed was removed; no more polls"
            update.failures = feed.failures + 1
            report.outcome = .gone
            return save(update, report, feed)
        case 429, 503:
            return fail("HTTP \(response.status)", retryAfter: Schedule.retryAfter(response.retryAfter, now: time))
        case 200..<300:
            break
        default:
            return fail("HTTP \(response.status)")
        }

        // parse (on the parse thread, when the poller ran it there)
        let parsed: ParsedFeed
        switch parsedEarlier ?? Refresh.parse(result) {
        case let .success(feed)?: parsed = feed
        case let .failure(error)?: return fail("\(error)")
        case nil: return fail("HTTP \(response.status)")
        }
        move()
        if parsed.bozo, let message = parsed.bozoMessage { update.error = "read with repairs: \(message)" }
        update.validators = (response.etag, response.lastModified)
        update.title = parsed.feed.title
        update.nextPoll = schedule.afterSuccess(now: time, maxAge: Schedule.maxAge(response.cacheControl), ttlMinutes: parsed.feed.ttl,
                                                random: .random(in: 0..<1))

        // classify, store, write match documents: one transaction. The topics (and their
        // background, on first need) are made before it, not while it holds the write lock.
        do {
            if !parsed.items.isEmpty { _ = try sifter() }
            var warnings: [String] = []
            let (new, matches) = try store.transaction { () throws -> (Int, [StoredMatch]) in
                var new = 0
                var matches: [StoredMatch] = []
                // The items to decide, decided together once all are read (`Sifter.sift`).
                var undecided: [(item: Item, guid: String, story: Int64, text: String, document: Document)] = []
                // An id several items of the feed share (no guid, and one link for all: the parser's
                // id is then the link) is told apart by title and date (`ItemKeys`): by the id
                // alone, the first was the only one ever read.
                var keys = ItemKeys(parsed.items)
                for (k, item) in parsed.items.enumerated() {
                    guard let guid = try keys.newKey(item, seen: { try store.itemSeen(feed: feed.id, guid: $0) },
                                                     stored: { try store.story(feed: feed.id, guid: $0) }) else { continue }
                    new += 1
                    // The same story from another feed: remember this feed carries it too; decided already.
                    // The same link twice in one feed (items that all point at a home page) are
                    // different items: the second gets a story of its own, without a link key.
                    var key = LinkKey.make(item.link)
                    if let linkKey = key, let story = try store.story(linkKey: linkKey) {
                        if try !store.carries(feed: feed.id, story: story) {
                            try store.addItem(feed: feed.id, guid: guid, story: story, time: time)
                            continue
                        }
                        key = nil
                    }
                    let story = try store.addStory(linkKey: key, title: item.title ?? "", link: item.link,
                                                   published: (item.published ?? item.updated)?.seconds, time: time)
                    try store.addItem(feed: feed.id, guid: guid, story: story, time: time)
                    let ready = prepared.flatMap { k < $0.count ? $0[k] : nil }
                    let texts = ready == nil ? ItemText.texts(item) : []
                    let document = try ready?.document ?? sifter().document(item, feed: parsed, texts: texts)
                    undecided.append((item, guid, story, ready?.text ?? ItemText.text(texts), document))
                    progress()
                }
                let (verdicts, giveUps) = try undecided.isEmpty ? ([], []) : sifter().sift(undecided.map(\.document))
                warnings += giveUps.map { "item \(undecided[$0.item].guid): \($0.line)" }
                for (u, verdicts) in zip(undecided, verdicts) {
                    for verdict in verdicts where verdict.match {
                        let match = storedMatch(verdict, item: u.item, guid: u.guid, text: u.text, feed: feed, time: time)
                        try store.addMatch(match, story: u.story, written: false)
                        matches.append(match)
                    }
                }
                try store.update(feed: feed.id, update)
                return (new, matches)
            }
            warnings += writeDocuments(matches)
            report.outcome = .updated(new: new)
            report.matches = matches
            report.warnings = warnings
            return report
        } catch {
            update = PollUpdate(time: time, status: response.status, error: nil, failures: 0, nextPoll: nil)
            return fail("could not store: \(error)")
        }
    }

    /// The match as the store keeps it, its document's path beside the topic's seeds among it
    /// (`writeDocuments` writes it). `guid` is the item's id in its feed, as the store keeps it.
    func storedMatch(_ verdict: Verdict, item: Item, guid: String, text: String, feed: FeedState, time: Int64) -> StoredMatch {
        let id = MatchDocument.id(feed: feed.url, item: guid, topic: verdict.topic)
        let doc = MatchDocument(title: item.title ?? "", link: item.link, feed: PublicURL.withoutCredentials(feed.url), published: item.published ?? item.updated,
                                topic: verdict.topic, score: verdict.score, id: id, text: text)
        let folder = loaded.topics.first { $0.entry.name == verdict.topic }?.seedFolder ?? loaded.config.daemon.seeds + "/" + verdict.topic
        let html = item.summary ?? item.content.first { $0.type == "text/html" }?.value
        // The words that hit, once each whatever their case or field ("Asylum" in the title and
        // "asylum" in the text were two hits in `tail`, the exported feeds and the document).
        let hits = Hit.distinctWords(verdict.hits).map(\.text)
        return StoredMatch(id: id, topic: verdict.topic, score: verdict.score, hits: hits, title: doc.title,
                           link: item.link, feed: feed.url, published: doc.published?.seconds, matched: time,
                           file: relative(folder + "/matches/" + doc.fileName), summary: html, text: text)
    }

    /// Writes the documents of stored matches and notes them written; a warning for each that
    /// cannot be written (its row stays unwritten: the next start tries again).
    func writeDocuments(_ matches: [StoredMatch]) -> [String] {
        var warnings: [String] = []
        var written: [String] = []
        for m in matches {
            guard let file = m.file else { continue }
            let path = LoadedConfig.resolve(file, against: loaded.directory)
            let slash = path.lastIndex(of: "/")!
            do {
                try MatchWriter(folder: String(path[..<slash])).write(name: String(path[path.index(after: slash)...]),
                                                                     text: MatchDocument(stored: m).rendered)
                written.append(m.id)
            } catch {
                warnings.append("match \(m.id): its document could not be written: \(error)")
            }
        }
        do { try store.markWritten(written) } catch { warnings.append("could not note the match documents written: \(error)") }
        return warnings
    }

    /// Writes the documents of matches stored by a process killed before it wrote them.
    public func writeUnwritten() throws -> [String] {
        writeDocuments(try store.matches(unwritten: true))
    }

    /// A path below the configuration's folder, relative to it (as `tail --json` shows it).
    func relative(_ path: String) -> String {
        let prefix = loaded.directory + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// Records a poll that stored no items.
    private func save(_ update: PollUpdate, _ report: PollReport, _ feed: FeedState) -> PollReport {
        var report = report
        do {
            try store.transaction { try store.update(feed: feed.id, update) }
        } catch {
            report.outcome = .failed("could not store: \(error)")
        }
        return report
    }
}
