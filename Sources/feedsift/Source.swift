#if canImport(Glibc)
import Glibc
#endif
import FeedFetch
import FeedParse

/// A document named on the command line: a path, '-' (standard input) or an http(s) URL.
struct Source {
    var bytes: [UInt8]
    /// The document's URL, when it has one (relative links resolve against it).
    var url: String?
    var contentType: String?

    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ name: String) throws -> Source {
        let lower = name.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            let response = try HTTPGet.fetch(name)
            guard (200..<300).contains(response.status) else { throw FetchError.httpStatus(response.status) }
            return Source(bytes: response.body,
                          url: FeedParser.documentURL(effectiveURL: response.effectiveURL, contentLocation: response.contentLocation),
                          contentType: response.contentType)
        }
        return Source(bytes: try readFile(name == "-" ? nil : name), url: nil, contentType: nil)
    }

    /// Reads a whole file (or standard input for nil) with read(2), up to the parser's limit.
    static func readFile(_ path: String?) throws -> [UInt8] {
        let fd = path.map { open($0, O_RDONLY) } ?? 0
        guard fd >= 0 else { throw ReadError(description: String(cString: strerror(errno))) }
        defer { if path != nil { close(fd) } }
        // A regular file's size is known: read it straight into an array of that size.
        var info = stat()
        if path != nil, fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            let size = Int(info.st_size)
            if size > FeedParser.maxBytes { throw ParseError.tooLarge(bytes: size, limit: FeedParser.maxBytes) }
            var filled = 0
            let bytes = try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                while filled < size {
                    let n = Glibc.read(fd, buffer.baseAddress! + filled, size - filled)
                    if n < 0 { if errno == EINTR { continue }; count = filled; throw ReadError(description: String(cString: strerror(errno))) }
                    if n == 0 { break }
                    filled += n
                }
                count = filled
            }
            return bytes
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(description: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > FeedParser.maxBytes {
                throw ParseError.tooLarge(bytes: bytes.count, limit: FeedParser.maxBytes)
            }
        }
        return bytes
    }
}

/// Standard output with a buffer (the corpus benchmark prints megabytes), and messages on standard error.
final class Output {
    private var buffer: [UInt8] = []

    func line(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        buffer.append(0x0A)
        if buffer.count > 1 << 20 { flush() }
    }

    func flush() {
        buffer.withUnsafeBytes { p in
            var offset = 0
            while offset < p.count {
                let n = write(1, p.baseAddress! + offset, p.count - offset)
                if n <= 0 { if errno == EINTR { continue }; break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func error(_ message: String) {
        flush()
        let text = "feedsift: " + message + "\n"
        _ = text.withCString { write(2, $0, strlen($0)) }
    }
}
