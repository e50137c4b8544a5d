import FeedFetch
import Foundation
import TestHTTPServer
import XCTest

/// The multi-handle fetcher: many transfers at once, within the caps, each result delivered once.
final class FetcherTests: XCTestCase {
    var server: TestHTTPServer!

    override func setUpWithError() throws {
        server = try TestHTTPServer()
    }

    override func tearDown() {
        server.stop()
    }

    /// Counts the requests the server is answering at the same moment.
    final class Gauge: @unchecked Sendable {
        let lock = NSLock()
        var now = 0, peak = 0
        func enter() { lock.lock(); now += 1; peak = max(peak, now); lock.unlock() }
        func leave() { lock.lock(); now -= 1; lock.unlock() }
    }

    func fetchAll(_ urls: [String], parallel: Int, perHost: Int, limits: FetchLimits = FetchLimits()) -> [FetchResult] {
        let results = BlockingQueue<FetchResult>()
        let fetcher = Fetcher(parallel: parallel, perHost: perHost, limits: limits) { results.push($0) }
        defer { fetcher.shutdown() }
        fetcher.submit(urls.enumerated().map { FetchRequest(tag: Int64($0.offset), url: $0.element) })
        var out: [FetchResult] = []
        while out.count < urls.count, let r = results.pop(timeout: 30) { out.append(r) }
        return out
    }

    func testThePerHostCapHolds() throws {
        let gauge = Gauge()
        server.route("/slow") { _ in gauge.enter(); usleep(150_000); gauge.leave(); return .init(text: "ok") }
        let results = fetchAll(Array(repeating: server.baseURL + "/slow", count: 8), parallel: 16, perHost: 2)
        XCTAssertEqual(results.count, 8)
        XCTAssertEqual(gauge.peak, 2)
    }

    func testTheTotalCapHoldsAcrossHosts() throws {
        let gauge = Gauge()
        server.route("/slow") { _ in gauge.enter(); usleep(150_000); gauge.leave(); return .init(text: "ok") }
        // 127.0.0.1 and localhost are two hosts to the cap, one server here.
        let other = server.baseURL.replacingOccurrences(of: "127.0.0.1", with: "localhost")
        let urls = (0..<6).map { _ in server.baseURL + "/slow" } + (0..<6).map { _ in other + "/slow" }
        let results = fetchAll(urls, parallel: 3, perHost: 2)
        XCTAssertEqual(results.count, 12)
        XCTAssertEqual(gauge.peak, 3)
    }

    func testTransfersRunAtOnceNotOneAfterAnother() throws {
        server.route("/slow") { _ in usleep(300_000); return .init(text: "ok") }
        let start = Date()
        let results = fetchAll(Array(repeating: server.baseURL + "/slow", count: 10), parallel: 16, perHost: 16)
        XCTAssertEqual(results.count, 10)
        XCTAssertLessThan(Date().timeIntervalSince(start), 2.0, "ten 0.3 s answers one after another take 3 s")
    }

    func testEachResultCarriesItsTagAndOutcome() throws {
        server.route("/a") { _ in .init(text: "A") }
        server.route("/gone") { _ in .init(status: 410, text: "gone") }
        let results = fetchAll([server.baseURL + "/a", server.baseURL + "/gone", "http://127.0.0.1:1/refused"], parallel: 4, perHost: 4)
        let byTag = Dictionary(uniqueKeysWithValues: results.map { ($0.request.tag, $0) })
        XCTAssertEqual(try byTag[0]?.outcome.get().body, Array("A".utf8))
        XCTAssertEqual(try byTag[1]?.outcome.get().status, 410)
        guard case let .failure(.curl(code, _))? = byTag[2]?.outcome else { return XCTFail("\(String(describing: byTag[2]))") }
        XCTAssertEqual(code, 7, "CURLE_COULDNT_CONNECT")
    }

    func testRequestsNameFeedsiftAndAskForCompression() throws {
        server.route("/a") { _ in .init(text: "A") }
        _ = fetchAll([server.baseURL + "/a"], parallel: 1, perHost: 1)
        let request = try XCTUnwrap(server.requests.first)
        XCTAssertTrue(request.headers["user-agent"]?.hasPrefix("feedsift/") == true, "\(request.headers)")
        XCTAssertTrue(request.headers["accept-encoding"]?.contains("gzip") == true, "\(request.headers)")
    }

    func testValidatorsAreSentAndRedirectsRecorded() throws {
        let base = server.baseURL
        server.route("/old") { _ in .init(status: 301, headers: [("Location", base + "/mid")]) }
        server.route("/mid") { _ in .init(status: 308, headers: [("Location", base + "/new")]) }
        server.route("/new") { request in .conditional(request, etag: "\"7\"", text: "body") }
        let results = BlockingQueue<FetchResult>()
        let fetcher = Fetcher(parallel: 2, perHost: 2, limits: FetchLimits()) { results.push($0) }
        defer { fetcher.shutdown() }
        fetcher.submit([FetchRequest(tag: 1, url: base + "/old", etag: "\"7\"", lastModified: nil)])
        let response = try XCTUnwrap(results.pop(timeout: 10)).outcome.get()
        XCTAssertEqual(response.status, 304)
        XCTAssertEqual(response.redirects, [301, 308])
        XCTAssertEqual(response.effectiveURL, base + "/new")
        XCTAssertEqual(server.requests.last?.headers["if-none-match"], "\"7\"")
    }

    func testCancelledTransfersAreNeverDelivered() throws {
        server.route("/stall") { _ in .init(text: "late", stallAfterHeaders: true) }
        let results = BlockingQueue<FetchResult>()
        let fetcher = Fetcher(parallel: 2, perHost: 2, limits: FetchLimits()) { results.push($0) }
        fetcher.submit([FetchRequest(tag: 1, url: server.baseURL + "/stall"), FetchRequest(tag: 2, url: server.baseURL + "/stall")])
        usleep(200_000)
        XCTAssertEqual(fetcher.pending, 2)
        fetcher.cancelAll()
        usleep(200_000)
        XCTAssertEqual(fetcher.pending, 0)
        XCTAssertNil(results.pop(timeout: 0.5))
        fetcher.shutdown()
    }

    /// A cancel and a submit right after it, before the fetcher's thread has woken: the new
    /// request is not swept away with the old ones, and no old result is delivered in its place.
    func testRequestsSubmittedRightAfterACancelStillRun() throws {
        server.route("/stall") { _ in .init(text: "late", stallAfterHeaders: true) }
        server.route("/now") { _ in .init(text: "now") }
        let results = BlockingQueue<FetchResult>()
        let fetcher = Fetcher(parallel: 4, perHost: 4, limits: FetchLimits()) { results.push($0) }
        defer { fetcher.shutdown() }
        fetcher.submit([FetchRequest(tag: 1, url: server.baseURL + "/stall"), FetchRequest(tag: 2, url: server.baseURL + "/stall")])
        usleep(200_000)
        fetcher.cancelAll()
        fetcher.submit([FetchRequest(tag: 3, url: server.baseURL + "/now")])
        let result = try XCTUnwrap(results.pop(timeout: 10))
        XCTAssertEqual(result.request.tag, 3)
        XCTAssertEqual(try result.outcome.get().status, 200)
        XCTAssertNil(results.pop(timeout: 0.5))
        XCTAssertEqual(fetcher.pending, 0)
    }
}
