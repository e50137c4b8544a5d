#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A real HTTP/1.1 server on 127.0.0.1 for tests that fetch: POSIX sockets, one thread, one
/// request per connection (`Connection: close`). Routes map a path to a response; requests are
/// recorded so that tests can check what the client sent.
public final class TestHTTPServer: @unchecked Sendable {
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = []) {
            self.status = status; self.headers = headers; self.body = body
        }
        public init(status: Int = 200, headers: [(String, String)] = [], text: String) {
            self.init(status: status, headers: headers, body: Array(text.utf8))
        }
    }

    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
    }

    public let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var routes: [String: @Sendable (Request) -> Response] = [:]
    private var recorded: [Request] = []
    private var thread: Thread?

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

    private var stopped = false

    /// Stops listening. The serving thread closes the socket itself once `accept` fails: closing
    /// it here would free the descriptor number while that thread may still call `accept` on it,
    /// and the next server's socket, given the same number, would be served by the old thread.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        shutdown(listener, Int32(SHUT_RDWR))
    }

    public func route(_ path: String, _ handler: @escaping @Sendable (Request) -> Response) {
        lock.lock(); routes[path] = handler; lock.unlock()
    }

    public var requests: [Request] {
        lock.lock(); defer { lock.unlock() }
        return recorded
    }

    private func serve() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                close(listener)
                return
            }
            handle(client)
            close(client)
        }
    }

    private func handle(_ client: Int32) {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while !data.contains(0x0A) || !String(decoding: data, as: UTF8.self).contains("\r\n\r\n") {
            let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return }
            data.append(contentsOf: buffer[0..<n])
            if data.count > 1 << 20 { return }
        }
        let head = String(decoding: data, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
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
        var out = "HTTP/1.1 \(response.status) \(response.status == 200 ? "OK" : "Status")\r\n"
        var hasLength = false
        for (name, value) in response.headers {
            out += "\(name): \(value)\r\n"
            if name.lowercased() == "content-length" { hasLength = true }
        }
        if !hasLength { out += "Content-Length: \(response.body.count)\r\n" }
        out += "Connection: close\r\n\r\n"
        let bytes = Array(out.utf8) + response.body
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }
}
