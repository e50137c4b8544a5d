import ArgumentParser
import FeedDaemon
import FeedFetch
import FeedServe
import Logging

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The daemon, in the foreground: polls every feed on its interval, classifies and stores new items.",
        discussion: """
            SIGHUP, or any change to feeds.conf, reloads the configuration (a bad file keeps the last good one);
            SIGTERM and SIGINT stop it cleanly. Under systemd it reports readiness and status (sd_notify).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .shortAndLong, help: "Log every poll, including the unchanged ones.")
    var verbose = false

    func run() throws {
        // Before any thread starts, so that every thread inherits the blocked signals.
        Signals.block()
        let log = JournalLogHandler.bootstrap(level: verbose ? .debug : .info)
        let loaded = try global.load()
        let events = BlockingQueue<PollEvent>()
        Signals.forward { events.push(.signal($0)) }
        let metrics = Metrics()
        let daemon: Daemon
        var server: FeedServer?
        let lock: DaemonLock
        do {
            // One daemon a state, told before anything else (a second one failed on the port first).
            _ = try loaded.openStore()  // the state folder made, or its problem placed (exit 78)
            lock = try DaemonLock(folder: loaded.stateFolder)
            // Serving, when `listen` is set: the feeds, the subscription list, health and metrics.
            var service: FeedService?
            if let listen = loaded.config.daemon.listen {
                let s = try FeedService(loaded: loaded, metrics: metrics)
                server = try FeedServer(listen: listen, service: s)
                try server?.start()
                service = s
                log.info("serving on http://\(listen)/ (topics/<topic>.atom|.rss|.json, feeds.opml, healthz, metrics)")
            }
            daemon = try Daemon(configPath: loaded.path, loaded: loaded, log: log, events: events, metrics: metrics,
                                onReload: { service?.update($0) })
        } catch {
            log.error("cannot start: \(error)")
            throw Exit.code(error)
        }
        daemon.run()
        server?.stop()
        withExtendedLifetime(lock) {}
    }
}
