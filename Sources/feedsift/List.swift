import ArgumentParser
import FeedConfig
import FeedDaemon
import FeedModel
import FeedStore

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The feeds with their health: last poll, last error, items, matches."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print one JSON array, a feed an element (interface.md).")
    var json = false

    func run() throws {
        let output = Output()
        let loaded = try global.load()
        let store = try global.existingStore(loaded)
        let rows: [String: FeedState]
        do {
            rows = Dictionary(try store?.feeds().map { ($0.url, $0) } ?? [], uniquingKeysWith: { a, _ in a })
        } catch {
            output.error("\(error)")
            throw ExitCode.failure
        }
        let feeds = loaded.config.feeds.map { FeedHealth(entry: $0, state: rows[$0.url], defaultEvery: loaded.config.daemon.every) }
        if json {
            var w = JSONWriter()
            w.beginArray()
            for f in feeds { f.writeJSON(to: &w) }
            w.endArray()
            output.line(w)
        } else {
            for f in feeds { output.line(Array(f.readable.utf8)) }
        }
        output.flush()
    }
}

/// A configured feed and its state, as `list` shows it.
struct FeedHealth {
    var entry: Config.FeedEntry
    var state: FeedState?
    var defaultEvery: Int

    var status: String {
        guard let state, state.lastPoll != nil else { return state?.gone == true ? "gone" : "new" }
        if state.gone { return "gone" }
        if state.failures > 0 { return "failing" }
        if state.effectiveURL != nil { return "moved" }
        return "ok"
    }

    var every: String { Duration.format(entry.every ?? defaultEvery) }

    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("url", entry.url)
        w.field("name", entry.name)
        w.key("tags"); w.beginArray(); for t in entry.tags { w.value(t) }; w.endArray()
        w.field("every", every)
        w.field("effectiveUrl", state?.effectiveURL)
        w.field("status", status)
        w.field("lastPoll", state?.lastPoll.map { Timestamp(seconds: $0).rfc3339 })
        if let code = state?.lastStatus { w.key("lastHttpStatus"); w.value(code) }
        w.field("lastError", state?.lastError)
        w.field("nextPoll", state?.nextPoll.map { Timestamp(seconds: $0).rfc3339 })
        w.key("items"); w.value(state?.items ?? 0)
        w.key("matches"); w.value(state?.matches ?? 0)
        w.endObject()
    }

    /// `ok       2026-11-29T10:00:00Z   120 items   3 matches  NPR News <https://…>`, and the error below.
    var readable: String {
        let poll = state?.lastPoll.map { Timestamp(seconds: $0).rfc3339 } ?? "never polled        "
        let name = entry.name.map { "\($0) <\(entry.url)>" } ?? entry.url
        var line = status.padding(8) + " " + poll + "  " + "\(state?.items ?? 0) items".padding(11, left: true)
            + "  " + "\(state?.matches ?? 0) matches".padding(11, left: true) + "  " + name
        if let moved = state?.effectiveURL { line += "\n         moved to \(moved)" }
        if let error = state?.lastError { line += "\n         \(error)" }
        return line
    }
}

/// Seconds as feeds.conf writes them: `30s`, `15m`, `2h`, `1d`.
enum Duration {
    static func format(_ seconds: Int) -> String {
        if seconds > 0, seconds % 86400 == 0 { return "\(seconds / 86400)d" }
        if seconds > 0, seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds > 0, seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}

extension String {
    func padding(_ width: Int, left: Bool = false) -> String {
        let pad = String(repeating: " ", count: max(0, width - count))
        return left ? pad + self : self + pad
    }
}
