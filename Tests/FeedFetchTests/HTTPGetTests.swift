import FeedFetch
import FeedModel
import FeedParse
import TestHTTPServer
import XCTest

/// `parse URL`: libcurl against a real HTTP server on 127.0.0.1, so that what HTTP says counts.
final class HTTPGetTests: XCTestCase {
    var server: TestHTTPServer!

    override func setUpWithError() throws {
        server = try TestHTTPServer()
    }

    override func tearDown() {
        server.stop()
    }

    func fetchAndParse(_ path: String) throws -> ParsedFeed {
        let response = try HTTPGet.fetch(server.baseURL + path)
        return try FeedParser.parse(response.body, url: FeedParser.documentURL(effectiveURL: response.effectiveURL, contentLocation: response.contentLocation), contentType: response.contentType)
    }

    func testCharsetInTheHeaderOnlyCounts() throws {
        // KOI8-R bytes for "Мир", in a document that declares no encoding.
        let body = Array("<rss version=\"2.0\"><channel><title>".utf8) + [0xED, 0xC9, 0xD2] + Array("</title></channel></rss>".utf8)
        server.route("/koi8.xml") { _ in .init(headers: [("Content-Type", "application/rss+xml; charset=KOI8-R")], body: body) }
        let feed = try fetchAndParse("/koi8.xml")
        XCTAssertEqual(feed.feed.title, "Мир")
        XCTAssertEqual(feed.encoding, "koi8-r")
    }

    func testContentLocationIsTheBaseForRelativeLinks() throws {
        let doc = "<rss version=\"2.0\"><channel><title>t</title><item><link>story/1</link></item></channel></rss>"
        server.route("/feed") { _ in .init(headers: [("Content-Type", "text/xml"), ("Content-Location", "news/rss.xml")], text: doc) }
        let feed = try fetchAndParse("/feed")
        XCTAssertEqual(feed.items.first?.link, server.baseURL + "/news/story/1")
    }

    func testTheURLAfterRedirectsIsTheBase() throws {
        let doc = "<rss version=\"2.0\"><channel><title>t</title><item><link>2</link></item></channel></rss>"
        let target = server.baseURL + "/moved/here/feed.xml"
        server.route("/old") { _ in .init(status: 301, headers: [("Location", target)]) }
        server.route("/moved/here/feed.xml") { _ in .init(headers: [("Content-Type", "text/xml")], text: doc) }
        let response = try HTTPGet.fetch(server.baseURL + "/old")
        XCTAssertEqual(response.effectiveURL, target)
        let feed = try FeedParser.parse(response.body, url: FeedParser.documentURL(effectiveURL: response.effectiveURL, contentLocation: response.contentLocation))
        XCTAssertEqual(feed.items.first?.link, server.baseURL + "/moved/here/2")
    }

    func testRedirectLoopEndsWithAnError() throws {
        server.route("/a") { [base = server.baseURL] _ in .init(status: 302, headers: [("Location", base + "/b")]) }
        server.route("/b") { [base = server.baseURL] _ in .init(status: 302, headers: [("Location", base + "/a")]) }
        XCTAssertThrowsError(try HTTPGet.fetch(server.baseURL + "/a")) { error in
            XCTAssertTrue("\(error)".lowercased().contains("redirect"), "\(error)")
        }
    }

    func testBodyOverTheCapIsRefused() throws {
        server.route("/big") { _ in .init(headers: [("Content-Type", "text/xml")], body: [UInt8](repeating: 0x20, count: 200_000)) }
        var limits = FetchLimits()
        limits.maxBytes = 100_000
        XCTAssertThrowsError(try HTTPGet.fetch(server.baseURL + "/big", limits: limits)) {
            XCTAssertEqual($0 as? FetchError, .tooLarge(limit: 100_000, status: 200))
        }
    }

    func testUserAgentNamesFeedsift() throws {
        server.route("/ua") { _ in .init(text: "<rss/>") }
        _ = try HTTPGet.fetch(server.baseURL + "/ua")
        XCTAssertEqual(server.requests.last?.headers["user-agent"], FeedsiftVersion.userAgent)
    }

    func testRefusedConnectionIsAnErrorWithItsCause() throws {
        let port = server.port
        server.stop()
        XCTAssertThrowsError(try HTTPGet.fetch("http://127.0.0.1:\(port)/x")) { error in
            XCTAssertTrue("\(error)".contains("127.0.0.1"), "\(error)")
        }
    }

    func testStatusIsReported() throws {
        let response = try HTTPGet.fetch(server.baseURL + "/missing")
        XCTAssertEqual(response.status, 404)
    }
}
