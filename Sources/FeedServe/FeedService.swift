public import FeedDaemon
import FeedConfig
import FeedExport
import FeedFetch
import FeedModel
import FeedParse
import FeedStore
#if canImport(Glibc)
import Glibc
#endif

/// A response, before any HTTP library sees it.
public struct ServedResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status; self.headers = headers; self.body = body
    }

    public static func == (a: ServedResponse, b: ServedResponse) -> Bool {
        a.status == b.status && a.body == b.body && a.headers.map { "\($0.0): \($0.1)" } == b.headers.map { "\($0.0): \($0.1)" }
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// What the daemon serves, as a pure function of a request and the state: the filtered feeds
/// (`/topics/<topic>.atom|.rss|.json`), the subscription list (`/feeds.opml`), `/healthz` and
/// `/metrics`. Nothing else exists: every other path is 404, and no path reaches a file, so
/// nothing outside what it serves can be read through it.
public final class FeedService: @unchecked Sendable {
    /// `lock` guards the configuration (swapped by a reload), `storeLock` the SQLite connection
    /// (one connection, one user at a time); rendering a feed holds neither.
    private let lock = Lock()
    private var loaded: LoadedConfig
    /// When the configuration was taken: the `updated` of a topic's feed while it has no entry,
    /// so that its body, and its ETag, do not change every second.
    private var loadedAt: Int64
    private let storeLock = Lock()
    private let store: Store
    private let metrics: Metrics
    /// Entries in each served feed.
    public static let limit = 100

    public init(loaded: LoadedConfig, metrics: Metrics) throws {
        self.loaded = loaded
        loadedAt = Int64(time(nil))
        self.metrics = metrics
        // A connection of its own: SQLite in WAL mode lets it read while the daemon writes.
        store = try loaded.openStore()
    }

    /// Takes a reloaded configuration (new topics, new feeds).
    public func update(_ new: LoadedConfig) {
        let now = Int64(time(nil))
        lock.locked { loaded = new; loadedAt = now }
    }

    /// The methods of HTTP (RFC 9110 §9, and PATCH): any other is not implemented (501), these
    /// are not allowed here (405).
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]

    /// The answer to `method path` with these request headers (names in any case).
    public func respond(method: String, path rawPath: String, headers: [String: String], now: Int64) -> ServedResponse {
        guard method == "GET" || method == "HEAD" else {
            guard Self.knownMethods.contains(method) else { return text(501, "method not implemented\n") }
            return ServedResponse(status: 405, headers: [("Allow", "GET, HEAD"), ("Content-Type", "text/plain")], body: Array("method not allowed\n".utf8))
        }
        let path = String(rawPath.prefix { $0 != "?" && $0 != "#" })
        let host = headers.first { $0.key.lowercased() == "host" }?.value
        let (config, loadedAt) = lock.locked { (loaded, self.loadedAt) }
        var response = route(path, config: config, host: host, emptyUpdated: loadedAt)
        // The representation first (gzip is another one, with its own validator), then whether
        // the client has it: a 304 names the ETag of what the client holds.
        let gzip = response.status == 200 && accepts(gzip: headers) && response.body.count > 256
        if gzip, let i = response.headers.firstIndex(where: { $0.0 == "ETag" }) {
            response.headers[i].1 = String(response.headers[i].1.dropLast()) + "-gzip\""
        }
        if response.status == 200 {
            response = conditional(response, headers: headers, now: now)
        }
        if response.status == 200, gzip {
            if let packed = Gzip.compress(response.body) {
                response.body = packed
                response.headers.append(("Content-Encoding", "gzip"))
            } else if let i = response.headers.firstIndex(where: { $0.0 == "ETag" }) {
                response.headers[i].1 = String(response.headers[i].1.dropLast(6)) + "\""
            }
        }
        if method == "HEAD" {
            // The headers GET would send, its length among them (RFC 9110 §9.3.2).
            response.headers.append(("Content-Length", String(response.body.count)))
            response.body = []
        }
        return response
    }

    private func route(_ path: String, config loaded: LoadedConfig, host: String?, emptyUpdated: Int64) -> ServedResponse {
        switch path {
        case "/healthz":
            return text(200, "ok\n")
        case "/metrics":
            return ServedResponse(status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")],
                                  body: Array(metrics.render().utf8))
        case "/feeds.opml":
            // Served to anyone who asks: without the credentials some feeds are followed with.
            let feeds = loaded.config.feeds.map { OPMLFeed(url: PublicURL.withoutCredentials($0.url), name: $0.name, tags: $0.tags) }
            return cacheable(OPML.write(feeds, title: "feedsift subscriptions"), type: "text/x-opml; charset=utf-8", modified: nil)
        default:
            return topicFeed(path, config: loaded, host: host, emptyUpdated: emptyUpdated) ?? text(404, "not found\n")
        }
    }

    /// The address a served feed names itself by: the `listen` address, unless it listens on
    /// every interface (`0.0.0.0`, `[::]`), which no reader can fetch from; then the request's
    /// `Host`, when it is a plain host and port.
    static func publicHost(listen: String?, host: String?) -> String {
        let listen = listen ?? "127.0.0.1"
        guard listen.hasPrefix("0.0.0.0:") || listen.hasPrefix("[::]:"), let host, !host.isEmpty,
              host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) }) else { return listen }
        return host
    }

    /// `/topics/NAME.atom`, `.rss` or `.json`, for a topic of the configuration. `emptyUpdated` is
    /// the `updated` of a feed with no entry.
    private func topicFeed(_ path: String, config loaded: LoadedConfig, host: String?, emptyUpdated: Int64) -> ServedResponse? {
        guard path.hasPrefix("/topics/"), let dot = path.lastIndex(of: ".") else { return nil }
        let name = String(path[path.index(path.startIndex, offsetBy: 8)..<dot])
        guard let format = Exporter.Format(rawValue: String(path[path.index(after: dot)...])),
              loaded.topics.contains(where: { $0.entry.name == name }) else { return nil }
        do {
            let feed = try storeLock.locked {
                try Exporter.feed(store, topic: name, limit: FeedService.limit,
                                  selfURL: "http://\(FeedService.publicHost(listen: loaded.config.daemon.listen, host: host))\(path)", now: emptyUpdated)
            }
            let modified = feed.entries.isEmpty ? nil : feed.updated
            return cacheable(Exporter.bytes(feed, format), type: format.contentType, modified: modified)
        } catch {
            return text(503, "the state cannot be read: \(error)\n")
        }
    }

    /// A body with its validators: an ETag from its bytes, Last-Modified from its newest entry.
    private func cacheable(_ body: [UInt8], type: String, modified: Timestamp?) -> ServedResponse {
        var headers = [("Content-Type", type), ("ETag", "\"\(StableHash.hex([String(decoding: body, as: UTF8.self)]))\""),
                       ("Vary", "Accept-Encoding"), ("Cache-Control", "max-age=60")]
        if let modified { headers.append(("Last-Modified", modified.rfc822)) }
        return ServedResponse(status: 200, headers: headers, body: body)
    }

    /// 304 when the client's copy is current: If-None-Match first, else If-Modified-Since (RFC 9110, 13.2.2).
    /// Last-Modified counts whole seconds, and matches stored later in the same second change the
    /// feed: a date of the current second (or later) proves nothing (RFC 9110 §8.8.2.2), and a
    /// client's date is compared as a date, not as text.
    private func conditional(_ response: ServedResponse, headers: [String: String], now: Int64) -> ServedResponse {
        let lower = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        let etag = response.header("ETag") ?? ""
        let notModified: Bool
        if let tags = lower["if-none-match"] {
            notModified = tags.split(separator: ",").contains { t in
                var tag = t.trimmingWhitespace()
                if tag.hasPrefix("W/") { tag.removeFirst(2) }
                return tag == "*" || tag == etag
            }
        } else if let since = lower["if-modified-since"].flatMap(FeedDate.parse),
                  let modified = response.header("Last-Modified").flatMap(FeedDate.parse) {
            notModified = modified.seconds < now && modified.seconds <= since.seconds
        } else {
            notModified = false
        }
        guard notModified else { return response }
        return ServedResponse(status: 304, headers: response.headers.filter { $0.0 != "Content-Type" }, body: [])
    }

    private func accepts(gzip headers: [String: String]) -> Bool {
        guard let value = headers.first(where: { $0.key.lowercased() == "accept-encoding" })?.value else { return false }
        return value.split(separator: ",").contains { part in
            let fields = part.split(separator: ";").map { $0.trimmingWhitespace() }
            // `q=0`, `q=0.0`, `q=0.000`: not acceptable.
            return fields.first?.lowercased() == "gzip" && !fields.dropFirst().contains { field in
                let f = field.replacingSpaces.lowercased()
                return f.hasPrefix("q=") && Double(f.dropFirst(2)) == 0
            }
        }
    }

    private func text(_ status: Int, _ s: String) -> ServedResponse {
        ServedResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(s.utf8))
    }
}

extension StringProtocol {
    var replacingSpaces: String { String(filter { $0 != " " }) }
}
