import FeedDaemon
import FeedFetch
import FeedParse
import FeedStore
@testable import FeedServe
import Foundation
import TestHTTPServer
import XCTest

/// What the daemon serves: routes, validators, gzip, metrics; then the same through `FeedServer`
/// on a real socket.
final class FeedServiceTests: XCTestCase {
    var feeds: TestHTTPServer!
    var folder = ""
    var loaded: LoadedConfig!
    let metrics = Metrics()
    var service: FeedService!

    override func setUpWithError() throws {
        feeds = try TestHTTPServer()
        folder = NSTemporaryDirectory() + "feedsift-serve-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/seeds/immigration", withIntermediateDirectories: true)
        try "ICE raids\n\nAgents raided homes.\n".write(toFile: folder + "/seeds/immigration/seed.txt", atomically: true, encoding: .utf8)
        let rss = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>https://news.example/</link>
            <item><title>ICE raids in Chicago</title><link>https://news.example/1</link><description>\(String(repeating: "Agents detained people. ", count: 30))</description></item>
            <item><title>Snow expected</title><link>https://news.example/2</link><description>Cold.</description></item>
            </channel></rss>
            """
        feeds.route("/wire.xml") { _ in .init(text: rss) }
        try """
            [daemon]
            state = state
            listen = 127.0.0.1:8377

            [feeds]
            \(feeds.baseURL)/wire.xml name=Wire tags=news

            [topic immigration]
            rule = ICE
            seeds = seeds/immigration

            """.write(toFile: folder + "/feeds.conf", atomically: true, encoding: .utf8)
        loaded = try XCTUnwrap(LoadedConfig.load(folder + "/feeds.conf").0)
        // One real poll fills the state.
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: loaded, events: events)
        poller.start(loaded.config.feeds)
        while poller.fetching > 0, case let .fetched(r)? = events.pop(timeout: 10) {
            if let report = poller.handle(r) { metrics.record(report) }
        }
        service = try FeedService(loaded: loaded, metrics: metrics)
    }

    override func tearDown() {
        feeds.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A served feed names itself by the listen address, unless that is every interface: then
    /// by the request's Host, when it is a plain host and port.
    func testTheSelfLinkNamesAnAddressReadersCanFetch() {
        XCTAssertEqual(FeedService.publicHost(listen: "127.0.0.1:8377", host: "evil.example"), "127.0.0.1:8377")
        XCTAssertEqual(FeedService.publicHost(listen: "0.0.0.0:8377", host: "feeds.example.org:8377"), "feeds.example.org:8377")
        XCTAssertEqual(FeedService.publicHost(listen: "[::]:8377", host: "[2001:db8::1]:8377"), "[2001:db8::1]:8377")
        XCTAssertEqual(FeedService.publicHost(listen: "0.0.0.0:8377", host: "x\"><script>"), "0.0.0.0:8377")
        XCTAssertEqual(FeedService.publicHost(listen: "0.0.0.0:8377", host: nil), "0.0.0.0:8377")
        XCTAssertEqual(FeedService.publicHost(listen: nil, host: "a"), "127.0.0.1")
    }

    func get(_ path: String, _ headers: [String: String] = [:], method: String = "GET") -> ServedResponse {
        service.respond(method: method, path: path, headers: headers, now: 1_800_000_000)
    }

    func testEachFormatOfATopicIsServedWithItsType() {
        let atom = get("/topics/immigration.atom")
        XCTAssertEqual(atom.status, 200)
        XCTAssertEqual(atom.header("content-type"), "application/atom+xml; charset=utf-8")
        XCTAssertTrue(String(decoding: atom.body, as: UTF8.self).contains("ICE raids in Chicago"))
        XCTAssertFalse(String(decoding: atom.body, as: UTF8.self).contains("Snow expected"))
        XCTAssertEqual(get("/topics/immigration.rss").header("content-type"), "application/rss+xml; charset=utf-8")
        XCTAssertEqual(get("/topics/immigration.json").header("content-type"), "application/feed+json; charset=utf-8")
        XCTAssertTrue(String(decoding: get("/feeds.opml").body, as: UTF8.self).contains("xmlUrl=\"\(feeds.baseURL)/wire.xml\""))
        XCTAssertEqual(String(decoding: get("/healthz").body, as: UTF8.self), "ok\n")
    }

    func testEverythingElseIs404AndNoPathReachesAFile() {
        for path in ["/", "/topics/", "/topics/nope.atom", "/topics/immigration.xml", "/topics/immigration",
                     "/topics/../feeds.conf", "/topics/../../etc/passwd.atom", "/feeds.conf", "/state/feedsift.sqlite",
                     "/topics/immigration.atom/../../feeds.conf", "/%2e%2e/feeds.conf"] {
            XCTAssertEqual(get(path).status, 404, path)
        }
        XCTAssertEqual(get("/healthz", method: "POST").status, 405)
    }

    func testAQueryStringDoesNotChangeTheRoute() {
        XCTAssertEqual(get("/topics/immigration.atom?x=1").status, 200)
    }

    func testETagGives304WithoutABody() throws {
        let first = get("/topics/immigration.atom")
        let etag = try XCTUnwrap(first.header("ETag"))
        let again = get("/topics/immigration.atom", ["If-None-Match": etag])
        XCTAssertEqual(again.status, 304)
        XCTAssertEqual(again.body, [])
        XCTAssertEqual(again.header("ETag"), etag)
        XCTAssertEqual(get("/topics/immigration.atom", ["If-None-Match": "\"other\""]).status, 200)
    }

    func testLastModifiedGives304() throws {
        let first = get("/topics/immigration.atom")
        let modified = try XCTUnwrap(first.header("Last-Modified"))
        XCTAssertTrue(modified.hasSuffix(" GMT"), modified)
        XCTAssertEqual(get("/topics/immigration.atom", ["If-Modified-Since": modified]).status, 304)
        XCTAssertEqual(get("/topics/immigration.atom", ["If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"]).status, 200)
    }

    /// A match marked irrelevant leaves the served feed, and its Last-Modified moves to then: a
    /// client asking If-Modified-Since with the time it held got 304 for a feed that had changed.
    func testAMatchMarkedIrrelevantLeavesTheFeedWhichIsModifiedThen() throws {
        let first = get("/topics/immigration.atom")
        XCTAssertTrue(String(decoding: first.body, as: UTF8.self).contains("ICE raids in Chicago"))
        let modified = try XCTUnwrap(first.header("Last-Modified"))
        let store = try loaded.openStore()
        let match = try XCTUnwrap(store.matches(topic: "immigration").first)
        // A second, older match, which stays.
        let story = try store.addStory(linkKey: "news.example/0", title: "ICE agents at a courthouse", link: "https://news.example/0",
                                       published: nil, time: match.matched - 100)
        try store.addMatch(StoredMatch(id: "0123456789abcdef", topic: "immigration", score: nil, hits: ["ICE"], title: "ICE agents at a courthouse",
                                       link: "https://news.example/0", feed: match.feed, published: nil, matched: match.matched - 100, file: nil),
                           story: story)
        try store.setDismissed(id: match.id, true, at: match.matched + 60)
        let after = get("/topics/immigration.atom", ["If-Modified-Since": modified])
        XCTAssertEqual(after.status, 200)
        XCTAssertFalse(String(decoding: after.body, as: UTF8.self).contains("ICE raids in Chicago"))
        XCTAssertTrue(String(decoding: after.body, as: UTF8.self).contains("ICE agents at a courthouse"))
        XCTAssertNotEqual(after.header("Last-Modified"), modified)
        // Marked relevant again later: back, and modified then too (it went back in time).
        let dismissedModified = try XCTUnwrap(after.header("Last-Modified"))
        try store.setDismissed(id: match.id, false, at: match.matched + 120)
        let back = get("/topics/immigration.atom", ["If-Modified-Since": dismissedModified])
        XCTAssertEqual(back.status, 200)
        XCTAssertTrue(String(decoding: back.body, as: UTF8.self).contains("ICE raids in Chicago"))
    }

    func testGzipWhenAskedAndItsOwnValidator() throws {
        let plain = get("/topics/immigration.atom")
        let packed = get("/topics/immigration.atom", ["Accept-Encoding": "br, gzip;q=0.8"])
        XCTAssertEqual(packed.header("Content-Encoding"), "gzip")
        XCTAssertEqual(Array(packed.body.prefix(2)), [0x1F, 0x8B])
        XCTAssertLessThan(packed.body.count, plain.body.count)
        XCTAssertEqual(try gunzip(packed.body), plain.body)
        XCTAssertNotEqual(packed.header("ETag"), plain.header("ETag"))
        XCTAssertEqual(get("/topics/immigration.atom", ["Accept-Encoding": "gzip", "If-None-Match": packed.header("ETag")!]).status, 304)
        XCTAssertNil(get("/topics/immigration.atom", ["Accept-Encoding": "gzip;q=0"]).header("Content-Encoding"))
        XCTAssertNil(get("/topics/immigration.atom", ["Accept-Encoding": "identity"]).header("Content-Encoding"))
    }

    func testHeadHasTheHeadersAndNoBody() {
        let head = get("/topics/immigration.atom", method: "HEAD")
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.body, [])
        XCTAssertEqual(head.header("ETag"), get("/topics/immigration.atom").header("ETag"))
    }

    /// HEAD sends the headers GET sends, the length of its body among them (it said 0).
    func testHeadNamesTheLengthOfTheBody() throws {
        for headers in [[:], ["Accept-Encoding": "gzip"]] {
            let body = get("/topics/immigration.atom", headers).body
            let head = get("/topics/immigration.atom", headers, method: "HEAD")
            XCTAssertEqual(head.header("Content-Length"), String(body.count))
            XCTAssertEqual(head.body, [])
        }
    }

    /// A 304 to a client of the gzip form names the gzip form's ETag; `q=0.0` refuses gzip as `q=0` does.
    func testA304NamesTheETagOfTheFormTheClientHolds() throws {
        let packed = get("/topics/immigration.atom", ["Accept-Encoding": "gzip"])
        let etag = try XCTUnwrap(packed.header("ETag"))
        XCTAssertTrue(etag.hasSuffix("-gzip\""), etag)
        let again = get("/topics/immigration.atom", ["Accept-Encoding": "gzip", "If-None-Match": etag])
        XCTAssertEqual(again.status, 304)
        XCTAssertEqual(again.header("ETag"), etag)
        for refusal in ["gzip;q=0.0", "gzip; q=0.000", "GZIP;Q=0"] {
            XCTAssertNil(get("/topics/immigration.atom", ["Accept-Encoding": refusal]).header("Content-Encoding"), refusal)
        }
        XCTAssertEqual(get("/topics/immigration.atom", ["Accept-Encoding": "gzip;q=0.5"]).header("Content-Encoding"), "gzip")
    }

    /// If-Modified-Since is a date: a later one gives 304 too; and a Last-Modified of the current
    /// second proves nothing (matches stored later in that second change the feed): 200.
    func testIfModifiedSinceComparesDatesAndDistrustsTheCurrentSecond() throws {
        let modified = try XCTUnwrap(get("/topics/immigration.atom").header("Last-Modified"))
        XCTAssertEqual(get("/topics/immigration.atom", ["If-Modified-Since": "Tue, 01 Jan 2030 00:00:00 GMT"]).status, 304)
        let seconds = try XCTUnwrap(FeedDate.parse(modified)).seconds
        let sameSecond = service.respond(method: "GET", path: "/topics/immigration.atom", headers: ["If-Modified-Since": modified], now: seconds)
        XCTAssertEqual(sameSecond.status, 200)
        let later = service.respond(method: "GET", path: "/topics/immigration.atom", headers: ["If-Modified-Since": modified], now: seconds + 1)
        XCTAssertEqual(later.status, 304)
    }

    /// A topic with no match yet serves the same body, and ETag, from one second to the next (its
    /// `updated` was the time of the request).
    func testAnEmptyTopicKeepsItsETag() throws {
        try """
            [daemon]
            state = state
            [topic immigration]
            rule = ICE
            seeds = seeds/immigration
            [topic border]
            rule = wall
            """.write(toFile: folder + "/feeds.conf", atomically: true, encoding: .utf8)
        service.update(try XCTUnwrap(LoadedConfig.load(folder + "/feeds.conf").0))
        let first = service.respond(method: "GET", path: "/topics/border.atom", headers: [:], now: 1_800_000_000)
        let second = service.respond(method: "GET", path: "/topics/border.atom", headers: [:], now: 1_800_000_007)
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(first.header("ETag"), second.header("ETag"))
        XCTAssertNil(first.header("Last-Modified"))
    }

    /// A method HTTP does not have is not implemented (501); one it has is not allowed here (405).
    func testAnUnknownMethodIsNotImplemented() {
        XCTAssertEqual(get("/healthz", method: "BREW").status, 501)
        XCTAssertEqual(get("/healthz", method: "DELETE").status, 405)
    }

    func testMetricsCountThePolls() {
        let text = String(decoding: get("/metrics").body, as: UTF8.self)
        XCTAssertTrue(text.contains("feedsift_polls_total{outcome=\"updated\"} 1\n"), text)
        XCTAssertTrue(text.contains("feedsift_items_total 2\n"), text)
        XCTAssertTrue(text.contains("feedsift_matches_total{topic=\"immigration\"} 1\n"), text)
        XCTAssertTrue(text.contains("feedsift_fetch_duration_seconds_count 1\n"), text)
        XCTAssertTrue(text.contains("feedsift_fetch_duration_seconds_bucket{le=\"+Inf\"} 1\n"), text)
    }

    func testOverARealSocketWithConditionalGet() throws {
        let port = try TestHTTPServer.freePort()
        let server = try FeedServer(listen: "127.0.0.1:\(port)", service: service)
        try server.start()
        defer { server.stop() }
        let url = "http://127.0.0.1:\(port)/topics/immigration.rss"
        let first = try HTTPGet.fetch(url)
        XCTAssertEqual(first.status, 200)
        XCTAssertTrue(String(decoding: first.body, as: UTF8.self).contains("ICE raids in Chicago"))
        let etag = try XCTUnwrap(first.etag)
        let results = BlockingQueue<FetchResult>()
        let fetcher = Fetcher(parallel: 1, perHost: 1, limits: FetchLimits()) { results.push($0) }
        defer { fetcher.shutdown() }
        fetcher.submit([FetchRequest(url: url, etag: etag)])
        XCTAssertEqual(try XCTUnwrap(results.pop(timeout: 10)).outcome.get().status, 304)
        XCTAssertEqual(try HTTPGet.fetch("http://127.0.0.1:\(port)/nothing-here").status, 404)
    }

    func testAPortInUseIsRefusedWithAReason() throws {
        let port = try TestHTTPServer.freePort()
        let first = try FeedServer(listen: "127.0.0.1:\(port)", service: service)
        try first.start()
        defer { first.stop() }
        XCTAssertThrowsError(try FeedServer(listen: "127.0.0.1:\(port)", service: service)) { error in
            XCTAssertTrue("\(error)".contains("cannot listen on 127.0.0.1:\(port)"), "\(error)")
        }
    }

    /// gzip -dc, the tool every Debian has.
    func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-dc"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        input.fileHandleForWriting.write(Data(bytes))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Array(data)
    }
}
