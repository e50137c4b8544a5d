#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A real HTTP/1.1 server on 127.0.0.1 for tests that fetch: POSIX sockets, one request per
/// connection (`Connection: close`). One thread accepts; each connection is served on its own
/// thread, so a slow client or a trickling or stalled response holds up nobody else. Routes map
/// a path to a response; requests are recorded so that tests can check what the client sent.
///
/// Besides well-behaved answers, a response can misbehave on purpose: trickle its body
/// (`trickle`), stop after the headers (`stallAfterHeaders`), be sent chunked (`chunked`), carry
/// exactly the headers given (`exactHeaders`), or be any bytes at all (`Response.raw`).
///
/// No thread outlives its work: a connection thread ends when its response is sent, when the
/// peer goes away, or when the server stops (every wait is a `poll` with a short timeout).
public final class TestHTTPServer: @unchecked Sendable {
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        /// Send the body `bytes` at a time, pausing `every` seconds before each chunk after the
        /// first (a slow-loris server). With `chunked`, each piece is one chunk.
        public var trickle: (bytes: Int, every: Double)?
        /// Send the status line and headers, then nothing: the connection stays open until the
        /// client disconnects or the server stops.
        public var stallAfterHeaders: Bool
        /// Send the body with `Transfer-Encoding: chunked` (and no Content-Length).
        public var chunked: Bool
        /// Send `headers` exactly as given: no Content-Length, Transfer-Encoding or Connection
        /// header is added. The body is still framed as `chunked` says.
        public var exactHeaders: Bool
        /// When set, these bytes are the whole response (status line, headers, body) and every
        /// other field is ignored but `trickle` and `stallAfterHeaders` (a stall comes after them).
        public var verbatim: [UInt8]?

        public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = [],
                    trickle: (bytes: Int, every: Double)? = nil, stallAfterHeaders: Bool = false,
                    chunked: Bool = false, exactHeaders: Bool = false) {
            self.status = status; self.headers = headers; self.body = body
            self.trickle = trickle; self.stallAfterHeaders = stallAfterHeaders
            self.chunked = chunked; self.exactHeaders = exactHeaders
            self.verbatim = nil
        }

        public init(status: Int = 200, headers: [(String, String)] = [], text: String,
                    trickle: (bytes: Int, every: Double)? = nil, stallAfterHeaders: Bool = false,
                    chunked: Bool = false, exactHeaders: Bool = false) {
            self.init(status: status, headers: headers, body: Array(text.utf8), trickle: trickle,
                      stallAfterHeaders: stallAfterHeaders, chunked: chunked, exactHeaders: exactHeaders)
        }

        /// A response that is exactly `bytes` on the wire, whatever they are.
        public static func raw(_ bytes: [UInt8], trickle: (bytes: Int, every: Double)? = nil,
                               stallAfter: Bool = false) -> Response {
            var r = Response(trickle: trickle, stallAfterHeaders: stallAfter)
            r.verbatim = bytes
            return r
        }

        /// A conditional GET answered as a server should: 304 Not Modified (no body) when the
        /// request's If-None-Match matches `etag`, or, if the request has no If-None-Match, when
        /// its If-Modified-Since equals `lastModified` exactly; otherwise 200 with `body`. Both
        /// answers carry the ETag and Last-Modified headers given. If-None-Match may be a list
        /// or `*`, and compares weakly (a `W/` prefix is ignored), as RFC 9110 §13.1.2 says.
        public static func conditional(_ request: Request, etag: String? = nil, lastModified: String? = nil,
                                       headers: [(String, String)] = [], body: [UInt8]) -> Response {
            var validators: [(String, String)] = []
            if let etag { validators.append(("ETag", etag)) }
            if let lastModified { validators.append(("Last-Modified", lastModified)) }
            let notModified: Bool
            if let inm = request.headers["if-none-match"] {
                func weak(_ tag: Substring) -> Substring { tag.hasPrefix("W/") ? tag.dropFirst(2) : tag }
                let tags = inm.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces)[...] }
                notModified = etag.map { etag in tags.contains { $0 == "*" || weak($0) == weak(etag[...]) } } ?? false
            } else if let ims = request.headers["if-modified-since"], let lastModified {
                notModified = ims == lastModified
            } else {
                notModified = false
            }
            return notModified
                ? Response(status: 304, headers: validators)
                : Response(status: 200, headers: headers + validators, body: body)
        }

        public static func conditional(_ request: Request, etag: String? = nil, lastModified: String? = nil,
                                       headers: [(String, String)] = [], text: String) -> Response {
            conditional(request, etag: etag, lastModified: lastModified, headers: headers, body: Array(text.utf8))
        }
    }

    public struct Request: Sendable {
        public var method: String
        public var path: String
        /// Header names lowercased.
        public var headers: [String: String]
    }

    /// The reason phrase of a status line: the standard one for common codes, else "Status".
    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 206: return "Partial Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 308: return "Permanent Redirect"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 406: return "Not Acceptable"
        case 408: return "Request Timeout"
        case 410: return "Gone"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "Status"
        }
    }

    public let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var routes: [String: @Sendable (Request) -> Response] = [:]
    private var recorded: [Request] = []
    private var thread: Thread?
    /// The client sockets of the connections being served. A connection thread owns its socket
    /// and is the only one to close it, after taking it out of this set under `lock`; `stop()`
    /// only shuts down (never closes) the sockets still in the set, under the same lock, so it
    /// can never touch a descriptor number that has been closed and handed to someone else.
    private var clients: Set<Int32> = []
    private var stopped = false
    /// How long one `poll` waits before looking at `stopped` again.
    private static let pollMillis: Int32 = 50

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { close(fd); throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &len) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        let t = Thread { [self] in self.serve() }
        thread = t
        t.start()
    }

    deinit { stop() }

    /// Stops listening and ends every connection being served. The accepting thread closes the
    /// listening socket itself once `accept` fails, and each connection thread closes its own
    /// socket: closing them here would free a descriptor number while another thread may still
    /// use it, and the next socket given that number (another server's, or curl's) would be
    /// served or shut down by the old thread. So this only shuts them down, which wakes the
    /// threads blocked on them; they notice `stopped` and finish within a poll interval.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        shutdown(listener, Int32(SHUT_RDWR))
        for client in clients { shutdown(client, Int32(SHUT_RDWR)) }
    }

    public func route(_ path: String, _ handler: @escaping @Sendable (Request) -> Response) {
        lock.lock(); routes[path] = handler; lock.unlock()
    }

    public var requests: [Request] {
        lock.lock(); defer { lock.unlock() }
        return recorded
    }

    /// How many connections are being served right now (each has its own thread).
    public var openConnections: Int {
        lock.lock(); defer { lock.unlock() }
        return clients.count
    }

    /// Waits until no connection is being served, up to `timeout` seconds; true if none is.
    @discardableResult
    public func waitUntilIdle(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while openConnections > 0 {
            if Date() >= deadline { return false }
            usleep(10_000)
        }
        return true
    }

    private var isStopped: Bool {
        lock.lock(); defer { lock.unlock() }
        return stopped
    }

    private func serve() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                close(listener)
                return
            }
            lock.lock()
            if stopped {
                lock.unlock()
                close(client)
                continue  // the next accept fails on the shut-down listener
            }
            clients.insert(client)
            lock.unlock()
            let t = Thread { [self] in
                self.handle(client)
                self.lock.lock()
                self.clients.remove(client)
                self.lock.unlock()
                close(client)
            }
            t.start()
        }
    }

    // MARK: - One connection

    private enum Wait { case ready, timedOut, gone }

    /// Waits until `client` has one of `events` (or is hung up) or `millis` pass (-1: no limit),
    /// checking `stopped` between short polls: `.gone` when the server stopped or the socket failed.
    private func wait(_ client: Int32, for events: Int16, millis: Int) -> Wait {
        var left = millis
        while true {
            if isStopped { return .gone }
            let slice = left < 0 ? Self.pollMillis : Int32(min(left, Int(Self.pollMillis)))
            var p = pollfd(fd: client, events: events, revents: 0)
            let n = poll(&p, 1, slice)
            if n < 0 {
                if errno == EINTR { continue }
                return .gone
            }
            if n > 0 {
                if p.revents & Int16(POLLNVAL) != 0 { return .gone }
                return .ready  // including POLLHUP/POLLERR: the next recv or send says what happened
            }
            if left >= 0 {
                left -= Int(slice)
                if left <= 0 { return .timedOut }
            }
        }
    }

    /// Reads the request head (up to the blank line). Nil if the peer went away first.
    private func readHead(_ client: Int32) -> [UInt8]? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        let end: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]
        var searched = 0
        while true {
            guard wait(client, for: Int16(POLLIN), millis: -1) == .ready else { return nil }
            let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            data.append(contentsOf: buffer[0..<n])
            if data.count >= 4 {
                var i = max(0, searched - 3)
                while i + 4 <= data.count {
                    if data[i] == end[0] && data[i + 1] == end[1] && data[i + 2] == end[2] && data[i + 3] == end[3] {
                        return Array(data[..<i])
                    }
                    i += 1
                }
                searched = data.count
            }
            if data.count > 1 << 20 { return nil }
        }
    }

    /// Sends all of `bytes`; false if the peer went away or the server stopped.
    private func sendAll(_ client: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            guard wait(client, for: Int16(POLLOUT), millis: -1) == .ready else { return false }
            let n = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            if n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) { continue }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    /// Sleeps `seconds`, but returns false at once when the peer hangs up or the server stops.
    private func pause(_ client: Int32, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return !isStopped }
            switch wait(client, for: Int16(POLLIN), millis: max(1, Int(left * 1000))) {
            case .timedOut: return !isStopped
            case .gone: return false
            case .ready:
                if peerIsGone(client) { return false }
                // The client sent something more (a pipelined byte, say): ignore it and go on
                // waiting, but not in a busy loop.
                usleep(10_000)
            }
        }
    }

    /// True if the peer has closed or reset the connection. Reads and drops anything it sent.
    private func peerIsGone(_ client: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 1024)
        let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        if n == 0 { return true }
        if n < 0 { return !(errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) }
        return false
    }

    /// Holds the connection open, sending nothing, until the peer goes away or the server stops.
    private func stall(_ client: Int32) {
        while pause(client, seconds: 3600) {}
    }

    private func handle(_ client: Int32) {
        guard let headBytes = readHead(client) else { return }
        let head = String(decoding: headBytes, as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let request = Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers)
        lock.lock()
        recorded.append(request)
        let handler = routes[request.path]
        lock.unlock()
        let response = handler?(request) ?? Response(status: 404, headers: [("Content-Type", "text/plain")], text: "not found")

        let (head_, body) = Self.wire(response, method: request.method)
        guard sendAll(client, head_) else { return }
        if let trickle = response.trickle {
            var first = true
            for piece in body {
                if !first { guard pause(client, seconds: trickle.every) else { return } }
                first = false
                guard sendAll(client, piece) else { return }
            }
        } else {
            guard sendAll(client, body.flatMap { $0 }) else { return }
        }
        if response.stallAfterHeaders { stall(client) }
    }

    /// What goes on the wire: the head (status line and headers, or all of a verbatim response
    /// when nothing is to trickle) and the body, in the pieces that a trickle sends one at a time.
    static func wire(_ response: Response, method: String) -> (head: [UInt8], body: [[UInt8]]) {
        let pieceSize = response.trickle.map { max(1, $0.bytes) }
        func pieces(_ bytes: [UInt8], size: Int?) -> [[UInt8]] {
            guard let size, !bytes.isEmpty else { return bytes.isEmpty ? [] : [bytes] }
            return stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
        }
        if let verbatim = response.verbatim {
            return pieceSize == nil ? (verbatim, []) : ([], pieces(verbatim, size: pieceSize))
        }
        // A 1xx, 204 or 304 has no body by definition, and HEAD is answered without one. A stall
        // sends the head and no body at all.
        let status = response.status
        let bodiless = (100..<200).contains(status) || status == 204 || status == 304
        let sendsBody = !bodiless && method != "HEAD" && !response.stallAfterHeaders
        var out = "HTTP/1.1 \(status) \(reasonPhrase(status))\r\n"
        for (name, value) in response.headers { out += "\(name): \(value)\r\n" }
        if !response.exactHeaders {
            let names = Set(response.headers.map { $0.0.lowercased() })
            if response.chunked {
                if !names.contains("transfer-encoding") && !bodiless { out += "Transfer-Encoding: chunked\r\n" }
            } else if !names.contains("content-length") && !bodiless && !response.stallAfterHeaders {
                out += "Content-Length: \(response.body.count)\r\n"
            }
            if !names.contains("connection") { out += "Connection: close\r\n" }
        }
        out += "\r\n"
        guard sendsBody else { return (Array(out.utf8), []) }
        if response.chunked {
            var chunks = pieces(response.body, size: pieceSize ?? 16 << 10).map { chunk -> [UInt8] in
                Array((String(chunk.count, radix: 16) + "\r\n").utf8) + chunk + Array("\r\n".utf8)
            }
            chunks.append(Array("0\r\n\r\n".utf8))
            return (Array(out.utf8), chunks)
        }
        return (Array(out.utf8), pieces(response.body, size: pieceSize))
    }

    /// A port nobody listens on now on 127.0.0.1 (bound to 0, read, closed), for a server a test
    /// starts elsewhere (the daemon's `listen`).
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
