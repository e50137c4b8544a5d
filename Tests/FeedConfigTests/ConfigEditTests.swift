import Foundation
import FeedConfig
import XCTest

/// `feedsift add` and `remove` on feeds.conf text: one line changes, every other byte stays.
final class ConfigEditTests: XCTestCase {
    /// Comments, blank lines, an aligned [feeds] with commented-out feeds after it, a continued value.
    let sample = """
        # my feeds
        [daemon]
        state = .feedsift   # here

        [feeds]
        # news
        https://a.example/rss         name="A"  tags=news
        https://b.example/feed        every=1h

        # old ones, kept for later:
        # https://old.example/rss

        [topic t]
        rule = asylum OR
          deport*

        """

    func add(_ text: String, _ url: String, name: String? = nil, every: String? = nil, tags: [String] = []) throws -> String {
        try ConfigEdit.add(text, url: url, name: name, every: every, tags: tags)
    }

    /// The description of the error `body` throws, or a failure when it throws none.
    func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            XCTFail("no error")
            return ""
        } catch {
            return "\(error)"
        }
    }

    // MARK: - add

    func testAddGoesAfterTheLastFeedAlignedAndKeepsEveryOtherByte() throws {
        let out = try add(sample, "https://c.example/atom.xml", name: "C news", every: "2h", tags: ["x", "y"])
        XCTAssertEqual(out, """
            # my feeds
            [daemon]
            state = .feedsift   # here

            [feeds]
            # news
            https://a.example/rss         name="A"  tags=news
            https://b.example/feed        every=1h
            https://c.example/atom.xml    name="C news" every=2h tags=x,y

            # old ones, kept for later:
            # https://old.example/rss

            [topic t]
            rule = asylum OR
              deport*

            """)
        let feed = try XCTUnwrap(ConfigParser.parse(out).feeds.last)
        XCTAssertEqual(feed.url, "https://c.example/atom.xml")
        XCTAssertEqual(feed.name, "C news")
        XCTAssertEqual(feed.every, 7200)
        XCTAssertEqual(feed.tags, ["x", "y"])
        XCTAssertEqual(feed.line, 9)
    }

    func testAddWithoutValuesWritesTheURLAlone() throws {
        let out = try add("[feeds]\n  https://a.example/rss\n", "https://b.example/rss")
        XCTAssertEqual(out, "[feeds]\n  https://a.example/rss\n  https://b.example/rss\n")
    }

    func testAddAfterAURLLongerThanTheColumnLeavesOneSpace() throws {
        let out = try add("[feeds]\nhttps://a.example/rss  every=1h\n", "https://a-much-longer.example/rss", every: "5m")
        XCTAssertEqual(out, "[feeds]\nhttps://a.example/rss  every=1h\nhttps://a-much-longer.example/rss every=5m\n")
    }

    func testAddWithoutAFeedsSectionAppendsOneAfterABlankLine() throws {
        let text = "[daemon]\nevery = 15m  # default\n"
        XCTAssertEqual(try add(text, "https://a.example/rss", tags: ["news"]),
                       "[daemon]\nevery = 15m  # default\n\n[feeds]\nhttps://a.example/rss tags=news\n")
        XCTAssertEqual(try add("", "https://a.example/rss"), "[feeds]\nhttps://a.example/rss\n")
        XCTAssertEqual(try add("# nothing yet\n\n", "https://a.example/rss"), "# nothing yet\n\n[feeds]\nhttps://a.example/rss\n")
    }

    func testAddToAnEmptyFeedsSectionGoesBelowItsHeaderAndComments() throws {
        let text = "[feeds]\n# one feed a line\n\n# later\n[topic t]\nrule = a\n"
        XCTAssertEqual(try add(text, "https://a.example/rss"),
                       "[feeds]\n# one feed a line\nhttps://a.example/rss\n\n# later\n[topic t]\nrule = a\n")
    }

    func testAddQuotesNamesWithSpacesOrHashes() throws {
        let out = try add("[feeds]\n", "https://a.example/rss", name: "C# and Swift news", tags: ["dev tools", "swift"])
        XCTAssertEqual(out, "[feeds]\nhttps://a.example/rss name=\"C# and Swift news\" tags=\"dev tools,swift\"\n")
        let feed = try ConfigParser.parse(out).feeds[0]
        XCTAssertEqual(feed.name, "C# and Swift news")
        XCTAssertEqual(feed.tags, ["dev tools", "swift"])
    }

    func testAddKeepsAMissingFinalNewlineMissing() throws {
        XCTAssertEqual(try add("[feeds]\nhttps://a.example/rss", "https://b.example/rss"),
                       "[feeds]\nhttps://a.example/rss\nhttps://b.example/rss")
        XCTAssertEqual(try add("[daemon]\nevery = 1h", "https://b.example/rss"),
                       "[daemon]\nevery = 1h\n\n[feeds]\nhttps://b.example/rss")
    }

    func testAddRefusesAURLAlreadyThereAndSaysWhere() {
        XCTAssertEqual(message { try self.add(self.sample, "https://b.example/feed") },
                       "feeds.conf:8: https://b.example/feed is already in [feeds]")
    }

    /// A name names one feed: one already a name, or another feed's URL, is refused; `remove` of a
    /// URL takes that feed even where a hand-edited file names another feed by it.
    func testNamesNameOneFeed() throws {
        let text = "[feeds]\nhttps://a.example/rss name=News\n"
        XCTAssertEqual(message { try ConfigEdit.add(text, url: "https://b.example/rss", name: "News", every: nil, tags: []) },
                       "feeds.conf:2: the name \"News\" is already the name of https://a.example/rss")
        XCTAssertEqual(message { try ConfigEdit.add(text, url: "https://b.example/rss", name: "https://a.example/rss", every: nil, tags: []) },
                       "feeds.conf:2: the name \"https://a.example/rss\" is already a feed's URL")
        let byHand = "[feeds]\nhttps://a.example/rss\nhttps://b.example/rss name=https://a.example/rss\n"
        XCTAssertEqual(try ConfigEdit.remove(byHand, urlOrName: "https://a.example/rss").removed, "https://a.example/rss")
    }

    func testAddRefusesValuesTheFileCannotHold() {
        let url = "https://c.example/rss"
        XCTAssertEqual(message { try self.add(self.sample, url, name: "two\nlines") },
                       "name: \"two\nlines\" holds a line break")
        XCTAssertEqual(message { try self.add(self.sample, url, name: "the \"best\" feed") },
                       "name: \"the \"best\" feed\" holds a '\"', which feeds.conf cannot quote")
        // Told as the argument's, not the file's; an interval the daemon would lengthen is refused.
        XCTAssertEqual(message { try self.add(self.sample, url, every: "5s") },
                       "every: \"5s\" is shorter than 30s, the shortest interval between polls")
        XCTAssertEqual(message { try self.add(self.sample, url, every: "soon") },
                       "every: \"soon\" is not a duration (30s, 15m, 2h, 1d; at most 3650d)")
        XCTAssertEqual(message { try self.add(self.sample, url, tags: ["a,b"]) },
                       "tags: \"a,b\" is not a tag (tags are separated by ',' and not empty)")
        XCTAssertEqual(message { try self.add(self.sample, "ftp://c.example/rss") },
                       "\"ftp://c.example/rss\" is not an http(s) URL")
        XCTAssertEqual(message { try self.add(self.sample, "https://c.example/a b") },
                       "\"https://c.example/a b\" cannot be a feed URL: it is empty or holds white space or '\"'")
    }

    func testIndentedLinesOfATopicValueAreNeitherHeadersNorFeeds() throws {
        // "  [feeds]" continues the rule, so there is no [feeds] section yet.
        let text = "[topic t]\nrule = a OR\n  [feeds]\n"
        XCTAssertEqual(try add(text, "https://a.example/rss"), "[topic t]\nrule = a OR\n  [feeds]\n\n[feeds]\nhttps://a.example/rss\n")
        let other = "[topic t]\nrule = a\n  OR https://x.example/rss\n[feeds]\nhttps://y.example/rss\n"
        XCTAssertEqual(message { try ConfigEdit.remove(other, urlOrName: "https://x.example/rss") },
                       "feeds.conf: no feed in [feeds] has the URL or name \"https://x.example/rss\"")
    }

    func testAddToTheShippedConfigurationChangesOneLine() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("feeds.conf")
        let text = try String(contentsOf: url, encoding: .utf8)
        let out = try add(text, "https://example.org/new.xml", name: "New")
        var lines = out.components(separatedBy: "\n")
        let feeds = try ConfigParser.parse(text).feeds
        XCTAssertEqual(lines.remove(at: feeds.last!.line), "https://example.org/new.xml                                  name=New")
        XCTAssertEqual(lines, text.components(separatedBy: "\n"))
    }

    // MARK: - several at once (opml import)

    /// Several feeds at once give the file that adding them one by one gives, byte for byte, in
    /// each place a feed can go: after the last feed (aligned, and a URL longer than the column),
    /// under a header with no feed, in a new section.
    func testAddingSeveralAtOnceWritesWhatAddingThemOneByOneWrites() throws {
        let feeds = [
            ConfigEdit.NewFeed(url: "https://c.example/atom.xml", name: "C news", every: "2h", tags: ["x"]),
            ConfigEdit.NewFeed(url: "https://a-much-longer-address.example/feeds/all.rss", name: "Long"),
            ConfigEdit.NewFeed(url: "https://d.example/rss"),
            ConfigEdit.NewFeed(url: "https://e.example/rss", tags: [" spaced ", "t"]),
        ]
        let files = [sample, "[feeds]\n# none yet\n\n[topic t]\nrule = x\n", "[daemon]\nevery = 1h", ""]
        for file in files {
            var oneByOne = file
            for f in feeds { oneByOne = try add(oneByOne, f.url, name: f.name, every: f.every, tags: f.tags) }
            let (atOnce, refused) = try ConfigEdit.add(file, feeds: feeds)
            XCTAssertTrue(refused.isEmpty, "\(refused)")
            XCTAssertEqual(atOnce, oneByOne, file)
            XCTAssertEqual(try ConfigParser.parse(atOnce).feeds.suffix(4).map(\.url), feeds.map(\.url))
        }
    }

    /// A feed that cannot be added is returned with why, and the others are added: a URL or a name
    /// already in the file or earlier in the list, a value that cannot be written.
    func testAddingSeveralLeavesOutTheOnesThatCannotBeAddedAndSaysWhy() throws {
        let feeds = [
            ConfigEdit.NewFeed(url: "https://a.example/rss"),                 // in the file
            ConfigEdit.NewFeed(url: "https://n.example/rss", name: "N"),
            ConfigEdit.NewFeed(url: "https://n.example/rss"),                 // earlier in the list
            ConfigEdit.NewFeed(url: "https://m.example/rss", name: "N"),      // its name is taken
            ConfigEdit.NewFeed(url: "https://o.example/rss", name: "A"),      // a name in the file
            ConfigEdit.NewFeed(url: "ftp://p.example/rss"),                   // not http(s)
            ConfigEdit.NewFeed(url: "https://q.example/rss", every: "soon"),  // no duration
            ConfigEdit.NewFeed(url: "https://r.example/rss", tags: ["ok"]),
        ]
        let (out, refused) = try ConfigEdit.add(sample, feeds: feeds)
        XCTAssertEqual(refused.map(\.feed), [feeds[0], feeds[2], feeds[3], feeds[4], feeds[5], feeds[6]])
        XCTAssertEqual(refused.map(\.error.description), [
            "feeds.conf:7: https://a.example/rss is already in [feeds]",
            "feeds.conf: https://n.example/rss is already in [feeds]",
            "feeds.conf: the name \"N\" is already the name of https://n.example/rss",
            "feeds.conf:7: the name \"A\" is already the name of https://a.example/rss",
            "\"ftp://p.example/rss\" is not an http(s) URL",
            "every: \"soon\" is not a duration (30s, 15m, 2h, 1d; at most 3650d)",
        ])
        let config = try ConfigParser.parse(out)
        XCTAssertEqual(config.feeds.map(\.url), ["https://a.example/rss", "https://b.example/feed", "https://n.example/rss", "https://r.example/rss"])
        XCTAssertEqual(config.feeds[2].name, "N")
        // Nothing to add leaves the text as it was.
        XCTAssertEqual(try ConfigEdit.add(sample, feeds: [feeds[0]]).text, sample)
    }

    // MARK: - remove

    func testRemoveByURLTakesOutThatLineOnly() throws {
        let (out, removed) = try ConfigEdit.remove(sample, urlOrName: "https://a.example/rss")
        XCTAssertEqual(removed, "https://a.example/rss         name=\"A\"  tags=news")
        XCTAssertEqual(out, """
            # my feeds
            [daemon]
            state = .feedsift   # here

            [feeds]
            # news
            https://b.example/feed        every=1h

            # old ones, kept for later:
            # https://old.example/rss

            [topic t]
            rule = asylum OR
              deport*

            """)
    }

    /// A feed written over several lines goes whole (its option lines went on with the feed
    /// above), and a new feed goes after the last one's option lines, not between its lines.
    func testAFeedsOptionLinesGoWithItAndNewFeedsGoAfterThem() throws {
        let text = "[feeds]\nhttps://a.example/rss\n  name=A\nhttps://b.example/rss\n  name=B\n  # B's\n\n  every=1h\n[topic t]\nrule = x\n"
        let (out, removed) = try ConfigEdit.remove(text, urlOrName: "B")
        XCTAssertEqual(out, "[feeds]\nhttps://a.example/rss\n  name=A\n  # B's\n\n[topic t]\nrule = x\n")
        XCTAssertEqual(removed, "https://b.example/rss name=B every=1h")
        XCTAssertEqual(try ConfigParser.parse(out).feeds.map(\.name), ["A"])
        let added = try ConfigEdit.add(text, url: "https://c.example/rss", name: "C", every: nil, tags: [])
        let feeds = try ConfigParser.parse(added).feeds
        XCTAssertEqual(feeds.map(\.url), ["https://a.example/rss", "https://b.example/rss", "https://c.example/rss"])
        XCTAssertEqual(feeds.map(\.name), ["A", "B", "C"])
        XCTAssertEqual(feeds[1].every, 3600)
        // Told without its comments; an indented section header after a feed is a header.
        let commented = "[feeds]\nhttps://a.example/rss name=A   # the first\n  every=1h  # hourly\n  [topic t]\nrule = x\n"
        XCTAssertEqual(try ConfigEdit.remove(commented, urlOrName: "A").removed, "https://a.example/rss name=A every=1h")
        XCTAssertEqual(try ConfigParser.parse(commented).topics.map(\.name), ["t"])
    }

    func testRemoveByName() throws {
        let text = "[feeds]\nhttps://a.example/rss name=\"NPR News\"\nhttps://b.example/rss name=NPR\n"
        let (out, removed) = try ConfigEdit.remove(text, urlOrName: "NPR News")
        XCTAssertEqual(out, "[feeds]\nhttps://b.example/rss name=NPR\n")
        XCTAssertEqual(removed, "https://a.example/rss name=\"NPR News\"")
    }

    func testRemoveOfTheLastLineKeepsAMissingFinalNewlineMissing() throws {
        let (out, _) = try ConfigEdit.remove("[feeds]\nhttps://a.example/rss\nhttps://b.example/rss", urlOrName: "https://b.example/rss")
        XCTAssertEqual(out, "[feeds]\nhttps://a.example/rss")
    }

    func testRemoveOfAnUnknownFeedIsRefused() {
        XCTAssertEqual(message { try ConfigEdit.remove(self.sample, urlOrName: "https://old.example/rss") },
                       "feeds.conf: no feed in [feeds] has the URL or name \"https://old.example/rss\"")
    }

    func testRemoveOfANameTwoFeedsShareIsRefusedWithTheirLines() {
        let text = "[feeds]\nhttps://a.example/rss name=News\n\nhttps://b.example/rss name=News\n"
        XCTAssertEqual(message { try ConfigEdit.remove(text, urlOrName: "News") },
                       "\"News\" matches 2 feeds, on lines 2, 4 of feeds.conf; name one by its URL")
    }

    func testAddThenRemoveGivesTheFileBack() throws {
        let out = try add(sample, "https://c.example/rss", name: "C", every: "30s", tags: ["a"])
        XCTAssertEqual(try ConfigEdit.remove(out, urlOrName: "C").text, sample)
    }

    // MARK: - files that are not edited

    /// A file with CRLF line ends is edited as one with LF ends and written back with CRLF; one
    /// with a byte order mark keeps it (Notepad writes both).
    func testCRLFAndAByteOrderMarkAreKept() throws {
        let text = "\u{FEFF}[feeds]\r\nhttps://a.example/rss  name=A\r\n\r\n[topic t]\r\nrule = x\r\n"
        let added = try add(text, "https://b.example/rss", name: "B")
        XCTAssertEqual(added, "\u{FEFF}[feeds]\r\nhttps://a.example/rss  name=A\r\nhttps://b.example/rss  name=B\r\n\r\n[topic t]\r\nrule = x\r\n")
        XCTAssertEqual(try ConfigEdit.remove(added, urlOrName: "B").text, text)
        XCTAssertEqual(try add("[feeds]\r\n", "https://b.example/rss"), "[feeds]\r\nhttps://b.example/rss\r\n")
    }

    /// A file that mixes CRLF and LF line ends is refused: which would a new line take?
    func testMixedLineEndsAreRefused() {
        let text = "[feeds]\r\nhttps://a.example/rss\n"
        let expected = "feeds.conf: mixes CRLF and LF line ends, which feedsift reads but does not edit; give it one kind (dos2unix) first"
        XCTAssertEqual(message { try self.add(text, "https://b.example/rss") }, expected)
        XCTAssertEqual(message { try ConfigEdit.remove(text, urlOrName: "https://a.example/rss") }, expected)
    }

    func testAFileThatDoesNotReadIsNotEdited() {
        XCTAssertEqual(message { try self.add("[feeds]\nhttps://a.example/rss colour=red\n", "https://b.example/rss") },
                       "feeds.conf:2: unknown key \"colour\" for a feed (keys: name, every, tags); fix the file before editing it")
        XCTAssertEqual(message { try ConfigEdit.add("[daemon]\nevry = 1\n", url: "https://b.example/rss", name: nil, every: nil,
                                                    tags: [], file: "/etc/feedsift/feeds.conf") },
                       "/etc/feedsift/feeds.conf:2: unknown key \"evry\" in [daemon] (keys: state, seeds, every, listen, parallel, per-host, max-size); fix the file before editing it")
    }

    // MARK: - whose problem it is (the commands' exit status)

    func cause(_ body: () throws -> Any) -> ConfigEditError.Cause? {
        do { _ = try body(); return nil } catch let error as ConfigEditError { return error.cause } catch {
            XCTFail("\(error) is not a ConfigEditError")
            return nil
        }
    }

    func testEachRefusalSaysWhoseProblemItIs() {
        let url = "https://c.example/rss"
        XCTAssertEqual(cause { try ConfigEdit.add(self.sample, url: "https://b.example/feed", name: nil, every: nil, tags: []) }, .conflict)
        XCTAssertEqual(cause { try ConfigEdit.remove(self.sample, urlOrName: "https://old.example/rss") }, .conflict)
        XCTAssertEqual(cause { try ConfigEdit.add("[feeds]\r\nhttps://a.example/rss\n", url: url, name: nil, every: nil, tags: []) },
                       .configuration)
        XCTAssertEqual(cause { try ConfigEdit.add("[daemon]\nevry = 1\n", url: url, name: nil, every: nil, tags: []) }, .configuration)
        XCTAssertEqual(cause { try ConfigEdit.add(self.sample, url: url, name: nil, every: "soon", tags: []) }, .argument)
        XCTAssertEqual(cause { try ConfigEdit.add(self.sample, url: "ftp://c.example/rss", name: nil, every: nil, tags: []) }, .argument)
        XCTAssertEqual(cause { try ConfigEdit.remove("[feeds]\nhttps://a.example/rss name=N\nhttps://b.example/rss name=N\n", urlOrName: "N") },
                       .argument)
        XCTAssertNil(cause { try ConfigEdit.add(self.sample, url: url, name: nil, every: nil, tags: []) })
    }
}
