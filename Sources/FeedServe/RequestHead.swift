import FeedConfig

/// The head of an HTTP/1.x request (RFC 9112 §2-§5): the request line and the header fields, read
/// from the bytes a connection has received so far. Pure: `FeedServer` does the I/O.
///
/// Bounded so that no client can make the reading cost more than its bytes: the head is searched
/// for its end once per byte received (from where the last search stopped), a request line is at
/// most `maxLine` bytes (414), a head at most `maxHead` (431). The daemon serves GET and HEAD of
/// small feeds: a request with a body is refused (413) rather than read.
struct RequestHead: Equatable {
    var method: String
    var target: String
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    var minorVersion: Int
    /// Names lowercased, in the order sent.
    var headers: [(String, String)]

    static func == (a: RequestHead, b: RequestHead) -> Bool {
        a.method == b.method && a.target == b.target && a.minorVersion == b.minorVersion
            && a.headers.map { "\($0.0): \($0.1)" } == b.headers.map { "\($0.0): \($0.1)" }
    }

    func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }

    /// The connection stays open after the response: HTTP/1.1 unless `Connection: close`,
    /// HTTP/1.0 only with `Connection: keep-alive`.
    var keepsAlive: Bool {
        let tokens = (header("connection") ?? "").lowercased().split(separator: ",").map { $0.trimmingWhitespace() }
        return minorVersion == 1 ? !tokens.contains("close") : tokens.contains("keep-alive")
    }

    static let maxLine = 8 * 1024
    static let maxHead = 16 * 1024
    static let maxFields = 100

    enum Outcome: Equatable {
        /// The head's end has not come yet; the bytes before `scanned` hold none.
        case incomplete(scanned: Int)
        /// A whole head, `length` bytes of the buffer.
        case head(RequestHead, length: Int)
        /// A request to refuse with this status, and close.
        case refused(status: Int, reason: String)
    }

    /// Reads a head from the start of `bytes`; `scanned`: where the previous call stopped looking.
    /// Blank lines before the request line are skipped (RFC 9112 §2.2), and count in the head's size.
    static func read(_ bytes: [UInt8], scanned: Int = 0) -> Outcome {
        var start = 0
        while start < bytes.count, bytes[start] == 0x0D || bytes[start] == 0x0A { start += 1 }
        // The end of the head: an empty line (CRLF CRLF, or LF LF as RFC 9112 §2.2 lets a
        // server accept), after the request line.
        var end: Int?
        var i = max(start, scanned - 3)
        while i < bytes.count {
            if bytes[i] == 0x0A {
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { end = i + 2; break }
                if i + 2 < bytes.count, bytes[i + 1] == 0x0D, bytes[i + 2] == 0x0A { end = i + 3; break }
            }
            i += 1
        }
        guard let end else {
            if bytes.count - start > maxLine, !bytes[start...].prefix(maxLine + 1).contains(0x0A) {
                return .refused(status: 414, reason: "request line over \(maxLine) bytes")
            }
            if bytes.count > maxHead { return .refused(status: 431, reason: "request head over \(maxHead) bytes") }
            return .incomplete(scanned: bytes.count)
        }
        if end > maxHead { return .refused(status: 431, reason: "request head over \(maxHead) bytes") }
        var lines = bytes[start..<end].split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }
        while lines.last == "" { lines.removeLast() }
        guard let requestLine = lines.first else { return .refused(status: 400, reason: "a malformed request line") }
        if requestLine.utf8.count > maxLine { return .refused(status: 414, reason: "request line over \(maxLine) bytes") }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(isTokenCharacter), !parts[1].isEmpty else {
            return .refused(status: 400, reason: "a malformed request line")
        }
        let minor: Int
        switch parts[2] {
        case "HTTP/1.1": minor = 1
        case "HTTP/1.0": minor = 0
        default:
            return parts[2].hasPrefix("HTTP/") ? .refused(status: 505, reason: "HTTP version \(parts[2].dropFirst(5)) is not served")
                : .refused(status: 400, reason: "a malformed request line")
        }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard headers.count < maxFields else { return .refused(status: 431, reason: "over \(maxFields) header fields") }
            // A line folded onto the one above (obs-fold) is refused (RFC 9112 §5.2).
            guard let colon = line.firstIndex(of: ":"), line.first != " ", line.first != "\t" else {
                return .refused(status: 400, reason: "a malformed header field")
            }
            let name = line[..<colon]
            guard !name.isEmpty, name.allSatisfy(isTokenCharacter) else { return .refused(status: 400, reason: "a malformed header field") }
            headers.append((name.lowercased(), line[line.index(after: colon)...].trimmingWhitespace()))
        }
        return .head(RequestHead(method: String(parts[0]), target: String(parts[1]), minorVersion: minor, headers: headers), length: end)
    }

    /// A character of an HTTP token (RFC 9110 §5.6.2).
    static func isTokenCharacter(_ c: Character) -> Bool {
        guard c.isASCII, let v = c.asciiValue, v > 0x20, v < 0x7F else { return false }
        return !"\"(),/:;<=>?@[\\]{}".contains(c)
    }
}
