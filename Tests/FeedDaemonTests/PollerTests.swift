@testable import FeedClassify
import FeedConfig
@testable import FeedDaemon
import FeedFetch
@testable import FeedStore
import TestHTTPServer
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The refresh pipeline against a real HTTP server on 127.0.0.1: fetch -> parse -> classify ->
/// store -> match document, and what each kind of answer does to a feed's schedule.
final class PollerTests: XCTestCase {
    var server: TestHTTPServer!
    var folder = ""

    override func setUpWithError() throws {
        server = try TestHTTPServer()
        var template = Array("/tmp/feedsift-poller-XXXXXX".utf8CString)
        folder = String(cString: mkdtemp(&template))
        mkdir(folder + "/seeds", 0o755)
        mkdir(folder + "/seeds/immigration", 0o755)
        let seed = "ICE raids sanctuary cities\n\nImmigration agents raided homes in sanctuary cities, detaining immigrants for deportation.\n"
        XCTAssertTrue(FileManager.default.createFile(atPath: folder + "/seeds/immigration/seed.txt", contents: Data(seed.utf8)))
    }

    override func tearDown() {
        server.stop()
        _ = system("rm -rf '\(folder)'")
    }

    /// Writes feeds.conf with these feed paths on the test server, and loads it.
    func config(_ paths: [String], daemon: String = "", topics: String = "", base: String? = nil) throws -> LoadedConfig {
        let text = """
            [daemon]
            state = state
            seeds = seeds
            every = 15m
            \(daemon)

            [feeds]
            \(paths.map { (base ?? server.baseURL) + $0 }.joined(separator: "\n"))

            [topic immigration]
            rule = ICE OR deport* OR immigra*
            exclude = "ice hockey"
            seeds = seeds/immigration
            \(topics)

            """
        XCTAssertTrue(FileManager.default.createFile(atPath: folder + "/feeds.conf", contents: Data(text.utf8)))
        let (loaded, problems) = LoadedConfig.load(folder + "/feeds.conf")
        XCTAssertEqual(problems, [])
        return try XCTUnwrap(loaded)
    }

    /// One round: every feed fetched once, the reports in the order they came.
    func poll(_ poller: Poller, _ events: BlockingQueue<PollEvent>) -> [PollReport] {
        poller.start(poller.loaded.config.feeds, includeGone: true)
        var reports: [PollReport] = []
        let deadline = monotonicSeconds() + 30
        while poller.fetching > 0, monotonicSeconds() < deadline {
            if case let .fetched(result)? = events.pop(timeout: 1), let report = poller.handle(result) { reports.append(report) }
        }
        return reports
    }

    func rss(_ items: [(title: String, link: String, text: String)]) -> String {
        var out = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test feed</title><link>https://news.example/</link>"
        for i in items {
            out += "<item><title>\(i.title)</title><link>\(i.link)</link><guid>\(i.link)</guid><description>\(i.text)</description></item>"
        }
        return out + "</channel></rss>"
    }

    var stories: [(title: String, link: String, text: String)] {
        [("ICE raids in three sanctuary cities", "https://news.example/ice-raids", "Agents detained dozens of immigrants facing deportation."),
         ("Local team wins the ice hockey final", "https://news.example/hockey", "The ice hockey season ended in triumph."),
         ("City council approves budget", "https://news.example/budget", "The council passed the budget on Tuesday.")]
    }

    func testNewItemsAreClassifiedStoredAndTheMatchWrittenBesideTheSeeds() throws {
        let body = rss(stories)
        server.route("/feed.xml") { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: body) }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/feed.xml"]), events: events)
        let reports = poll(poller, events)
        XCTAssertEqual(reports.map(\.outcome), [.updated(new: 3)])
        XCTAssertEqual(reports[0].matches.map(\.title), ["ICE raids in three sanctuary cities"])
        let match = reports[0].matches[0]
        XCTAssertEqual(match.hits, ["ICE", "deportation", "immigrants"], "every term of the rule that is present, in the rule's order")
        XCTAssertEqual(match.file.map { $0.hasPrefix("seeds/immigration/matches/") }, true, "\(match.file ?? "")")
        let document = try String(contentsOfFile: folder + "/" + match.file!, encoding: .utf8)
        XCTAssertTrue(document.hasPrefix("ICE raids in three sanctuary cities\n\nLink: https://news.example/ice-raids\n"), document)
        XCTAssertTrue(document.contains("Topic: immigration\n"))
        XCTAssertTrue(document.hasSuffix("Agents detained dozens of immigrants facing deportation.\n"))
        let feed = try XCTUnwrap(poller.store.feeds().first)
        XCTAssertEqual(feed.items, 3)
        XCTAssertEqual(feed.matches, 1)
        XCTAssertEqual(feed.title, "Test feed")
        // A second poll finds nothing new (the server sends no validators): no second match.
        XCTAssertEqual(poll(poller, events).map(\.outcome), [.updated(new: 0)])
        XCTAssertEqual(try poller.store.matches().count, 1)

        // A word that hits in the title and again in the text, in another case, is one hit.
        let twice = rss([("Deportation flights resume", "https://news.example/flights", "The deportation of 120 people began; Deportation orders rose.")])
        server.route("/twice.xml") { _ in .init(text: twice) }
        let again = try Poller(loaded: config(["/twice.xml"]), events: events)
        XCTAssertEqual(poll(again, events).first?.matches.first?.hits, ["Deportation"])
    }

    /// A topic regex that backtracks without end on an item gives up on it: the item is stored
    /// and decided by the other topics, and the report says which item and regex.
    func testARegexThatGivesUpIsReportedAndTheItemKept() throws {
        let hostile = String(repeating: "a", count: 3000) + "!"
        let body = rss(stories + [("Deportation flights resume", "https://news.example/flights", hostile)])
        server.route("/feed.xml") { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: body) }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/feed.xml"], topics: "[topic letters]\nrule = /(a+)+$/\n"), events: events)
        // Each new item decided is progress (the daemon pings systemd's watchdog on it).
        var decided = 0
        poller.onProgress = { decided += 1 }
        let reports = poll(poller, events)
        XCTAssertEqual(decided, 4)
        XCTAssertEqual(reports.map(\.outcome), [.updated(new: 4)])
        XCTAssertEqual(reports[0].matches.map(\.topic), ["immigration", "immigration"])
        XCTAssertEqual(reports[0].warnings, ["item https://news.example/flights: topic letters: /(a+)+$/ gave up (over 5 million steps or half a second, or 5 s of regexes on the item): it counts as not matching there"])
        XCTAssertEqual(try poller.store.feeds().first?.items, 4)
    }

    /// An item two topics match is two matches, each kept for its topic (the second was lost).
    func testAnItemTwoTopicsMatchIsKeptForEach() throws {
        let body = rss(stories)
        server.route("/feed.xml") { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: body) }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/feed.xml"], topics: "[topic raids]\nrule = raid*\n"), events: events)
        let reports = poll(poller, events)
        XCTAssertEqual(reports[0].matches.map(\.topic), ["immigration", "raids"])
        let stored = try poller.store.matches()
        XCTAssertEqual(stored.map(\.topic).sorted(), ["immigration", "raids"])
        XCTAssertEqual(Set(stored.map(\.id)).count, 2)
    }

    /// A feed followed with credentials: its relative links resolve against its address without
    /// them, so that no stored link or summary carries the password into exports.
    func testCredentialsOfAFeedReachNoResolvedLink() throws {
        let body = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
            <item><title>ICE raids</title><link>/story/1</link><guid>1</guid>
            <description>&lt;a href="/x"&gt;more&lt;/a&gt; &lt;img src="pic.png"&gt;</description></item></channel></rss>
            """
        server.route("/feed.xml") { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: body) }
        let base = server.baseURL.replacingOccurrences(of: "http://", with: "http://reader:s3cret@")
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/feed.xml"], base: base), events: events)
        XCTAssertEqual(poll(poller, events).map(\.outcome), [.updated(new: 1)])
        let match = try XCTUnwrap(poller.store.matches().first)
        XCTAssertEqual(match.link, server.baseURL + "/story/1")
        XCTAssertFalse((match.summary ?? "").contains("s3cret"), match.summary ?? "")
        XCTAssertTrue((match.summary ?? "").contains(server.baseURL + "/x"), match.summary ?? "")
    }

    func testConditionalGetSendsTheValidatorsAndA304ChangesNothing() throws {
        let body = rss(stories)
        server.route("/feed.xml") { request in
            if request.headers["if-none-match"] == "\"v1\"" { return .init(status: 304, headers: [("ETag", "\"v1\"")]) }
            return .init(headers: [("ETag", "\"v1\""), ("Last-Modified", "Sat, 01 Jan 2022 00:00:00 GMT")], text: body)
        }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/feed.xml"]), events: events)
        XCTAssertEqual(poll(poller, events).map(\.outcome), [.updated(new: 3)])
        XCTAssertEqual(poll(poller, events).map(\.outcome), [.notModified])
        let second = try XCTUnwrap(server.requests.last)
        XCTAssertEqual(second.headers["if-none-match"], "\"v1\"")
        XCTAssertEqual(second.headers["if-modified-since"], "Sat, 01 Jan 2022 00:00:00 GMT")
        let feed = try XCTUnwrap(poller.store.feeds().first)
        XCTAssertEqual(feed.lastStatus, 304)
        XCTAssertEqual(feed.etag, "\"v1\"")
        XCTAssertEqual(feed.failures, 0)
    }

    func testAPermanentRedirectMovesTheFeedAndTheOldURLIsRemembered() throws {
        let body = rss(stories)
        let base = server.baseURL
        server.route("/old.xml") { _ in .init(status: 301, headers: [("Location", base + "/new.xml")]) }
        server.route("/new.xml") { _ in .init(text: body) }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/old.xml"]), events: events)
        let first = poll(poller, events)
        XCTAssertEqual(first.map(\.movedTo), [base + "/new.xml"])
        let feed = try XCTUnwrap(poller.store.feeds().first)
        XCTAssertEqual(feed.url, base + "/old.xml")
        XCTAssertEqual(feed.effectiveURL, base + "/new.xml")
        _ = poll(poller, events)
        XCTAssertEqual(server.requests.map(\.path), ["/old.xml", "/new.xml", "/new.xml"], "the second poll goes straight to the new address")
    }

    func testATemporaryRedirectDoesNotMoveTheFeed() throws {
        let body = rss(stories)
        let base = server.baseURL
        server.route("/old.xml") { _ in .init(status: 302, headers: [("Location", base + "/elsewhere.xml")]) }
        server.route("/elsewhere.xml") { _ in .init(text: body) }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/old.xml"]), events: events)
        XCTAssertEqual(poll(poller, events).map(\.movedTo), [nil])
        XCTAssertNil(try poller.store.feeds().first?.effectiveURL)
    }

    /// A permanent redirect to an error page, or to a page that is no feed, does not move the
    /// feed: once the old address serves the feed again, polls read it there.
    func testAPermanentRedirectToAFailureDoesNotMoveTheFeed() throws {
        let body = rss(stories)
        let base = server.baseURL
        server.route("/moving.xml") { _ in .init(status: 301, headers: [("Location", base + "/missing")]) }
        server.route("/missing") { _ in .init(status: 404, text: "no") }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/moving.xml"]), events: events)
        XCTAssertEqual(poll(poller, events).map(\.movedTo), [nil])
        server.route("/moving.xml") { _ in .init(status: 301, headers: [("Location", base + "/page")]) }
        server.route("/page") { _ in .init(headers: [("Content-Type", "text/html")], text: "<html><body>Hello</body></html>") }
        XCTAssertEqual(poll(poller, events).map(\.movedTo), [nil])
        XCTAssertNil(try poller.store.feeds().first?.effectiveURL)
        server.route("/moving.xml") { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: body) }
        XCTAssertEqual(poll(poller, events).map(\.outcome), [.updated(new: 3)])
    }

    func testAPermanentThenTemporaryChainDoesNotMoveTheFeed() throws {
        let body = rss(stories)
        let base = server.baseURL
        server.route("/a.xml") { _ in .init(status: 308, headers: [("Location", base + "/b.xml")]) }
        server.route("/b.xml") { _ in .init(status: 307, headers: [("Location", base + "/c.xml")]) }
        server.route("/c.xml") { _ in .init(text: body) }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/a.xml"]), events: events)
        XCTAssertEqual(poll(poller, events).map(\.movedTo), [nil])
    }

    func testGoneStopsThePolls() throws {
        server.route("/gone.xml") { _ in .init(status: 410, text: "gone") }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/gone.xml"]), events: events)
        XCTAssertEqual(poll(poller, events).map(\.outcome), [.gone])
        let feed = try XCTUnwrap(poller.store.feeds().first)
        XCTAssertTrue(feed.gone)
        XCTAssertEqual(poller.due(now: Int64(time(nil)) + 365 * 86400, start: 0).count, 0, "never due again")
    }

    /// Retry-After longer than the backoff (15 minutes here) is waited for; a shorter one waits the backoff.
    func testTooManyRequestsHonoursRetryAfter() throws {
        server.route("/busy.xml") { _ in .init(status: 429, headers: [("Retry-After", "7200")], text: "slow down") }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/busy.xml"]), events: events)
        let before = Int64(time(nil))
        XCTAssertEqual(poll(poller, events).map(\.outcome), [.failed("HTTP 429")])
        let feed = try XCTUnwrap(poller.store.feeds().first)
        let next = try XCTUnwrap(feed.nextPoll)
        XCTAssertTrue((before + 7200...Int64(time(nil)) + 7200).contains(next), "next poll \(next - before) s later")
        server.route("/busy.xml") { _ in .init(status: 429, headers: [("Retry-After", "0")], text: "slow down") }
        let soon = Int64(time(nil))
        XCTAssertEqual(poll(poller, events).map(\.outcome), [.failed("HTTP 429")])
        let again = try XCTUnwrap(try poller.store.feeds().first?.nextPoll)
        XCTAssertGreaterThanOrEqual(again - soon, 1800, "the second failure's backoff, 30 minutes, not Retry-After: 0")
    }

    func testFailuresBackOffExponentially() throws {
        server.route("/down.xml") { _ in .init(status: 503, text: "down") }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/down.xml"]), events: events)
        var delays: [Int64] = []
        for _ in 1...3 {
            let before = Int64(time(nil))
            XCTAssertEqual(poll(poller, events).map(\.outcome), [.failed("HTTP 503")])
            let feed = try XCTUnwrap(poller.store.feeds().first)
            delays.append(try XCTUnwrap(feed.nextPoll) - before)
        }
        let feed = try XCTUnwrap(poller.store.feeds().first)
        XCTAssertEqual(feed.failures, 3)
        // 15 min, 30 min, 1 h, each plus up to a tenth (at most 5 min) of jitter and a second of clock.
        for (delay, base) in zip(delays, [900, 1800, 3600] as [Int64]) {
            XCTAssertTrue((base - 1...base + min(base / 10, 300) + 1).contains(delay), "\(delay) for \(base)")
        }
    }

    func testAnHTMLPageIsAFailureThatSaysWhy() throws {
        server.route("/page") { _ in .init(headers: [("Content-Type", "text/html")], text: "<!doctype html><html><body>hi</body></html>") }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/page"]), events: events)
        let reports = poll(poller, events)
        guard case let .failed(message)? = reports.first?.outcome else { return XCTFail("\(reports)") }
        XCTAssertTrue(message.contains("not a feed"), message)
        XCTAssertEqual(try poller.store.feeds().first?.lastError, message)
    }

    func testAWrongContentTypeDoesNotStopAFeed() throws {
        let body = rss(stories)
        server.route("/feed.txt") { _ in .init(headers: [("Content-Type", "text/plain")], text: body) }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/feed.txt"]), events: events)
        XCTAssertEqual(poll(poller, events).map(\.outcome), [.updated(new: 3)])
    }

    func testABodyOverTheConfiguredCapIsRefused() throws {
        let body = rss(stories + (1...100).map { ("story \($0)", "https://news.example/\($0)", String(repeating: "words ", count: 20)) })
        server.route("/big.xml") { _ in .init(text: body) }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/big.xml"], daemon: "max-size = 4KB"), events: events)
        let reports = poll(poller, events)
        XCTAssertEqual(reports.map(\.outcome), [.failed("body larger than 4096 bytes")])
        XCTAssertEqual(try poller.store.feeds().first?.items, 0)
        // The server answered 200: `list` shows it beside the error (it showed no status).
        XCTAssertEqual(reports.first?.status, 200)
        XCTAssertEqual(try poller.store.feeds().first?.lastStatus, 200)
        XCTAssertEqual(try poller.store.feeds().first?.lastError, "body larger than 4096 bytes")
    }

    /// The background is saved as soon as the seed profiles are made again on it, not only every
    /// five minutes (`classify` beside a daemon that had just started read none, a review found),
    /// and a timed save makes the profiles on what it saves: what is saved is what the daemon
    /// scores with.
    func testTheSavedBackgroundIsTheOneTheProfilesAreMadeOn() throws {
        let many = (0..<30).map { ("Story \($0) on the council", "https://news.example/s\($0)", "The council met about item \($0).") }
        let body = rss(many)
        server.route("/feed.xml") { _ in .init(text: body) }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/feed.xml"]), events: events)
        XCTAssertEqual(poll(poller, events).map(\.outcome), [.updated(new: 30)])
        XCTAssertEqual(try poller.store.loadBackground().documents, 30, "saved with no timed save")
        let sifter = try poller.sifter()
        XCTAssertEqual(sifter.builtWith, 30)
        _ = sifter.sift(Document(title: "One more", text: "council budget"))
        XCTAssertEqual(sifter.builtWith, 30, "one document is under a tenth: no rebuild")
        try poller.saveBackground()
        XCTAssertEqual(sifter.builtWith, 31)
        XCTAssertEqual(try poller.store.loadBackground().documents, 31)
        // Pruned on a save after a rebuild, the profiles are made on the pruned background.
        poller.vocabularyLimit = 20
        let more = (30..<80).map { ("Story \($0) on the council", "https://news.example/s\($0)", "The council met about item \($0).") }
        let body2 = rss(many + more)
        server.route("/feed.xml") { _ in .init(text: body2) }
        _ = poll(poller, events)
        let pruned = try poller.sifter()
        XCTAssertLessThanOrEqual(pruned.background.vocabulary, 20)
        XCTAssertEqual(try XCTUnwrap(pruned.topics[0].similarity).background.vocabulary, pruned.background.vocabulary)
        XCTAssertEqual(try poller.store.loadBackground().documents, pruned.background.documents)
        poller.vocabularyLimit = Sifter.vocabularyLimit
        // A reload makes the topics' profiles on the background as it is, and saves it (a review).
        _ = try poller.sifter().sift(Document(title: "Two more", text: "council budget"))
        try poller.reload(config(["/feed.xml"]))
        XCTAssertEqual(try poller.store.loadBackground().documents, try poller.sifter().background.documents)
    }

    /// An error's page past the cap is still the error: a 410 is gone, a 404 is HTTP 404 (they
    /// read as "body larger than", and the gone feed was polled on).
    func testAnErrorWithAPageOverTheCapIsTheError() throws {
        let page = String(repeating: "<p>Not here.</p>", count: 1000)
        server.route("/gone.xml") { _ in .init(status: 410, text: page) }
        server.route("/missing.xml") { _ in .init(status: 404, text: page) }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/gone.xml", "/missing.xml"], daemon: "max-size = 4KB"), events: events)
        let outcomes = Dictionary(uniqueKeysWithValues: poll(poller, events).map { ($0.url.hasSuffix("gone.xml"), $0.outcome) })
        XCTAssertEqual(outcomes[true], .gone)
        XCTAssertEqual(outcomes[false], .failed("HTTP 404"))
    }

    func testOneStoryFromTwoFeedsIsStoredOnceAndMatchedOnce() throws {
        let a = rss([stories[0]])
        // The same story, another guid, tracking parameters on its link.
        let b = a.replacingOccurrences(of: "<link>https://news.example/ice-raids</link>", with: "<link>http://www.news.example/ice-raids?utm_source=rss</link>")
            .replacingOccurrences(of: "<guid>https://news.example/ice-raids</guid>", with: "<guid>b-1</guid>")
        server.route("/a.xml") { _ in .init(text: a) }
        server.route("/b.xml") { _ in .init(text: b) }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/a.xml", "/b.xml"]), events: events)
        let reports = poll(poller, events)
        XCTAssertEqual(reports.map(\.outcome), [.updated(new: 1), .updated(new: 1)])
        XCTAssertEqual(reports.flatMap(\.matches).count, 1)
        XCTAssertEqual(try poller.store.matches().count, 1)
        XCTAssertEqual(try poller.store.feeds().map(\.items), [1, 1], "each feed remembers it carries the story")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder + "/seeds/immigration/matches").count, 1)
    }

    func testItemsOfOneFeedSharingALinkAreEachKept() throws {
        // A feed whose items all point at its home page: one link, three different items (their
        // guids differ; without guids their ids would be the link, and they would be one item).
        var n = 0
        var body = rss([("ICE raids in Chicago", "https://news.example/", "Agents detained immigrants."),
                        ("ICE raids in Denver", "https://news.example/", "Agents detained more immigrants."),
                        ("Snow in Denver", "https://news.example/", "Cold.")])
        while let r = body.range(of: "<guid>https://news.example/</guid>") {
            n += 1
            body.replaceSubrange(r, with: "<guid isPermaLink=\"false\">item-\(n)</guid>")
        }
        let feed = body
        server.route("/home.xml") { _ in .init(text: feed) }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/home.xml"]), events: events)
        let reports = poll(poller, events)
        XCTAssertEqual(reports.map(\.outcome), [.updated(new: 3)])
        XCTAssertEqual(reports.first?.matches.map(\.title), ["ICE raids in Chicago", "ICE raids in Denver"])
        XCTAssertEqual(try poller.store.feeds().first?.items, 3)
    }

    /// The same without guids: the parser's id of each is the link, and they were one item, the
    /// others never read. Told apart by title and date, each is kept, once, poll after poll.
    func testItemsSharingALinkWithoutGuidsAreEachKept() throws {
        let body = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Home</title><link>https://news.example/</link>
            <item><title>ICE raids in Texas</title><link>https://news.example/</link></item>
            <item><title>ICE raids in Ohio</title><link>https://news.example/</link></item>
            </channel></rss>
            """
        server.route("/home.xml") { _ in .init(text: body) }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/home.xml"]), events: events)
        let reports = poll(poller, events)
        XCTAssertEqual(reports.map(\.outcome), [.updated(new: 2)])
        XCTAssertEqual(Set(reports.first?.matches.map(\.title) ?? []), ["ICE raids in Texas", "ICE raids in Ohio"])
        XCTAssertEqual(poll(poller, events).map(\.outcome), [.updated(new: 0)])
        XCTAssertEqual(try poller.store.feeds().first?.items, 2)
    }

    /// A poller of one feed whose items the test changes between polls: `news(items)` serves an
    /// RSS channel of these `<item>` bodies, polls, and gives the titles matched, sorted.
    func changingFeed() throws -> (poller: Poller, news: ([String]) -> [String]) {
        final class Body: @unchecked Sendable { var text = "" }
        let body = Body()
        server.route("/changing.xml") { _ in .init(text: body.text) }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/changing.xml"]), events: events)
        return (poller, { items in
            body.text = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title>"
                + items.map { "<item>\($0)</item>" }.joined() + "</channel></rss>"
            return self.poll(poller, events).flatMap(\.matches).map(\.title).sorted()
        })
    }

    /// Items sharing an id are each read once, whatever the number of repeats from one poll to
    /// the next (a first fix keyed them by the count, and matched an item again when a repeat came
    /// or went): the same item twice, two items where there was one, one where there were two.
    func testItemsSharingAnIdAreReadOnceWhateverTheirRepeats() throws {
        let (poller, poll) = try changingFeed()
        func news(_ titles: [String]) -> [String] {
            poll(titles.map { "<guid isPermaLink=\"false\">X</guid><title>\($0)</title>" }
                 + ["<guid isPermaLink=\"false\">Y</guid><title>ICE raids in Utah</title>"])
        }
        XCTAssertEqual(news(["ICE raids in Texas"]), ["ICE raids in Texas", "ICE raids in Utah"])
        XCTAssertEqual(news(["ICE raids in Texas", "ICE raids in Texas"]), [], "the same item twice is one, read before")
        XCTAssertEqual(news(["ICE raids in Texas", "ICE raids in Ohio"]), ["ICE raids in Ohio"], "only the new one")
        XCTAssertEqual(news(["ICE raids in Ohio"]), [], "alone again, read before")
        XCTAssertEqual(news(["ICE raids in Texas"]), [], "alone again, read before")
        XCTAssertEqual(news(["ICE raids in Texas (updated)"]), [], "a title corrected is the same item")
        XCTAssertEqual(try poller.store.matches().count, 3)
    }

    /// A daily item under one link and one title ("ICE briefing", no guid) is a new item each day:
    /// told apart by its date, each is matched once.
    func testADailyItemUnderOneLinkAndTitleIsNewEachDay() throws {
        let (poller, poll) = try changingFeed()
        func news(_ days: [Int]) -> Int {
            poll(days.map { "<title>ICE briefing</title><link>https://news.example/</link><pubDate>0\($0) Dec 2026 08:00:00 GMT</pubDate>" }).count
        }
        XCTAssertEqual(news([1]), 1)
        XCTAssertEqual(news([2, 1]), 1)
        XCTAssertEqual(news([3, 2, 1]), 1)
        XCTAssertEqual(news([3, 2]), 0)
        XCTAssertEqual(try poller.store.matches().count, 3)
    }

    func testTheBackgroundIsPersisted() throws {
        let body = rss(stories)
        server.route("/feed.xml") { _ in .init(text: body) }
        let events = BlockingQueue<PollEvent>()
        do {
            let poller = try Poller(loaded: config(["/feed.xml"]), events: events)
            _ = poll(poller, events)
            try poller.saveBackground()
        }
        let store = try Store(directory: folder + "/state")
        let saved = try store.loadBackground()
        XCTAssertEqual(saved.fold, Fold.version)
        let background = Background(documents: saved.documents, serialized: saved.terms, fold: saved.fold)
        XCTAssertEqual(background.documents, 3)
        XCTAssertEqual(background.frequencies["council"], 1)
        XCTAssertEqual(background.frequencies["immigrants"], 1)
    }

    /// A shorter `every` after a reload counts from the last poll (from 1d to 15m, the feed waited
    /// out the day); a longer one leaves the next poll where it was.
    func testAShorterIntervalAfterAReloadCountsFromTheLastPoll() throws {
        let body = rss(stories)
        server.route("/feed.xml") { _ in .init(text: body) }
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/feed.xml every=1d"]), events: events)
        _ = poll(poller, events)
        let url = server.baseURL + "/feed.xml"
        let polled = try XCTUnwrap(try poller.store.feed(url: url))
        let last = try XCTUnwrap(polled.lastPoll)
        XCTAssertGreaterThan(try XCTUnwrap(polled.nextPoll), last + 3600)
        XCTAssertTrue(poller.due(now: last + 16 * 60, start: last).isEmpty)
        try poller.reload(config(["/feed.xml every=15m"]))
        XCTAssertEqual(try poller.store.feed(url: url)?.nextPoll, last + 900)
        XCTAssertEqual(poller.due(now: last + 16 * 60, start: last).map(\.url), [url])
        try poller.reload(config(["/feed.xml every=2d"]))
        XCTAssertEqual(try poller.store.feed(url: url)?.nextPoll, last + 900, "a longer interval moves nothing")
    }

    /// A poll stores its matches, then writes their documents: a process killed between the two
    /// leaves rows marked unwritten, whose documents the next start writes from the store (the
    /// same bytes the poll would have written), and then notes written.
    func testDocumentsOfMatchesStoredButNotWrittenAreWrittenAtTheNextStart() throws {
        let body = rss(stories)
        server.route("/feed.xml") { _ in .init(text: body) }
        let events = BlockingQueue<PollEvent>()
        var files: [String: String] = [:]
        do {
            let poller = try Poller(loaded: config(["/feed.xml"]), events: events)
            _ = poll(poller, events)
            let matches = try poller.store.matches()
            XCTAssertFalse(matches.isEmpty)
            XCTAssertEqual(try poller.store.matches(unwritten: true).count, 0, "written, and noted")
            for m in matches {
                let path = folder + "/" + (m.file ?? "")
                files[path] = try String(contentsOfFile: path, encoding: .utf8)
                try FileManager.default.removeItem(atPath: path)
            }
            // As a process killed after the commit and before the documents leaves it.
            try poller.store.db.execute("UPDATE matches SET written = 0")
            XCTAssertEqual(try poller.store.matches(unwritten: true).count, matches.count)
        }
        let poller = try Poller(loaded: config(["/feed.xml"]), events: events)
        XCTAssertEqual(poller.startWarnings, [])
        XCTAssertEqual(try poller.store.matches(unwritten: true).count, 0)
        for (path, text) in files {
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), text, "the same document as the poll wrote")
        }
    }

    /// A feed followed with credentials does not write them into its match documents (they are
    /// files anyone reading the seeds can see).
    func testMatchDocumentsNameTheFeedWithoutItsCredentials() throws {
        let body = rss(stories)
        server.route("/feed.xml") { _ in .init(text: body) }
        let base = server.baseURL.replacingOccurrences(of: "http://", with: "http://editor:s3cret@")
        let events = BlockingQueue<PollEvent>()
        let poller = try Poller(loaded: config(["/feed.xml"], base: base), events: events)
        let reports = poll(poller, events)
        let match = try XCTUnwrap(reports.first?.matches.first)
        let document = try String(contentsOfFile: folder + "/" + (match.file ?? ""), encoding: .utf8)
        XCTAssertTrue(document.contains("\nFeed: \(server.baseURL)/feed.xml\n"), document)
        XCTAssertFalse(document.contains("s3cret"))
    }
}
