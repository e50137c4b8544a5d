#if canImport(Glibc)
import Glibc
#endif
import FeedFetch
import FeedModel
import FeedParse
import Foundation
import TestHTTPServer
import XCTest

/// libcurl's codes that these tests expect (the test target does not import CCurl).
private let curleOperationTimedOut = 28
private let curleTooManyRedirects = 47

private let fixtures: URL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

private func fixture(_ name: String) throws -> [UInt8] {
    try Array(Data(contentsOf: fixtures.appendingPathComponent(name)))
}

/// Seconds that `body` took.
private func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = Date()
    let value = try body()
    return (value, Date().timeIntervalSince(start))
}

/// Whether `condition` becomes true within `seconds`.
private func eventually(within seconds: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while !condition() {
        if Date() >= deadline { return false }
        usleep(10_000)
    }
    return true
}

/// A fetch run on a thread of its own, whose outcome can be looked at while it runs.
private final class BackgroundFetch: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Result<HTTPResponse, FetchError>?
    private let done = DispatchSemaphore(value: 0)
    let started = Date()
    private(set) var finished: Date?

    init(_ url: String, limits: FetchLimits) {
        Thread { [self] in
            let r = Result { () throws(FetchError) in try HTTPGet.fetch(url, limits: limits) }
            lock.lock(); outcome = r; finished = Date(); lock.unlock()
            done.signal()
        }.start()
    }

    /// The outcome, or nil while the fetch is still running.
    var result: Result<HTTPResponse, FetchError>? {
        lock.lock(); defer { lock.unlock() }
        return outcome
    }

    /// Waits up to `seconds` for the fetch to end; its outcome, or nil if it is still running.
    func wait(_ seconds: Double) -> Result<HTTPResponse, FetchError>? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        done.signal()  // later waits return at once
        return result
    }

    var elapsed: Double? {
        lock.lock(); defer { lock.unlock() }
        return finished.map { $0.timeIntervalSince(started) }
    }
}

/// A bare TCP client, for checking exactly what the server puts on the wire.
private final class RawClient {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until `stop` says so, the peer closes, or 5 s without data. `closed` tells which.
    func read(until stop: ([UInt8]) -> Bool = { _ in false }) -> (bytes: [UInt8], closed: Bool) {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !stop(data) {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return (data, true) }
            if n < 0 { return (data, false) }
            data.append(contentsOf: buffer[0..<n])
        }
        return (data, false)
    }

    /// One request, the whole answer up to the server's close, split at the blank line.
    static func exchange(port: Int, _ request: String) throws -> (head: String, body: [UInt8]) {
        let client = try RawClient(port: port)
        client.send(request)
        let (bytes, closed) = client.read()
        XCTAssertTrue(closed, "the server did not close the connection")
        return split(bytes)
    }

    static func split(_ bytes: [UInt8]) -> (head: String, body: [UInt8]) {
        guard let end = headEnd(bytes) else { return (String(decoding: bytes, as: UTF8.self), []) }
        return (String(decoding: bytes[..<end], as: UTF8.self), Array(bytes[(end + 4)...]))
    }

    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        return (0...(bytes.count - 4)).first { bytes[$0] == 13 && bytes[$0 + 1] == 10 && bytes[$0 + 2] == 13 && bytes[$0 + 3] == 10 }
    }
}

/// Servers that misbehave (encoded bodies, bombs, trickles, stalls, redirect loops) against
/// `HTTPGet.fetch` and its limits; and checks of the test server's own wire format.
final class MisbehavingServerTests: XCTestCase {
    var server: TestHTTPServer!

    override func setUpWithError() throws {
        server = try TestHTTPServer()
    }

    override func tearDown() {
        server.stop()
        // Every connection thread must end once the server stops (a stalled one included).
        XCTAssertTrue(server.waitUntilIdle(timeout: 3), "\(server.openConnections) connection threads still running")
    }

    func assertCurlError(_ error: any Error, code: Int, containing text: String,
                         file: StaticString = #filePath, line: UInt = #line) {
        guard case let .curl(actual, message)? = error as? FetchError else {
            return XCTFail("expected a curl error, got \(error)", file: file, line: line)
        }
        XCTAssertEqual(actual, code, message, file: file, line: line)
        XCTAssertTrue(message.lowercased().contains(text), message, file: file, line: line)
    }

    // MARK: - Encodings and size caps

    func testGzipEncodedFeedIsDecoded() throws {
        let plain = try fixture("feed.xml"), gzipped = try fixture("feed.xml.gz")
        XCTAssertEqual(Array(gzipped.prefix(2)), [0x1F, 0x8B], "the fixture is gzip")
        XCTAssertNotEqual(gzipped, plain)
        server.route("/feed.xml") { _ in
            .init(headers: [("Content-Type", "application/rss+xml"), ("Content-Encoding", "gzip"),
                            ("Content-Length", "\(gzipped.count)"), ("Connection", "close")],
                  body: gzipped, exactHeaders: true)
        }
        let response = try HTTPGet.fetch(server.baseURL + "/feed.xml")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.body, plain)
        XCTAssertTrue(server.requests.last?.headers["accept-encoding"]?.contains("gzip") == true,
                      "\(String(describing: server.requests.last?.headers))")
        let feed = try FeedParser.parse(response.body, url: response.effectiveURL, contentType: response.contentType)
        XCTAssertEqual(feed.items.map(\.title), ["First item", "Second item", "Third item"])
    }

    func testGzipBombIsRefusedQuickly() throws {
        let bomb = try fixture("bomb.gz")
        var limits = FetchLimits()
        limits.maxBytes = 1 << 20
        // Small on the wire, so that only the decoded size can trip the cap.
        XCTAssertLessThan(bomb.count, 64 << 10)
        server.route("/bomb") { _ in .init(headers: [("Content-Type", "application/rss+xml"), ("Content-Encoding", "gzip")], body: bomb) }
        let (_, seconds) = try timed {
            XCTAssertThrowsError(try HTTPGet.fetch(server.baseURL + "/bomb", limits: limits)) {
                XCTAssertEqual($0 as? FetchError, .tooLarge(limit: 1 << 20, status: 200))
            }
        }
        XCTAssertLessThan(seconds, 5)
        // With room for it, the same bomb decodes to all of its 10 MiB of zeros: the cap above,
        // not some other failure, is what stopped it.
        limits.maxBytes = 11 << 20
        let whole = try HTTPGet.fetch(server.baseURL + "/bomb", limits: limits)
        XCTAssertEqual(whole.body.count, 10 << 20)
        XCTAssertTrue(whole.body.allSatisfy { $0 == 0 })
    }

    func testChunkedBodyOverTheCapIsRefused() throws {
        let body = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        server.route("/chunked") { _ in .init(headers: [("Content-Type", "text/xml")], body: body, chunked: true) }
        var limits = FetchLimits()
        limits.maxBytes = 100_000
        XCTAssertThrowsError(try HTTPGet.fetch(server.baseURL + "/chunked", limits: limits)) {
            XCTAssertEqual($0 as? FetchError, .tooLarge(limit: 100_000, status: 200))
        }
        // Under the cap the chunked body arrives whole.
        limits.maxBytes = 200_000
        XCTAssertEqual(try HTTPGet.fetch(server.baseURL + "/chunked", limits: limits).body, body)
    }

    // MARK: - Slow, stalled and concurrent

    func testTrickleTripsTheLowSpeedLimit() throws {
        // 100 bytes at 1 byte per 0.3 s would take 30 s.
        server.route("/slow") { _ in
            .init(headers: [("Content-Type", "text/xml")], body: [UInt8](repeating: 0x20, count: 100), trickle: (bytes: 1, every: 0.3))
        }
        var limits = FetchLimits()
        limits.lowSpeedBytes = 100
        limits.lowSpeedSeconds = 1
        let (_, seconds) = try timed {
            XCTAssertThrowsError(try HTTPGet.fetch(server.baseURL + "/slow", limits: limits)) {
                self.assertCurlError($0, code: curleOperationTimedOut, containing: "too slow")
            }
        }
        XCTAssertLessThan(seconds, 10)
        XCTAssertTrue(server.waitUntilIdle(timeout: 2), "the trickling thread did not end when the client left")
    }

    func testTrickledBodyArrivesWhole() throws {
        let body = Array((0..<100).map { UInt8($0) })
        server.route("/drip") { _ in .init(body: body, trickle: (bytes: 7, every: 0.03)) }
        let (response, seconds) = try timed { try HTTPGet.fetch(server.baseURL + "/drip") }
        XCTAssertEqual(response.body, body)
        XCTAssertGreaterThanOrEqual(seconds, 14 * 0.03 * 0.9, "15 pieces, 14 pauses: it did not trickle")
    }

    func testStalledResponseHitsTheTotalTimeout() throws {
        server.route("/stall") { _ in .init(headers: [("Content-Type", "text/xml"), ("Content-Length", "1000")], stallAfterHeaders: true) }
        var limits = FetchLimits()
        limits.totalTimeout = 2  // the low-speed limit (10 bytes/s over 20 s) is far off
        let (_, seconds) = try timed {
            XCTAssertThrowsError(try HTTPGet.fetch(server.baseURL + "/stall", limits: limits)) {
                self.assertCurlError($0, code: curleOperationTimedOut, containing: "timed out")
            }
        }
        XCTAssertGreaterThanOrEqual(seconds, 1.9)
        XCTAssertLessThan(seconds, 10)
        XCTAssertTrue(server.waitUntilIdle(timeout: 2), "the stalled thread did not end when the client left")
    }

    func testStalledFetchDoesNotHoldUpAnother() throws {
        server.route("/stall") { _ in .init(headers: [("Content-Type", "text/xml")], stallAfterHeaders: true) }
        server.route("/ok") { _ in .init(headers: [("Content-Type", "text/plain")], text: "ok") }
        var limits = FetchLimits()
        limits.totalTimeout = 6
        let stalled = BackgroundFetch(server.baseURL + "/stall", limits: limits)
        // Start the second fetch only once the server holds the first, so that they overlap.
        XCTAssertTrue(eventually { self.server.requests.contains { $0.path == "/stall" } })
        XCTAssertEqual(server.openConnections, 1)
        let normal = BackgroundFetch(server.baseURL + "/ok", limits: limits)
        guard case let .success(response)? = normal.wait(4) else {
            return XCTFail("the normal fetch did not complete beside the stalled one: \(String(describing: normal.result))")
        }
        XCTAssertEqual(response.body, Array("ok".utf8))
        XCTAssertLessThan(normal.elapsed ?? .infinity, 2)
        XCTAssertNil(stalled.result, "the stalled fetch ended first")
        guard case let .failure(error)? = stalled.wait(15) else {
            return XCTFail("the stalled fetch did not fail: \(String(describing: stalled.result))")
        }
        assertCurlError(error, code: curleOperationTimedOut, containing: "timed out")
        XCTAssertGreaterThanOrEqual(stalled.elapsed ?? 0, 5.9)
    }

    func testSlowClientDoesNotHoldUpAnother() throws {
        server.route("/ok") { _ in .init(text: "ok") }
        let slow = try RawClient(port: server.port)
        slow.send("GET /ok HTTP/1.1\r\nHost: x\r\n")  // and never the blank line
        XCTAssertTrue(eventually { self.server.openConnections == 1 })
        var limits = FetchLimits()
        limits.totalTimeout = 5
        let (response, seconds) = try timed { try HTTPGet.fetch(server.baseURL + "/ok", limits: limits) }
        XCTAssertEqual(response.body, Array("ok".utf8))
        XCTAssertLessThan(seconds, 2)
        // The fetch's own connection thread may take a moment to close once curl has the body.
        XCTAssertTrue(eventually { self.server.openConnections == 1 }, "\(server.openConnections) connections open")
        withExtendedLifetime(slow) {}
    }

    func testStopEndsStalledConnections() throws {
        server.route("/stall") { _ in .init(stallAfterHeaders: true) }
        let client = try RawClient(port: server.port)
        client.send("GET /stall HTTP/1.1\r\nHost: x\r\n\r\n")
        let (head, closedEarly) = client.read { RawClient.headEnd($0) != nil }
        XCTAssertFalse(closedEarly)
        XCTAssertTrue(String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK\r\n"))
        XCTAssertEqual(server.openConnections, 1)
        server.stop()
        let (rest, closed) = client.read()
        XCTAssertTrue(closed, "stop() did not end the stalled connection")
        XCTAssertEqual(rest, [])
        XCTAssertTrue(server.waitUntilIdle(timeout: 2))
    }

    // MARK: - Redirects

    func testRedirectLoopFails() throws {
        server.route("/a") { [base = server.baseURL] _ in .init(status: 302, headers: [("Location", base + "/b")]) }
        server.route("/b") { [base = server.baseURL] _ in .init(status: 302, headers: [("Location", base + "/a")]) }
        XCTAssertThrowsError(try HTTPGet.fetch(server.baseURL + "/a")) {
            self.assertCurlError($0, code: curleTooManyRedirects, containing: "redirects")
        }
        // The first request and the five redirects allowed by default, then curl gives up.
        XCTAssertEqual(server.requests.map(\.path), ["/a", "/b", "/a", "/b", "/a", "/b"])
    }

    func testSixRedirectsAreOneTooMany() throws {
        // /hop0 -> /hop1 -> ... -> /hop6: six redirects, of every kind.
        let statuses = [301, 302, 303, 307, 308, 301]
        for (i, status) in statuses.enumerated() {
            server.route("/hop\(i)") { [base = server.baseURL] _ in .init(status: status, headers: [("Location", base + "/hop\(i + 1)")]) }
        }
        server.route("/hop6") { _ in .init(text: "end") }
        var limits = FetchLimits()
        limits.maxRedirects = 5
        XCTAssertThrowsError(try HTTPGet.fetch(server.baseURL + "/hop0", limits: limits)) {
            self.assertCurlError($0, code: curleTooManyRedirects, containing: "redirects")
        }
        XCTAssertFalse(server.requests.contains { $0.path == "/hop6" })
        limits.maxRedirects = 6
        let response = try HTTPGet.fetch(server.baseURL + "/hop0", limits: limits)
        XCTAssertEqual(response.effectiveURL, server.baseURL + "/hop6")
        XCTAssertEqual(response.body, Array("end".utf8))
    }

    // MARK: - The test server's wire format

    func testStatusLinesCarryTheirReasonPhrase() throws {
        let expected = [200: "OK", 301: "Moved Permanently", 302: "Found", 304: "Not Modified",
                        307: "Temporary Redirect", 308: "Permanent Redirect", 404: "Not Found",
                        410: "Gone", 429: "Too Many Requests", 503: "Service Unavailable"]
        for (status, phrase) in expected {
            server.route("/s\(status)") { _ in .init(status: status, text: "x") }
            let (head, _) = try RawClient.exchange(port: server.port, "GET /s\(status) HTTP/1.1\r\nHost: x\r\n\r\n")
            XCTAssertTrue(head.hasPrefix("HTTP/1.1 \(status) \(phrase)\r\n"), head)
        }
    }

    func testNotModifiedAndHeadSendNoBody() throws {
        server.route("/same") { _ in .init(status: 304, headers: [("ETag", "\"v1\"")], body: Array("ignored".utf8)) }
        server.route("/page") { _ in .init(text: "hello") }
        let (head304, body304) = try RawClient.exchange(port: server.port, "GET /same HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertTrue(head304.hasPrefix("HTTP/1.1 304 Not Modified\r\n"), head304)
        XCTAssertTrue(head304.contains("ETag: \"v1\""), head304)
        XCTAssertFalse(head304.lowercased().contains("content-length"), head304)
        XCTAssertEqual(body304, [])
        let (headHEAD, bodyHEAD) = try RawClient.exchange(port: server.port, "HEAD /page HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertTrue(headHEAD.contains("\r\nContent-Length: 5"), headHEAD)
        XCTAssertEqual(bodyHEAD, [])
        let (_, bodyGET) = try RawClient.exchange(port: server.port, "GET /page HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(bodyGET, Array("hello".utf8))
    }

    func testChunkedAndExactHeadersOnTheWire() throws {
        server.route("/chunked") { _ in .init(text: "hello, world", trickle: (bytes: 5, every: 0.01), chunked: true) }
        server.route("/exact") { _ in .init(headers: [("X-One", "1")], text: "body", exactHeaders: true) }
        let (head, body) = try RawClient.exchange(port: server.port, "GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertTrue(head.contains("\r\nTransfer-Encoding: chunked"), head)
        XCTAssertFalse(head.lowercased().contains("content-length"), head)
        XCTAssertEqual(String(decoding: body, as: UTF8.self), "5\r\nhello\r\n5\r\n, wor\r\n2\r\nld\r\n0\r\n\r\n")
        let exact = try RawClient.exchange(port: server.port, "GET /exact HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(exact.head, "HTTP/1.1 200 OK\r\nX-One: 1")
        XCTAssertEqual(exact.body, Array("body".utf8))
    }

    func testVerbatimResponse() throws {
        let wire = "HTTP/1.1 200 Whatever\r\nX-Odd:no-space\r\n\r\nrest"
        server.route("/raw") { _ in .raw(Array(wire.utf8)) }
        let client = try RawClient(port: server.port)
        client.send("GET /raw HTTP/1.1\r\nHost: x\r\n\r\n")
        let (bytes, closed) = client.read()
        XCTAssertTrue(closed)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), wire)
    }

    func testConditionalGet() throws {
        let etag = "\"v1\"", date = "Wed, 08 Jan 2025 09:00:00 GMT"
        server.route("/feed") { .conditional($0, etag: etag, lastModified: date, text: "<rss/>") }
        func get(_ extra: String) throws -> (head: String, body: [UInt8]) {
            try RawClient.exchange(port: server.port, "GET /feed HTTP/1.1\r\nHost: x\r\n\(extra)\r\n")
        }
        let fresh = try get("")
        XCTAssertTrue(fresh.head.hasPrefix("HTTP/1.1 200 OK\r\n"), fresh.head)
        XCTAssertTrue(fresh.head.contains("\r\nETag: \"v1\"") && fresh.head.contains("\r\nLast-Modified: \(date)"), fresh.head)
        XCTAssertEqual(fresh.body, Array("<rss/>".utf8))

        for header in ["If-None-Match: \"v1\"", "If-None-Match: \"v0\", W/\"v1\"", "If-None-Match: *", "If-Modified-Since: \(date)"] {
            let answer = try get(header + "\r\n")
            XCTAssertTrue(answer.head.hasPrefix("HTTP/1.1 304 Not Modified\r\n"), "\(header): \(answer.head)")
            XCTAssertTrue(answer.head.contains("\r\nETag: \"v1\""), answer.head)
            XCTAssertEqual(answer.body, [], header)
        }
        for header in ["If-None-Match: \"v0\"", "If-Modified-Since: Tue, 07 Jan 2025 09:00:00 GMT",
                       // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
                       "If-None-Match: \"v0\"\r\nIf-Modified-Since: \(date)"] {
            let answer = try get(header + "\r\n")
            XCTAssertTrue(answer.head.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(header): \(answer.head)")
            XCTAssertEqual(answer.body, Array("<rss/>".utf8), header)
        }
    }
}
