import FeedDaemon
import FeedFetch
import FeedModel
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// The HTTP side of the daemon (`listen` in `[daemon]`): HTTP/1.1 over plain sockets, one thread
/// polling every connection, each request answered by `FeedService`. The daemon's loop never
/// waits on it.
///
/// Written for what a feed server on a daemon's host must withstand, which the HTTP library used
/// before (FlyingFox) did not: a request head is read in bounded time and space (`RequestHead`:
/// a 1 MB request line kept a core busy for minutes, two of them stopped all serving); a
/// connection that sends nothing, or stops reading, is closed after `Limits` (idle ones stayed
/// open for good); past `maxConnections`, or when the process runs out of file descriptors, it
/// stops accepting for a moment instead of stopping for good (EMFILE ended the accept loop while
/// the daemon went on, and systemd never knew).
public final class FeedServer: @unchecked Sendable {
    /// The answer to a request: method, path, headers (names lowercased), Unix seconds.
    public typealias Responder = @Sendable (_ method: String, _ path: String, _ headers: [String: String], _ now: Int64) -> ServedResponse
    let respond: Responder
    public let address: String
    let limits: Limits
    private let listener: Int32
    /// Written to wake the loop (`stop`).
    private let wake: (read: Int32, write: Int32)
    private let stopped = BlockingQueue<Bool>()
    private var stopping = false
    private let lock = Lock()
    private let log = Logger(label: "feedsift.http")

    public struct ListenError: Error, CustomStringConvertible {
        public var description: String
    }

    /// How long a connection may take, and how many there may be.
    public struct Limits: Sendable {
        /// From a connection's first byte (or the end of its last response) to a whole request head.
        public var head: Double = 10
        /// A kept-alive connection with no request.
        public var idle: Double = 15
        /// A response the client does not read.
        public var write: Double = 30
        public var maxConnections = 256

        public init() {}
    }

    /// `listen` is `HOST:PORT` (`127.0.0.1:8377`, `[::1]:8377`, `localhost:8377`). Binds and
    /// listens here: a port in use is an error now, not later.
    public convenience init(listen: String, service: FeedService, limits: Limits = Limits()) throws(ListenError) {
        try self.init(listen: listen, limits: limits) { service.respond(method: $0, path: $1, headers: $2, now: $3) }
    }

    /// A server of other documents (the demo's feed snapshots): `respond` answers each request.
    public init(listen: String, limits: Limits = Limits(), respond: @escaping Responder) throws(ListenError) {
        self.respond = respond
        self.limits = limits
        address = listen
        guard let colon = listen.lastIndex(of: ":"), let port = UInt16(listen[listen.index(after: colon)...]) else {
            throw ListenError(description: "listen = \(listen): expected HOST:PORT")
        }
        var host = String(listen[..<colon])
        if host.isEmpty || host == "localhost" { host = "127.0.0.1" }
        let v6 = host.hasPrefix("[") && host.hasSuffix("]")
        if v6 { host = String(host.dropFirst().dropLast()) }
        let fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ListenError(description: "cannot listen on \(listen): socket: \(String(cString: strerror(errno)))") }
        func fail(_ what: String) -> ListenError {
            let message = String(cString: strerror(errno))
            close(fd)
            return ListenError(description: "cannot listen on \(listen): \(what)\(message)")
        }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var bound: Int32
        if v6 {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, host, &a.sin6_addr) == 1 else { throw fail("\(host) is not an IPv6 address") }
            bound = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        } else {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = port.bigEndian
            guard inet_pton(AF_INET, host, &a.sin_addr) == 1 else { throw fail("\(host) is not an IPv4 address") }
            bound = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        guard bound == 0 else { throw fail("") }
        guard Glibc.listen(fd, 128) == 0 else { throw fail("") }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw fail("pipe: ") }
        for end in pipeEnds { Self.nonBlocking(end) }
        listener = fd
        wake = (pipeEnds[0], pipeEnds[1])
    }

    /// Starts serving on a thread of its own.
    public func start() throws(ListenError) {
        startThread { [self] in
            loop()
            stopped.push(true)
        }
    }

    /// Stops: every connection closed, the socket too.
    public func stop() {
        let first = lock.locked { () -> Bool in
            defer { stopping = true }
            return !stopping
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        _ = stopped.pop(timeout: 5)
    }

    // MARK: - The loop

    final class Connection {
        let fd: Int32
        var input: [UInt8] = []
        var scanned = 0
        var output: [UInt8] = []
        var written = 0
        var closeAfterWrite = false
        /// When it is closed unless it makes progress.
        var deadline: Double
        /// It has sent bytes of a request not answered yet (the head deadline, not the idle one, runs).
        var inRequest = false
        /// The client has closed its side: what it sent is answered, then the connection closed.
        var eof = false

        init(fd: Int32, deadline: Double) { self.fd = fd; self.deadline = deadline }
        var writing: Bool { written < output.count }
    }

    private func loop() {
        var connections: [Int32: Connection] = [:]
        var acceptPausedUntil = 0.0
        var lastDescriptorWarning = -60.0
        defer {
            for c in connections.values { close(c.fd) }
            close(listener)
            close(wake.read)
            close(wake.write)
        }
        while !lock.locked({ stopping }) {
            let now = monotonicSeconds()
            var fds = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            let accepting = connections.count < limits.maxConnections && now >= acceptPausedUntil
            if accepting { fds.append(pollfd(fd: listener, events: Int16(POLLIN), revents: 0)) }
            for c in connections.values {
                fds.append(pollfd(fd: c.fd, events: Int16(c.writing ? POLLOUT : POLLIN), revents: 0))
            }
            // Until the soonest deadline (or the end of a pause in accepting), at most a second.
            var soonest = connections.values.map(\.deadline).min() ?? now + 1
            if !accepting { soonest = min(soonest, acceptPausedUntil) }
            let timeout = Int32(max(0, min(1000, ((soonest - now) * 1000).rounded(.up))))
            let n = poll(&fds, nfds_t(fds.count), timeout)
            if n < 0, errno != EINTR { log.error("http: poll: \(String(cString: strerror(errno)))"); return }
            let after = monotonicSeconds()
            for p in fds where p.revents != 0 {
                if p.fd == wake.read {
                    var drain = [UInt8](repeating: 0, count: 64)
                    _ = read(wake.read, &drain, drain.count)
                } else if p.fd == listener {
                    while connections.count < limits.maxConnections {
                        let fd = accept(listener, nil, nil)
                        if fd >= 0 {
                            Self.nonBlocking(fd)
                            connections[fd] = Connection(fd: fd, deadline: after + limits.head)
                            continue
                        }
                        if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                            // Out of descriptors: wait a second for connections to close, then accept again.
                            acceptPausedUntil = after + 1
                            if after - lastDescriptorWarning >= 60 {
                                lastDescriptorWarning = after
                                log.warning("http: cannot accept connections: \(String(cString: strerror(errno))) (\(connections.count) open); trying again in a second")
                            }
                        }
                        break  // EAGAIN: none waiting; others (a connection reset before accept): next time
                    }
                } else if let c = connections[p.fd] {
                    if !serve(c, events: p.revents, now: after) {
                        close(c.fd)
                        connections[p.fd] = nil
                    }
                }
            }
            for (fd, c) in connections where c.deadline <= after {
                close(fd)
                connections[fd] = nil
            }
        }
    }

    /// Reads, answers, writes; false when the connection is to be closed.
    private func serve(_ c: Connection, events: Int16, now: Double) -> Bool {
        if events & Int16(POLLERR | POLLNVAL) != 0 { return false }
        if c.writing || events & Int16(POLLOUT) != 0 {
            return flush(c, now: now)
        }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = recv(c.fd, &chunk, chunk.count, 0)
            if n > 0 {
                if !c.inRequest { c.inRequest = true; c.deadline = now + limits.head }
                c.input += chunk[0..<n]
                if c.input.count > RequestHead.maxHead + chunk.count { break }  // enough to refuse it
                continue
            }
            if n == 0 { c.eof = true; break }  // the client closed its side
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { break }
            return false
        }
        return answer(c, now: now)
    }

    /// Answers the request at the start of the connection's input, if a whole head is there.
    private func answer(_ c: Connection, now: Double) -> Bool {
        guard !c.writing, !c.input.isEmpty else { return !c.eof }
        switch RequestHead.read(c.input, scanned: c.scanned) {
        case let .incomplete(scanned):
            c.scanned = scanned  // past `RequestHead.maxHead`, it refuses: the buffer is bounded
            return !c.eof
        case let .refused(status, reason):
            reply(c, ServedResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array("\(reason)\n".utf8)),
                    head: false, keepAlive: false, now: now)
        case let .head(head, length):
            c.input.removeFirst(length)
            c.scanned = 0
            // A body is not read: none of what is served takes one. A GET or HEAD with one is
            // refused (413); another method gets its answer (405, 501); either closes.
            let length = head.header("content-length").flatMap { Int($0) } ?? 0
            let body = length > 0 || head.header("transfer-encoding") != nil
            if body, head.method == "GET" || head.method == "HEAD" {
                reply(c, ServedResponse(status: 413, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array("no request body is read here\n".utf8)),
                        head: false, keepAlive: false, now: now)
            } else {
                var headers: [String: String] = [:]
                for (name, value) in head.headers where headers[name] == nil { headers[name] = value }
                let r = respond(head.method, Self.path(head.target), headers, Int64(time(nil)))
                reply(c, r, head: head.method == "HEAD", keepAlive: head.keepsAlive && !body, http10: head.minorVersion == 0, now: now)
            }
        }
        return flush(c, now: now)
    }

    /// The path of a request target: origin form (`/topics/x.atom`) as it is; absolute form
    /// (`http://host:8377/topics/x.atom`, as a proxy sends it, RFC 9112 §3.2.2) without its scheme
    /// and authority.
    static func path(_ target: String) -> String {
        let lower = target.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return target }
        let afterScheme = target[target.index(target.firstIndex(of: ":")!, offsetBy: 3)...]
        return afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? "/"
    }

    private func reply(_ c: Connection, _ r: ServedResponse, head: Bool, keepAlive: Bool, http10: Bool = false, now: Double) {
        var text = "HTTP/1.1 \(r.status) \(Self.phrase(r.status))\r\nDate: \(Timestamp(seconds: Int64(time(nil))).rfc822)\r\n"
        for (name, value) in r.headers where name.lowercased() != "content-length" {
            text += "\(name): \(value.filter { $0 != "\r" && $0 != "\n" })\r\n"
        }
        // HEAD: the length GET would send, which the service names; a 304 has no body to measure.
        if r.status != 304 { text += "Content-Length: \(head ? r.header("Content-Length") ?? String(r.body.count) : String(r.body.count))\r\n" }
        if !keepAlive { text += "Connection: close\r\n" } else if http10 { text += "Connection: keep-alive\r\n" }
        text += "\r\n"
        c.output = Array(text.utf8) + (head ? [] : r.body)
        c.written = 0
        c.closeAfterWrite = !keepAlive
        c.deadline = now + limits.write
    }

    /// Writes what it can; when the response is out, closes or waits for the next request.
    private func flush(_ c: Connection, now: Double) -> Bool {
        while c.writing {
            let n = c.output[c.written...].withUnsafeBytes { send(c.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 { c.written += n; c.deadline = now + limits.write; continue }
            if n < 0, errno == EINTR { continue }
            if n < 0, errno == EAGAIN || errno == EWOULDBLOCK { return true }
            return false
        }
        if c.closeAfterWrite { return false }
        c.output = []
        c.written = 0
        if c.eof, c.input.isEmpty { return false }
        c.inRequest = !c.input.isEmpty
        c.deadline = now + (c.inRequest ? limits.head : limits.idle)
        // A request sent behind the last one (pipelined) is answered now.
        return c.input.isEmpty ? true : answer(c, now: now)
    }

    /// Non-blocking, and closed on exec (accept4 and pipe2, which do both at once, are GNU's).
    static func nonBlocking(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 431: "Request Header Fields Too Large"
        case 501: "Not Implemented"
        case 505: "HTTP Version Not Supported"
        default: "Service Unavailable"
        }
    }
}
