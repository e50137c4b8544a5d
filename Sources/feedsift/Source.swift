#if canImport(Glibc)
import Glibc
#endif
import FeedDaemon
import FeedModel
import FeedFetch
import FeedParse
import FeedServe

/// A document named on the command line: a path, '-' (standard input) or an http(s) URL.
struct Source {
    var bytes: [UInt8]
    /// The document's URL, when it has one (relative links resolve against it).
    var url: String?
    var contentType: String?

    static func read(_ name: String) throws -> Source {
        let lower = name.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            let response = try HTTPGet.fetch(name)
            guard (200..<300).contains(response.status) else { throw FetchError.httpStatus(response.status) }
            return Source(bytes: response.body,
                          url: FeedParser.documentURL(effectiveURL: response.effectiveURL, contentLocation: response.contentLocation),
                          contentType: response.contentType)
        }
        let bytes = try readFile(name == "-" ? nil : name)
        // A gzip'd file (`feed.xml.gz`): what it holds. Feeds over HTTP come inflated by libcurl.
        if Gzip.isGzip(bytes) {
            guard let inflated = Gzip.decompress(bytes, limit: FeedParser.maxBytes) else {
                throw ReadError(description: "a gzip file that does not decompress, or holds more than \(FeedParser.maxBytes) bytes")
            }
            return Source(bytes: inflated, url: nil, contentType: nil)
        }
        return Source(bytes: bytes, url: nil, contentType: nil)
    }
}

/// Standard output with a buffer (the corpus benchmark prints megabytes), and messages on standard error.
final class Output {
    private var buffer: [UInt8] = []

    func line(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { line($0) }
    }

    /// A JSON document as a line, written from the writer's own memory.
    func line(_ w: borrowing JSONWriter) {
        w.withBytes { line($0) }
    }

    /// A long line (a feed's JSON) is written as it is, after what is buffered, not copied first.
    func line(_ bytes: UnsafeBufferPointer<UInt8>) {
        if bytes.count >= 1 << 16 {
            flush()
            writeAll(UnsafeRawBufferPointer(bytes))
            var newline: UInt8 = 0x0A
            withUnsafeBytes(of: &newline) { writeAll($0) }
            return
        }
        buffer.append(contentsOf: bytes)
        buffer.append(0x0A)
        if buffer.count > 1 << 20 { flush() }
    }

    func flush() {
        buffer.withUnsafeBytes { writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ p: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < p.count {
            let n = write(1, p.baseAddress! + offset, p.count - offset)
            if n <= 0 { if errno == EINTR { continue }; break }
            offset += n
        }
    }

    /// Standard error goes to the journal (systemd sets these for a service).
    static let journal = getenv("JOURNAL_STREAM") != nil || getenv("INVOCATION_ID") != nil

    func error(_ message: String) {
        flush()
        // Under systemd, with the syslog priority the daemon's log uses (`Log`): journald filed
        // these at info, and `journalctl -p err` missed why the service would not start.
        emit(priority: "<3>", message)
    }

    /// A problem the command goes on after: `feedsift: warning: …`, a warning in the journal.
    func warning(_ message: String) {
        flush()
        emit(priority: "<4>", "warning: " + message)
    }

    private func emit(priority: String, _ message: String) {
        let text = (Output.journal ? priority : "") + "feedsift: " + message + "\n"
        _ = text.withCString { write(2, $0, strlen($0)) }
    }
}
