@testable import FeedServe
import FeedDaemon
import FeedFetch
import Foundation
import TestHTTPServer
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The HTTP server on a real socket, against clients that misbehave: what it answers, and that
/// it goes on answering others.
final class FeedServerTests: XCTestCase {
    var folder = ""
    var server: FeedServer!
    var port: UInt16 = 0

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "feedsift-server-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "[daemon]\nstate = state\n[topic t]\nrule = ICE\n".write(toFile: folder + "/feeds.conf", atomically: true, encoding: .utf8)
        let loaded = try XCTUnwrap(LoadedConfig.load(folder + "/feeds.conf").0)
        port = UInt16(try TestHTTPServer.freePort())
        var limits = FeedServer.Limits()
        limits.head = 1
        limits.idle = 1
        server = try FeedServer(listen: "127.0.0.1:\(port)", service: try FeedService(loaded: loaded, metrics: Metrics()), limits: limits)
        try server.start()
    }

    override func tearDown() {
        server.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A socket connected to the server.
    func connected() -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = port.bigEndian
        inet_pton(AF_INET, "127.0.0.1", &a.sin_addr)
        let result = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        XCTAssertEqual(result, 0)
        return fd
    }

    /// Sends `bytes` (unless nil; then closes its side when `halfClose`), then reads until the
    /// server closes or `wait` seconds pass.
    func exchange(_ bytes: [UInt8]?, wait: Double = 5, halfClose: Bool = false) throws -> (reply: String, seconds: Double) {
        let fd = connected()
        defer { close(fd) }
        var timeout = timeval(tv_sec: Int(wait), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let start = monotonicSeconds()
        if let bytes { _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
        if halfClose { shutdown(fd, Int32(SHUT_WR)) }
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { break }
            reply += chunk[0..<n]
        }
        return (String(decoding: reply, as: UTF8.self), monotonicSeconds() - start)
    }

    func get(_ path: String) throws -> String {
        try exchange(Array("GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)).reply
    }

    /// A request line of a megabyte is refused at once (414), and the server goes on serving
    /// (FlyingFox read it in time quadratic in its length: minutes of a core, and two of them
    /// stopped all serving).
    func testAHugeRequestLineIsRefusedAtOnce() throws {
        let (reply, seconds) = try exchange(Array(("GET /" + String(repeating: "a", count: 1_000_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").utf8))
        XCTAssertTrue(reply.hasPrefix("HTTP/1.1 414 URI Too Long\r\n"), String(reply.prefix(80)))
        XCTAssertLessThan(seconds, 3)
        XCTAssertTrue(try get("/healthz").hasSuffix("\r\n\r\nok\n"))
    }

    /// A connection that sends nothing, or half a request, is closed after the head's time.
    func testAConnectionThatSendsNothingOrTooLittleIsClosed() throws {
        let idle = try exchange(nil, wait: 5)
        XCTAssertEqual(idle.reply, "")
        XCTAssertLessThan(idle.seconds, 3.5, "closed by the server, not by the client's wait")
        let half = try exchange(Array("GET /healthz HTTP/1.1\r\nHost: x\r\n".utf8), wait: 5)
        XCTAssertEqual(half.reply, "")
        XCTAssertLessThan(half.seconds, 3.5)
    }

    /// Keep-alive: two requests sent at once are answered in order on one connection; HEAD
    /// names GET's length and sends no body; a method HTTP lacks is 501; a body is refused.
    func testPipeliningHeadAndRefusals() throws {
        let two = try exchange(Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nHEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)).reply
        let answers = two.components(separatedBy: "HTTP/1.1 200 OK\r\n")
        XCTAssertEqual(answers.count, 3, two)
        XCTAssertTrue(answers[1].contains("Content-Length: 3\r\n") && answers[1].hasSuffix("\r\n\r\nok\n"), answers[1])
        XCTAssertTrue(answers[2].contains("Content-Length: 3\r\n") && answers[2].hasSuffix("Connection: close\r\n\r\n"), answers[2])
        XCTAssertTrue(try get("/nothing").hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        XCTAssertTrue(try exchange(Array("BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8)).reply.hasPrefix("HTTP/1.1 501 Not Implemented\r\n"))
        XCTAssertTrue(try exchange(Array("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello".utf8)).reply.hasPrefix("HTTP/1.1 413 "))
        XCTAssertTrue(try exchange(Array("GET /healthz HTTP/2.0\r\n\r\n".utf8)).reply.hasPrefix("HTTP/1.1 505 "))
        // HTTP/1.0 closes after its answer; a client that closes its side after sending still gets it.
        XCTAssertTrue(try exchange(Array("GET /healthz HTTP/1.0\r\n\r\n".utf8)).reply.hasSuffix("Connection: close\r\n\r\nok\n"))
    }

    /// Blank lines before a request are skipped, and bounded (they were taken for a head, and
    /// what followed them was stored without end: a gigabyte in three seconds); requests sent
    /// before the client closes its side are all answered; HTTP/1.0 keep-alive is said; a
    /// proxy's absolute-form target is served; every answer carries a Date; a POST with a body
    /// is 405, not 413.
    func testBlankLinesHalfClosesAndOtherForms() throws {
        XCTAssertTrue(try exchange(Array("\r\n\r\nGET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n".utf8)).reply.hasSuffix("\r\n\r\nok\n"))
        // Refused at once (431, which the client may not get to read when the server closes on
        // what it has not read): well before the 1 s a connection has for its head here.
        let flood = try exchange(Array(String(repeating: "\r\n", count: 20_000).utf8), wait: 5)
        XCTAssertTrue(flood.reply.hasPrefix("HTTP/1.1 431 ") || flood.reply.isEmpty, String(flood.reply.prefix(60)))
        XCTAssertLessThan(flood.seconds, 0.8)
        let three = try exchange(Array("GET /healthz HTTP/1.1\r\n\r\nGET /feeds.opml HTTP/1.1\r\n\r\nGET /healthz HTTP/1.1\r\n\r\n".utf8), halfClose: true)
        XCTAssertEqual(three.reply.components(separatedBy: "HTTP/1.1 200 OK\r\n").count, 4, three.reply)
        let ten = try exchange(Array("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".utf8), wait: 3)
        XCTAssertTrue(ten.reply.contains("\r\nConnection: keep-alive\r\n"), ten.reply)
        let absolute = try exchange(Array("GET http://127.0.0.1:\(port)/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)).reply
        XCTAssertTrue(absolute.hasSuffix("\r\n\r\nok\n"), absolute)
        XCTAssertTrue(absolute.contains("\r\nDate: ") && absolute.contains(" GMT\r\n"), absolute)
        XCTAssertTrue(try exchange(Array("POST /healthz HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello".utf8)).reply.hasPrefix("HTTP/1.1 405 "))
    }

    /// A proxy's absolute-form target (RFC 9112 §3.2.2) is served by its path.
    func testAnAbsoluteFormTargetIsItsPath() {
        XCTAssertEqual(FeedServer.path("https://h.example/topics/t.atom?x"), "/topics/t.atom?x")
        XCTAssertEqual(FeedServer.path("http://h.example"), "/")
    }

    /// More connections than the server takes at once wait (it stops accepting), and are served
    /// as others close; it serves on after them.
    func testConnectionsPastTheLimitWaitAndTheServerGoesOn() throws {
        server.stop()
        var limits = FeedServer.Limits()
        limits.head = 1
        limits.maxConnections = 4
        let loaded = try XCTUnwrap(LoadedConfig.load(folder + "/feeds.conf").0)
        server = try FeedServer(listen: "127.0.0.1:\(port)", service: try FeedService(loaded: loaded, metrics: Metrics()), limits: limits)
        try server.start()
        var held: [Int32] = []
        defer { for fd in held { close(fd) } }
        for _ in 0..<4 { held.append(connected()) }
        // The fifth waits until the idle four time out (1 s here), then is served.
        let r = try exchange(Array("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8), wait: 10)
        XCTAssertTrue(r.reply.hasSuffix("\r\n\r\nok\n"), r.reply)
        XCTAssertGreaterThan(r.seconds, 0.7, "served only once the others made room")
    }
}

/// The request head, read from bytes as they come.
final class RequestHeadTests: XCTestCase {
    func read(_ s: String, scanned: Int = 0) -> RequestHead.Outcome { RequestHead.read(Array(s.utf8), scanned: scanned) }

    func testAWholeHead() {
        guard case let .head(head, length) = read("GET /a?b HTTP/1.1\r\nHost: x\r\nX-Y:  z \r\n\r\nrest") else { return XCTFail() }
        XCTAssertEqual(head, RequestHead(method: "GET", target: "/a?b", minorVersion: 1, headers: [("host", "x"), ("x-y", "z")]))
        XCTAssertEqual(length, 40)
        XCTAssertTrue(head.keepsAlive)
        guard case let .head(lf, _) = read("\r\nGET / HTTP/1.0\nConnection: keep-alive\n\n") else { return XCTFail() }
        XCTAssertEqual(lf.minorVersion, 0)
        XCTAssertTrue(lf.keepsAlive)
        guard case let .head(close, _) = read("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n") else { return XCTFail() }
        XCTAssertFalse(close.keepsAlive)
    }

    /// Blank lines before the request line are skipped, and count in the head's size.
    func testBlankLinesBeforeTheRequestLine() {
        guard case let .head(head, length) = read("\r\n\n\r\nGET / HTTP/1.1\r\n\r\n") else { return XCTFail() }
        XCTAssertEqual(head.target, "/")
        XCTAssertEqual(length, 23)
        XCTAssertEqual(read("\r\n\r\n"), .incomplete(scanned: 4))
        XCTAssertEqual(read(String(repeating: "\r\n", count: 9000)), .refused(status: 431, reason: "request head over 16384 bytes"))
    }

    func testAHeadNotYetWhole() {
        XCTAssertEqual(read("GET / HTTP/1.1\r\nHost: x\r\n"), .incomplete(scanned: 25))
        // The search goes on from where it stopped, and finds an end split over two reads.
        guard case .head = read("GET / HTTP/1.1\r\nHost: x\r\n\r\n", scanned: 25) else { return XCTFail() }
    }

    func testWhatIsRefused() {
        XCTAssertEqual(read("GET /" + String(repeating: "a", count: 9000)), .refused(status: 414, reason: "request line over 8192 bytes"))
        XCTAssertEqual(read("GET / HTTP/1.1\r\n" + String(repeating: "X: y\r\n", count: 3000)), .refused(status: 431, reason: "request head over 16384 bytes"))
        XCTAssertEqual(read("GET / HTTP/1.1\r\n" + String(repeating: "X: y\r\n", count: 101) + "\r\n"), .refused(status: 431, reason: "over 100 header fields"))
        XCTAssertEqual(read("GET / HTTP/3\r\n\r\n"), .refused(status: 505, reason: "HTTP version 3 is not served"))
        for bad in ["GET /\r\n\r\n", "GET  / HTTP/1.1\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n",
                    "GET / HTTP/1.1\r\nNo colon\r\n\r\n", "GET / HTTP/1.1\r\nBad name: x\r\n\r\n", "GET / XTTP/1.1\r\n\r\n"] {
            guard case .refused(status: 400, _) = read(bad) else { return XCTFail(bad) }
        }
    }
}
