import ArgumentParser
import FeedDaemon
import FeedModel
import FeedStore
#if canImport(Glibc)
import Glibc
#endif

struct Tail: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "The last matches, newest last; -f keeps printing new ones as the daemon stores them.",
        discussion: "Reads the state, not the daemon: it works while the daemon runs and across its restarts."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customShort("n", allowingJoined: true), help: "How many of the latest matches to print first.")
    var n = 10

    @Flag(name: .short, help: "Follow: print each new match within a second of its storing, until Ctrl-C or the reader goes away.")
    var follow = false

    @Option(help: "Only this topic's matches.")
    var topic: String?

    @Flag(help: "One JSON object a line (interface.md).")
    var json = false

    func validate() throws {
        if n < 0 { throw ValidationError("-n takes a count of 0 or more") }
    }

    func run() throws {
        let loaded = try global.load()
        if let topic, !loaded.topics.contains(where: { $0.entry.name == topic }) {
            Output().error("\(topic): no such topic in \(loaded.path)")
            throw Exit.usage
        }
        // A reader that goes away (`tail -f | head -3`) makes writes fail with EPIPE, not kill us.
        signal(SIGPIPE, SIG_IGN)
        let out = LineWriter()
        // Without a state yet, nothing has matched; `-f` waits for the daemon's first matches.
        guard let store = follow ? try global.openStore(loaded) : try global.existingStore(loaded) else { return }
        // Feeds by the names feeds.conf gives them.
        let feedNames = Dictionary(loaded.config.feeds.compactMap { f in f.name.map { (f.url, $0) } }, uniquingKeysWith: { a, _ in a })
        var last: Int64 = 0
        func show(_ matches: [StoredMatch]) -> Bool {
            for m in matches {
                last = max(last, m.sequence)
                guard out.write(json ? MatchLine.json(m) : MatchLine.readable(m, feedNames: feedNames)) else { return false }
            }
            return true
        }
        guard try show(store.matches(topic: topic, limit: n)) else { return }
        if !follow { return }
        if n == 0 { last = try store.matches(topic: topic, limit: 1).last?.sequence ?? 0 }
        Interrupt.install()
        var version = try store.dataVersion()
        // `PRAGMA data_version` changes when another connection commits: a cheap question, four
        // times a second; the store is read only when it changed.
        while !Interrupt.requested {
            if out.readerGone(waitingMilliseconds: 250) { return }
            let now = try store.dataVersion()
            guard now != version else { continue }
            version = now
            guard try show(store.matches(topic: topic, after: last)) else { return }
        }
    }
}

/// SIGINT as a flag the follow loop reads: it ends cleanly, with exit status 0.
enum Interrupt {
    nonisolated(unsafe) static var requested = false

    static func install() {
        signal(SIGINT) { _ in Interrupt.requested = true }
    }
}

/// Lines to standard output, unbuffered (each match as it comes), noticing a reader that left.
struct LineWriter {
    func write(_ line: String) -> Bool {
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return false }
            offset += n
        }
        return true
    }

    /// Sleeps up to `waitingMilliseconds`; true when standard output is a pipe whose reader has
    /// closed it (poll reports POLLERR on the write end), so `tail -f | head -3` ends even when
    /// no new match comes to fail a write.
    func readerGone(waitingMilliseconds: Int32) -> Bool {
        var p = pollfd(fd: 1, events: 0, revents: 0)
        let n = poll(&p, 1, waitingMilliseconds)
        return n > 0 && (p.revents & Int16(POLLERR | POLLHUP)) != 0
    }
}

/// A stored match as `tail` prints it.
enum MatchLine {
    /// `2026-11-29 10:00  immigration-policy  0.41  https://feed…  Title`
    /// `2026-11-30 12:04  3f9a1c2e  topic  0.41  feed  title`: the id's first 8 characters (what
    /// `mark` takes), the feed by its name in feeds.conf, else its own title, else its address.
    static func readable(_ m: StoredMatch, feedNames: [String: String] = [:]) -> String {
        let time = Timestamp(seconds: m.matched).rfc3339
        let when = String(time.prefix(10)) + " " + String(time.dropFirst(11).prefix(5))
        // Two decimals, rounded as the match document writes them (cut, 0.198 read 0.19 here and 0.20 there).
        let score = m.score.map(MatchDocument.twoDecimals) ?? "  -  "
        let feed = feedNames[m.feed] ?? m.feedTitle.flatMap { $0.isEmpty ? nil : $0 } ?? PublicURL.withoutCredentials(m.feed)
        return "\(when)  \(m.id.prefix(8))  \(m.topic)  \(score)  \(shown(feed))  \(m.title.isEmpty ? "(untitled)" : shown(m.title))"
    }

    /// Text for a terminal: control characters (C0, DEL, C1), which a hostile feed can use to
    /// recolour a terminal or set its title, shown as U+FFFD. Stored matches from before feeds
    /// were cleaned of them may still hold some.
    static func shown(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.map { isControl($0) ? "\u{FFFD}" : $0 }))
    }

    static func isControl(_ u: Unicode.Scalar) -> Bool { u.value < 0x20 || (u.value >= 0x7F && u.value < 0xA0) }

    static func json(_ m: StoredMatch) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("id", m.id)
        w.field("topic", m.topic)
        if let s = m.score { w.key("score"); w.value((s * 1000).rounded() / 1000) }
        w.key("hits"); w.beginArray(); for h in m.hits { w.value(h) }; w.endArray()
        w.field("title", m.title)
        w.field("link", m.link)
        w.field("feed", PublicURL.withoutCredentials(m.feed))
        w.field("published", m.published.map { Timestamp(seconds: $0).rfc3339 })
        w.field("matched", Timestamp(seconds: m.matched).rfc3339)
        w.field("file", m.file)
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
