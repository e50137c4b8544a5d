import FeedClassify
import FeedModel
import FeedParse
public import FeedConfig
public import FeedFetch
public import FeedStore
#if canImport(Glibc)
import Glibc
#endif

/// What wakes the loop of `fetch` and `run`.
public enum PollEvent: Sendable {
    case fetched(Fetched)
    case signal(Int32)
}

/// A finished fetch, its body already parsed (on the parse thread) when it carried one, with
/// each item's plain text and words.
public struct Fetched: Sendable {
    public var result: FetchResult
    var parsed: Result<ParsedFeed, ParseError>?
    var prepared: [PreparedItem]?
    /// The fields `prepared` holds: a reload in between may want others.
    var fields: [Field] = []
}

/// The fields the parse thread splits an item into; changed by a reload.
final class SharedFields: @unchecked Sendable {
    private let lock = Lock()
    private var value: [Field]
    init(_ v: [Field]) { value = v }
    var fields: [Field] {
        get { lock.locked { value } }
        set { lock.locked { value = newValue } }
    }
}

/// Polls the configuration's feeds: hands the due ones to the fetcher, and each answer to the
/// refresh pipeline. Used by `fetch` (one round) and by `run` (forever).
public final class Poller {
    public private(set) var loaded: LoadedConfig
    public let store: Store
    private var refresh: Refresh!
    private let fetcher: Fetcher
    /// Feeds being fetched or waiting their turn, by row id.
    private var inFlight: [Int64: FeedState] = [:]
    private var states: [String: FeedState] = [:]
    /// Requests not yet handed to the fetcher, and how many it has that are not handled yet.
    /// At most `window` bodies wait in memory for the pipeline: a slow classifier slows the
    /// downloads instead of piling up a thousand bodies.
    private var waiting: [FetchRequest] = []
    private var submitted = 0
    private let window: Int

    /// The topics, made on first need: their background (every word count the seed scores
    /// learned) is read from the store only when a new item has to be decided.
    private var sifterStorage: Sifter?
    private var savedDocuments = 0

    public var fetching: Int { inFlight.count }

    /// Called after each new item a refresh decides (`Refresh.progress`).
    public var onProgress: () -> Void = {} {
        didSet { refresh.progress = onProgress }
    }

    public init(loaded: LoadedConfig, events: BlockingQueue<PollEvent>) throws {
        self.loaded = loaded
        store = try loaded.openStore()
        window = 2 * loaded.config.daemon.parallel
        var limits = FetchLimits()
        limits.maxBytes = loaded.config.daemon.maxSize
        // Fetcher thread -> parse threads -> this loop: bodies are parsed while the loop classifies
        // and stores the ones before (two cores: the pipeline's two heaviest hops side by side).
        let parsing = BlockingQueue<FetchResult?>()
        self.parsing = parsing
        let fields = SharedFields(Sifter.fields(loaded))
        self.fields = fields
        fetcher = Fetcher(parallel: loaded.config.daemon.parallel, perHost: loaded.config.daemon.perHost, limits: limits) {
            parsing.push($0)
        }
        for _ in 0..<Self.parseThreads {
            startThread {
                while true {
                    guard let job = parsing.pop(timeout: 3600) else { continue }
                    guard let result = job else { return }  // nil: the poller is gone
                    let parsed = Refresh.parse(result)
                    let wanted = fields.fields
                    let prepared = (try? parsed?.get()).map { Refresh.prepare($0, fields: wanted) }
                    events.push(.fetched(Fetched(result: result, parsed: parsed, prepared: prepared, fields: wanted)))
                }
            }
        }
        states = try store.ensureFeeds(loaded.config.feeds.map(\.url))
        try MatchWriter.removeLeftovers(in: loaded.topics.map { $0.seedFolder + "/matches" })
        refresh = Refresh(store: store, sifter: { [unowned self] in try self.sifter() }, loaded: loaded)
        // Matches a killed process stored without writing their documents.
        startWarnings = try refresh.writeUnwritten()
    }

    /// What could not be done at start: documents of stored matches that could not be written.
    public private(set) var startWarnings: [String] = []

    func sifter() throws -> Sifter {
        if let s = sifterStorage { return s }
        let saved = try store.loadBackground()
        savedDocuments = saved.documents
        let s = Sifter(loaded, background: Background(documents: saved.documents, serialized: saved.terms, fold: saved.fold))
        sifterStorage = s
        return s
    }

    private let parsing: BlockingQueue<FetchResult?>
    private let fields: SharedFields
    /// Threads parsing fetched bodies.
    static let parseThreads = 2

    deinit {
        fetcher.shutdown()
        for _ in 0..<Self.parseThreads { parsing.push(nil) }
    }

    /// The configured feeds due at `now`: never polled, or past their next poll; not gone, not
    /// being fetched. A feed never polled is due a moment after `start`, spread by its URL so
    /// that a thousand new feeds do not all start in the same second.
    public func due(now: Int64, start: Int64) -> [Config.FeedEntry] {
        loaded.config.feeds.filter { entry in
            guard let state = states[entry.url], !state.gone, inFlight[state.id] == nil else { return false }
            guard let next = state.nextPoll else {
                let every = entry.every ?? loaded.config.daemon.every
                let spread = Int64(min(every / 20, 10))
                return spread == 0 || now >= start + Int64(entry.url.utf8.reduce(0) { $0 &+ Int($1) } % Int(spread + 1))
            }
            return next <= now
        }
    }

    /// The earliest next poll of the feeds not being fetched (nil when none is scheduled).
    public func nextDue() -> Int64? {
        loaded.config.feeds.compactMap { entry -> Int64? in
            guard let s = states[entry.url], !s.gone, inFlight[s.id] == nil else { return nil }
            return s.nextPoll ?? 0
        }.min()
    }

    /// Starts fetching these feeds (`includeGone`: also those that answered 410, when asked by name).
    public func start(_ entries: [Config.FeedEntry], includeGone: Bool = false) {
        var requests: [FetchRequest] = []
        for entry in entries {
            guard let state = states[entry.url], inFlight[state.id] == nil, includeGone || !state.gone else { continue }
            inFlight[state.id] = state
            requests.append(FetchRequest(tag: state.id, url: state.fetchURL, etag: state.etag, lastModified: state.lastModified))
        }
        waiting += requests
        topUp()
    }

    private func topUp() {
        let n = min(waiting.count, max(0, window - submitted))
        guard n > 0 else { return }
        fetcher.submit(Array(waiting.prefix(n)))
        waiting.removeFirst(n)
        submitted += n
    }

    /// Runs a fetched answer through the pipeline; nil when its feed left the configuration meanwhile.
    public func handle(_ fetched: Fetched) -> PollReport? {
        let result = fetched.result
        guard let state = inFlight.removeValue(forKey: result.request.tag) else { return nil }  // abandoned
        submitted -= 1
        defer { topUp() }
        guard let entry = loaded.config.feeds.first(where: { $0.url == state.url }) else { return nil }
        let prepared = fetched.fields == fields.fields ? fetched.prepared : nil
        let report = refresh.handle(result, parsed: fetched.parsed, prepared: prepared, feed: state, entry: entry)
        if let fresh = try? store.feed(url: state.url) { states[state.url] = fresh }
        saveIfRebuilt()
        return report
    }

    /// Stops every transfer; their feeds keep their schedule and are polled on the next start.
    public func abandon() {
        fetcher.cancelAll()
        inFlight.removeAll()
        waiting.removeAll()
        submitted = 0
    }

    /// Persists the background the seed scores learn from. `rebuilding`: the seed profiles are
    /// made on it first, when it grew since they were, so that what is saved is what the daemon
    /// scores with (`classify` reads it); a process about to stop saves without (its next start
    /// makes them on what it saved).
    public func saveBackground(rebuilding: Bool = true) throws {
        guard let s = sifterStorage, s.background.documents != savedDocuments else { return }  // unchanged
        // Pruned at every save, `fetch`'s and a stopping daemon's too: a daemon restarted within
        // five minutes, or `fetch` from cron, never pruned (a review).
        s.pruneIfLarge(limit: vocabularyLimit, rebuilding: rebuilding)
        if rebuilding { s.rebuildIfChanged() }
        let b = s.background
        try store.transaction { try store.saveBackground(documents: b.documents, terms: b.serialized(), fold: Fold.version) }
        savedDocuments = b.documents
    }

    /// Words the background keeps at most (`Sifter.vocabularyLimit`; a test sets fewer).
    var vocabularyLimit = Sifter.vocabularyLimit

    /// Saves the background when the seed profiles were just made again on it (a feed's new
    /// items grew it by a tenth): what `classify` reads follows the daemon's profiles from one
    /// rebuild to the next, not from one timed save to the next. A background pruned on the way
    /// has its profiles made again too (a review: pruned without, the daemon scored on the
    /// unpruned background while `classify` read the pruned one).
    func saveIfRebuilt() {
        guard let s = sifterStorage, s.builtWith == s.background.documents, s.builtWith != savedDocuments else { return }
        try? saveBackground()
    }

    /// Takes a new configuration: topics rebuilt (the background kept), new feeds added.
    public func reload(_ new: LoadedConfig) throws {
        states = try store.ensureFeeds(new.config.feeds.map(\.url))
        // A feed polled less often than it now asks waits no longer than its new interval from
        // its last poll (`every` from 1d to 15m waited up to a day). A longer one keeps its time.
        func every(_ e: Config.FeedEntry, _ c: LoadedConfig) -> Int64 { Int64(e.every ?? c.config.daemon.every) }
        let old = Dictionary(loaded.config.feeds.map { ($0.url, every($0, loaded)) }, uniquingKeysWith: { a, _ in a })
        for entry in new.config.feeds {
            guard let before = old[entry.url], let state = states[entry.url], let last = state.lastPoll, let next = state.nextPoll,
                  state.failures == 0 else { continue }
            let sooner = last + every(entry, new)
            if every(entry, new) < before, sooner < next {
                try store.reschedule(feed: state.id, nextPoll: sooner)
                states[entry.url]?.nextPoll = sooner
            }
        }
        loaded = new
        fields.fields = Sifter.fields(new)
        sifterStorage = sifterStorage.map { Sifter(new, background: $0.background) }
        refresh = Refresh(store: store, sifter: { [unowned self] in try self.sifter() }, loaded: new)
        refresh.progress = onProgress
        saveIfRebuilt()  // the new topics' profiles are made on the background as it is (a review)
    }
}
