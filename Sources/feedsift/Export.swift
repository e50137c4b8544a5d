import ArgumentParser
import FeedDaemon
import FeedModel
import FeedParse
import FeedStore
#if canImport(Glibc)
import Glibc
#endif

/// `--format`, as the command line reads it.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case atom, rss, json
    var format: Exporter.Format { Exporter.Format(rawValue: rawValue)! }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "The matches as a feed: Atom 1.0 (default), RSS 2.0 or JSON Feed 1.1.",
        discussion: "Each entry keeps its source feed, the topic as a category, and why it matched (score and hits)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this topic's matches (else every topic's).")
    var topic: String?

    @Option(help: "atom, rss or json.")
    var format: ExportFormat = .atom

    @Option(help: "At most this many entries, the newest.")
    var limit = 50

    @Option(help: "Only matches stored at or after this date (2026-11-01, or RFC 3339).")
    var since: String?

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output ('-': standard output).")
    var output: String?

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit takes a count of 0 or more") }
        if let since, FeedDate.parse(since) == nil { throw ValidationError("--since: \"\(since)\" is not a date (2026-11-01, or RFC 3339)") }
    }

    func run() throws {
        let out = Output()
        let loaded = try global.load()
        if let topic, !loaded.topics.contains(where: { $0.entry.name == topic }) {
            out.error("\(topic): no such topic in \(loaded.path)")
            throw Exit.usage
        }
        let bytes: [UInt8]
        let store = try global.existingStore(loaded)
        do {
            let matches = try store?.matches(topic: topic, since: since.flatMap(FeedDate.parse)?.seconds, limit: limit) ?? []
            let feed = Exporter.feed(matches, topic: topic, now: Int64(time(nil)))
            bytes = Exporter.bytes(feed, format.format)
            if let output, output != "-" {
                try replaceFile(output, with: String(decoding: bytes, as: UTF8.self))
                return
            }
        } catch {
            out.error("\(error)")
            throw ExitCode.failure
        }
        out.line(bytes)
        out.flush()
    }
}
