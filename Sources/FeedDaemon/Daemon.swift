public import FeedFetch
public import Logging
import FeedModel
#if canImport(Glibc)
import Glibc
#endif

/// `feedsift run`: polls every feed on its interval until SIGTERM or SIGINT.
///
/// One loop on one thread owns all the state. It sleeps on a queue that three others feed: the
/// fetcher's thread (finished transfers), the signal thread (SIGTERM, SIGINT, SIGHUP), and its
/// own timeout, at most a second, on which it starts due feeds, notices a changed feeds.conf,
/// pings systemd's watchdog and saves the seed background now and then.
public final class Daemon {
    let path: String
    let log: Logger
    let notifier = Notifier()
    let events: BlockingQueue<PollEvent>
    let poller: Poller
    let metrics: Metrics
    /// Told of each configuration the daemon takes (the HTTP server serves its topics and feeds).
    let onReload: (LoadedConfig) -> Void
    private var configStamp: FileStamp?
    /// The topics' seed folders and their `not/`, and the seeds in them, as last read: `mark`
    /// writes a seed or a counter-example there, and the topics are made again when one changes
    /// (a review: a near copy of a match just marked irrelevant matched until a reload; a seed
    /// edited in place went unseen).
    private var seedStamps = SeedStamps()
    /// How many checks of the files have passed (one a second); the seeds' own files are
    /// stamped every tenth.
    private var checks = 0
    private var counts = (polls: 0, failures: 0, newItems: 0, matches: 0)

    /// Grace for transfers in flight at SIGTERM, so that the whole stop stays within 5 seconds.
    public static let stopGrace = 3.0
    static let backgroundEvery = 300.0

    /// Loads the configuration and the state. Call `Signals.block()` before, in `main`, so that
    /// the fetcher's thread, started here, inherits the blocked signals.
    public init(configPath: String, loaded: LoadedConfig, log: Logger, events: BlockingQueue<PollEvent>,
                metrics: Metrics = Metrics(), onReload: @escaping (LoadedConfig) -> Void = { _ in }) throws {
        path = configPath
        self.log = log
        self.events = events
        self.metrics = metrics
        self.onReload = onReload
        poller = try Poller(loaded: loaded, events: events)
        for w in poller.startWarnings { log.warning("\(w)") }
        configStamp = FileStamp(path)
        seedStamps = SeedStamps(loaded)
        metrics.setFeeds(loaded.config.feeds.count)
    }

    /// Runs until SIGTERM or SIGINT; returns when it has stopped cleanly.
    public func run() {
        let start = Int64(time(nil))
        log.info("feedsift \(loadedSummary): state in \(poller.store.path)")
        notifier.send("READY=1\nSTATUS=\(status)")
        // A refresh of many new items pings too, item by item: it is progress, not a hang.
        poller.onProgress = { [unowned self] in pingWatchdogIfDue() }
        var lastSave = monotonicSeconds()
        var lastCheck = 0.0
        while true {
            let now = Int64(time(nil))
            poller.start(poller.due(now: now, start: start))
            let wait = poller.nextDue().map { Double(max(0, $0 - now)) } ?? 1
            switch events.pop(timeout: min(1, max(0.05, wait))) {
            case let .fetched(result)?:
                if let report = poller.handle(result) { note(report) }
            case let .signal(s)?:
                if s == SIGHUP {
                    reload(reason: "SIGHUP")
                } else {
                    stop(signal: s)
                    return
                }
            case nil:
                break
            }
            let clock = monotonicSeconds()
            if clock - lastCheck >= 1 {
                lastCheck = clock
                if let stamp = FileStamp(path), stamp != configStamp { reload(reason: "\(path) changed") }
                else if seedStamps.changed(poller.loaded, files: checks % 10 == 0) { reload(reason: "a seed changed") }
                checks += 1
                notifier.send("STATUS=\(status)")
            }
            pingWatchdogIfDue()
            if clock - lastSave >= Daemon.backgroundEvery {
                saveBackground()
                lastSave = clock
            }
        }
    }

    /// When systemd's watchdog was last pinged (monotonic seconds).
    private var lastWatchdog = 0.0

    /// Pings systemd's watchdog when half its interval has passed since the last ping.
    func pingWatchdogIfDue() {
        let clock = monotonicSeconds()
        if let every = notifier.watchdogEvery, clock - lastWatchdog >= every {
            notifier.send("WATCHDOG=1")
            lastWatchdog = clock
        }
    }

    /// Logs one poll, one line; failures as warnings, with the feed's URL.
    func note(_ report: PollReport) {
        metrics.record(report)
        counts.polls += 1
        var logger = log
        // A feed followed with credentials (`https://user:secret@…`) does not put them in the journal.
        logger[metadataKey: "feed"] = "\(PublicURL.withoutCredentials(report.url))"
        if let moved = report.movedTo {
            logger.notice("moved permanently to \(PublicURL.withoutCredentials(moved)); polling the new address from now on")
        }
        switch report.outcome {
        case let .updated(new):
            counts.newItems += new
            counts.matches += report.matches.count
            if new > 0 || !report.matches.isEmpty { logger.info("\(new) new items, \(report.matches.count) matches") }
            for m in report.matches { logger.info("match \(m.topic) \(m.title) (\(m.file ?? m.id))") }
            for w in report.warnings { logger.warning("\(w)") }
        case .notModified:
            logger.debug("not modified")
        case .gone:
            counts.failures += 1
            logger.warning("410 Gone: no more polls for this feed (remove it from feeds.conf)")
        case let .failed(message):
            counts.failures += 1
            logger.warning("\(message)")
        }
    }

    /// Re-reads feeds.conf; a bad file keeps the last good configuration and says where it is wrong.
    func reload(reason: String) {
        configStamp = FileStamp(path)
        // Taken before the folders are read: a seed written while they are is seen at the next
        // check (a review: stamped after, one written during a reload was never taken).
        let before = SeedStamps(poller.loaded)
        seedStamps = before
        let (loaded, problems) = LoadedConfig.load(path)
        guard let loaded, problems.isEmpty else {
            for p in problems { log.error("\(p)") }
            log.error("\(reason): configuration refused; keeping the last good one")
            return
        }
        for w in loaded.warnings { log.warning("\(w)") }
        notifier.send("RELOADING=1")
        // What is built once at start (the state's connection, the fetcher's caps, the socket) waits for a restart.
        let old = poller.loaded.config.daemon, new = loaded.config.daemon
        for (name, changed) in [("state", old.state != new.state), ("listen", old.listen != new.listen),
                                ("parallel", old.parallel != new.parallel), ("per-host", old.perHost != new.perHost),
                                ("max-size", old.maxSize != new.maxSize)] where changed {
            log.notice("\(reason): [daemon] \(name) changed: it takes effect when feedsift restarts")
        }
        do {
            try poller.reload(loaded)
            // A topic added, or its folder moved: its folders stamped now, as just read (else the
            // next check found them changed, and reloaded once more for nothing); the others keep
            // the stamps taken before the reload read them (a review: stamping them again after
            // lost a seed `mark` wrote while the reload ran).
            seedStamps = before.keeping(loaded)
            metrics.setFeeds(loaded.config.feeds.count)
            onReload(loaded)
            log.info("\(reason): configuration reloaded: \(loadedSummary)")
        } catch {
            log.error("\(reason): reload failed: \(error)")
        }
        notifier.send("READY=1\nSTATUS=\(status)")
    }

    /// Waits a little for transfers in flight, abandons the rest, saves the background.
    func stop(signal: Int32) {
        notifier.send("STOPPING=1")
        log.info("signal \(signal): stopping (\(poller.fetching) transfers in flight)")
        let deadline = monotonicSeconds() + Daemon.stopGrace
        while poller.fetching > 0, monotonicSeconds() < deadline {
            if case let .fetched(result)? = events.pop(timeout: 0.1), let report = poller.handle(result) { note(report) }
        }
        if poller.fetching > 0 {
            log.info("abandoned \(poller.fetching) transfers; they are polled again on the next start")
            poller.abandon()
        }
        saveBackground(rebuilding: false)  // within the stop's few seconds: the next start rebuilds
        log.info("stopped")
    }

    func saveBackground(rebuilding: Bool = true) {
        do { try poller.saveBackground(rebuilding: rebuilding) } catch { log.error("saving the seed background: \(error)") }
    }

    var loadedSummary: String {
        "\(poller.loaded.config.feeds.count) feeds, \(poller.loaded.topics.count) topics"
    }

    /// systemd's one-line status.
    var status: String {
        "\(poller.loaded.config.feeds.count) feeds; \(counts.polls) polls, \(counts.failures) failed, "
            + "\(counts.newItems) new items, \(counts.matches) matches"
    }
}

/// The topics' seed folders (each topic's and its `not/`) as last read, stamped by folder. A
/// folder's stamp changes when a seed is added, removed or renamed into it (checked every
/// second); a seed's own, when it is edited in place by an editor that writes the file itself,
/// not a copy renamed over it (checked every tenth second, `files`: listing the folders and
/// stamping every file took 23-31 ms for 300 topics of 30 seeds, docs/design.md).
struct SeedStamps: Equatable {
    private var folders: [String: FileStamp?] = [:]
    private var files: [String: [FileStamp?]] = [:]

    init() {}

    init(_ loaded: LoadedConfig) { self.init(Self.folders(loaded)) }

    private init(_ folders: [String]) {
        for f in folders {
            self.folders[f] = FileStamp(f)
            files[f] = Self.fileStamps(f)
        }
    }

    private static func folders(_ loaded: LoadedConfig) -> [String] { loaded.topics.flatMap { [$0.seedFolder, $0.seedFolder + "/not"] } }

    private static func fileStamps(_ folder: String) -> [FileStamp?] { SeedFolder.files(folder).paths.map { FileStamp($0) } }

    /// Whether the folders of `loaded` differ from these stamps; with `files`, their seeds too.
    func changed(_ loaded: LoadedConfig, files checkFiles: Bool) -> Bool {
        let now = Self.folders(loaded)
        guard Set(now) == Set(folders.keys) else { return true }
        return now.contains { f in folders[f] != FileStamp(f) || (checkFiles && files[f] != Self.fileStamps(f)) }
    }

    /// These stamps for the folders `loaded` shares with them; its other folders stamped now.
    func keeping(_ loaded: LoadedConfig) -> SeedStamps {
        var kept = SeedStamps()
        for f in Self.folders(loaded) {
            if let stamp = folders[f] {
                kept.folders[f] = stamp
                kept.files[f] = files[f]
            } else {
                kept.folders[f] = FileStamp(f)
                kept.files[f] = Self.fileStamps(f)
            }
        }
        return kept
    }
}

/// A file's identity and last change: a different stamp means it was edited or replaced.
struct FileStamp: Equatable {
    var inode: UInt
    var size: Int
    var seconds: Int
    var nanoseconds: Int

    init?(_ path: String) {
        var s = stat()
        guard stat(path, &s) == 0 else { return nil }
        inode = UInt(s.st_ino)
        size = Int(s.st_size)
        seconds = Int(s.st_mtim.tv_sec)
        nanoseconds = Int(s.st_mtim.tv_nsec)
    }
}
