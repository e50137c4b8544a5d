public import Logging
#if canImport(Glibc)
import Glibc
#endif

/// swift-log's handler for the daemon: one line an event on standard error. Under systemd each
/// line starts with its syslog priority (`<3>` error, `<4>` warning, `<6>` info), which journald
/// reads as the level and strips; on a terminal the line starts with the time instead. The
/// `feed` metadata, when set, leads the message: `<6>https://…/rss.xml: 3 new items`.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    let journal: Bool

    public init(label: String) {
        journal = getenv("JOURNAL_STREAM") != nil || getenv("INVOCATION_ID") != nil
    }

    /// Installs this handler for every logger of the process (once).
    public static func bootstrap(level: Logger.Level = .info) -> Logger {
        LoggingSystem.bootstrap { label in
            var h = JournalLogHandler(label: label)
            h.logLevel = level
            return h
        }
        return Logger(label: "feedsift")
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = journal ? "<\(Self.priority(event.level))>" : Self.clock() + " "
        if !journal, event.level >= .warning { line += "\(event.level): " }
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        if let feed = all.removeValue(forKey: "feed") { line += "\(feed): " }
        line += "\(event.message)"
        for (key, value) in all.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
        line = String(line.map { $0 == "\n" || $0 == "\r" ? " " : $0 }) + "\n"  // one line an event
        _ = line.withCString { write(2, $0, strlen($0)) }
    }

    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    static func clock() -> String {
        var t = time(nil)
        var parts = tm()
        localtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }
}
