import ArgumentParser
import FeedDaemon
import FeedFetch
#if canImport(Glibc)
import Glibc
#endif

struct Fetch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "One poll of every feed (or of one), then exit.",
        discussion: "Exits 0 when the poll ran, even if some feeds failed (each failure is printed and kept for `list`)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Poll only this feed (its URL or name in feeds.conf).")
    var feed: String?

    func run() throws {
        let output = Output()
        let loaded = try global.load()
        var entries = loaded.config.feeds
        if let feed {
            entries = entries.filter { $0.url == feed || $0.name == feed }
            if entries.isEmpty {
                output.error("\(feed): no such feed in \(loaded.path)")
                throw Exit.usage
            }
        }
        let events = BlockingQueue<PollEvent>()
        let poller: Poller
        do {
            poller = try Poller(loaded: loaded, events: events)
        } catch {
            output.error("\(error)")
            throw Exit.code(error)
        }
        for w in poller.startWarnings { output.warning(w) }
        let started = monotonicSeconds()
        poller.start(entries, includeGone: feed != nil)
        let total = poller.fetching
        let bar = ProgressBar(total: total)
        var summary = FetchSummary()
        while poller.fetching > 0 {
            guard case let .fetched(result)? = events.pop(timeout: 1), let report = poller.handle(result) else { continue }
            summary.add(report)
            bar.clear()
            if case let .failed(message) = report.outcome { output.error("\(report.url): \(message)") }
            if case .gone = report.outcome { output.error("\(report.url): 410 Gone: no more polls") }
            if let moved = report.movedTo { output.error("\(report.url): moved permanently to \(moved)") }
            for w in report.warnings { output.warning("\(report.url): \(w)") }
            bar.show(done: summary.polled)
        }
        bar.clear()
        do { try poller.saveBackground(rebuilding: false) } catch { output.error("saving the seed background: \(error)") }
        output.line(Array(summary.line(seconds: monotonicSeconds() - started).utf8))
        output.flush()
    }
}

/// The closing line of `fetch`.
struct FetchSummary {
    var polled = 0, updated = 0, notModified = 0, failed = 0, gone = 0, newItems = 0, matches = 0

    mutating func add(_ r: PollReport) {
        polled += 1
        matches += r.matches.count
        switch r.outcome {
        case let .updated(new): updated += 1; newItems += new
        case .notModified: notModified += 1
        case .gone: gone += 1
        case .failed: failed += 1
        }
    }

    func line(seconds: Double) -> String {
        var parts = ["\(updated) updated (\(newItems) new items)", "\(notModified) not modified", "\(failed) failed"]
        if gone > 0 { parts.append("\(gone) gone") }
        return "fetched \(polled) feeds in \(String(format3: seconds).dropLast()) s: " + parts.joined(separator: ", ")
            + "; \(matches) new matches"
    }
}

/// `[#######      ] 120/1000` on standard error, only when it is a terminal.
final class ProgressBar {
    let total: Int
    let enabled = isatty(2) != 0
    private var shown = false

    init(total: Int) { self.total = total }

    func show(done: Int) {
        guard enabled, total > 0 else { return }
        let width = 30
        let filled = done * width / total
        let text = "\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] \(done)/\(total)"
        _ = text.withCString { write(2, $0, strlen($0)) }
        shown = true
    }

    func clear() {
        guard shown else { return }
        _ = "\r\u{1B}[K".withCString { write(2, $0, strlen($0)) }
        shown = false
    }
}
