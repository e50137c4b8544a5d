import Foundation
import FeedConfig
import XCTest

/// feeds.conf as interface.md fixes it, and its errors with their lines.
final class ConfigParserTests: XCTestCase {
    let example = """
        # comments start with '#', at the start of a line or after white space
        [daemon]
        state  = .feedsift           # where feedsift.sqlite lives
        seeds  = seeds
        every  = 15m                 # default poll interval: 30s, 15m, 2h, 1d
        listen = 127.0.0.1:8377      # optional: serve filtered feeds over HTTP
        parallel = 16                # transfers at once
        per-host = 2                 # transfers at once to one host
        max-size = 16MB              # largest body accepted, after decompression

        [feeds]
        # one feed a line: URL, then optional key=value pairs (quote values with spaces)
        https://feeds.npr.org/1001/rss.xml   name="NPR News"  every=30m  tags=news,us
        https://www.theguardian.com/us-news/immigration/rss

        [topic immigration-policy]
        rule      = immigra* OR deport* OR asylum OR "sanctuary cit*" OR "border patrol" OR ICE OR DACA
        exclude   = "ice hockey" OR "ice cream"
        seeds     = seeds/immigration-policy
        min-score = 0.15             # optional gate on seed similarity, 0..1
        """

    func testTheInterfaceExampleReads() throws {
        let c = try ConfigParser.parse(example)
        XCTAssertEqual(c.daemon.state, ".feedsift")
        XCTAssertEqual(c.daemon.every, 900)
        XCTAssertEqual(c.daemon.listen, "127.0.0.1:8377")
        XCTAssertEqual(c.daemon.parallel, 16)
        XCTAssertEqual(c.daemon.perHost, 2)
        XCTAssertEqual(c.daemon.maxSize, 16 << 20)
        XCTAssertEqual(c.feeds.map(\.url), ["https://feeds.npr.org/1001/rss.xml", "https://www.theguardian.com/us-news/immigration/rss"])
        XCTAssertEqual(c.feeds[0].name, "NPR News")
        XCTAssertEqual(c.feeds[0].every, 1800)
        XCTAssertEqual(c.feeds[0].tags, ["news", "us"])
        XCTAssertEqual(c.feeds[0].line, 13)
        XCTAssertEqual(c.topics.map(\.name), ["immigration-policy"])
        XCTAssertEqual(c.topics[0].rule?.text, #"immigra* OR deport* OR asylum OR "sanctuary cit*" OR "border patrol" OR ICE OR DACA"#)
        XCTAssertEqual(c.topics[0].exclude?.text, #""ice hockey" OR "ice cream""#)
        XCTAssertEqual(c.topics[0].minScore, 0.15)
    }

    func testCRLFLinesReadLikeLFLines() throws {
        let config = try ConfigParser.parse("# windows\r\n[daemon]\r\nevery = 5m\r\n[feeds]\r\nhttps://a.example/rss name=\"A é\"\r\n"
                                            + "[topic t]\r\nrule = asylum OR\r\n    deport*\r\n")
        XCTAssertEqual(config.daemon.every, 300)
        XCTAssertEqual(config.feeds.map(\.url), ["https://a.example/rss"])
        XCTAssertEqual(config.feeds.first?.name, "A é")
        XCTAssertEqual(config.feeds.first?.line, 5)
        XCTAssertEqual(config.topics.first?.rule?.text, "asylum OR deport*")
        XCTAssertEqual(config.topics.first?.rule?.place(of: 10).line, 8)
    }

    /// A byte order mark (Notepad writes one) is no part of the first line.
    func testAByteOrderMarkIsNoPartOfTheFirstLine() throws {
        let config = try ConfigParser.parse("\u{FEFF}[feeds]\nhttps://a.example/rss\n")
        XCTAssertEqual(config.feeds.map(\.url), ["https://a.example/rss"])
        XCTAssertEqual(errors("\u{FEFF}[daemon]\nevery = x\n"), ["feeds.conf:2: every: \"x\" is not a duration (30s, 15m, 2h, 1d; at most 3650d)"])
    }

    /// The file must be UTF-8: the first byte that is not is named with its place.
    func testBytesThatAreNotUTF8AreRefusedWithTheirPlace() throws {
        XCTAssertEqual(try ConfigParser.text(Array("[feeds]\n# café\n".utf8)), "[feeds]\n# café\n")
        let latin1: [UInt8] = Array("[feeds]\n# caf".utf8) + [0xE9, 0x0A]
        XCTAssertThrowsError(try ConfigParser.text(latin1, file: "f.conf")) { error in
            XCTAssertEqual("\(error)", "f.conf:2:6: byte 0xE9 is not UTF-8: feeds.conf is read as UTF-8 (save it so, or convert it with iconv)")
        }
        XCTAssertThrowsError(try ConfigParser.text([0x61, 0xC3, 0x28])) { error in
            XCTAssertEqual("\(error)", "feeds.conf:1:2: byte 0xC3 is not UTF-8: feeds.conf is read as UTF-8 (save it so, or convert it with iconv)")
        }
    }

    /// Intervals and sizes too large to mean anything are refused, not a crash (an overflow
    /// stopped the process, exit 132).
    func testHugeIntervalsAndSizesAreRefused() {
        XCTAssertEqual(ConfigParser.duration("3650d"), 3650 * 86400)
        XCTAssertNil(ConfigParser.duration("3651d"))
        XCTAssertNil(ConfigParser.duration("99999999999999999d"))
        XCTAssertNil(ConfigParser.duration("2562047788015215h"))
        XCTAssertNil(ConfigParser.duration("9223372036854775807s"))
        XCTAssertEqual(ConfigParser.size("1024GB"), 1 << 40)
        XCTAssertNil(ConfigParser.size("9999999999999GB"))
        XCTAssertNil(ConfigParser.size("9223372036854775807"))
        XCTAssertEqual(errors("[daemon]\nevery = 99999999999999999d\nmax-size = 9999999999999GB\n"), [
            "feeds.conf:2: every: \"99999999999999999d\" is not a duration (30s, 15m, 2h, 1d; at most 3650d)",
            "feeds.conf:3: max-size: \"9999999999999GB\" is not a size (16MB, 512KB; at most 1024GB)",
        ])
    }

    /// A path written in quotes, as a feed's values are, is the path inside them.
    func testQuotedPathsAreReadWithoutTheirQuotes() throws {
        let c = try ConfigParser.parse("""
            [daemon]
            state = "my state"   # a folder with a space
            seeds = "my seeds #1"
            [topic t]
            rule = x
            seeds = "seeds/t"
            """)
        XCTAssertEqual(c.daemon.state, "my state")
        XCTAssertEqual(c.daemon.seeds, "my seeds #1")
        XCTAssertEqual(c.topics[0].seeds, "seeds/t")
    }

    /// Indented keys (as many INI files are written) each start a value; a rule still goes on over
    /// indented lines, also one holding '=' in a regex.
    /// A feed's options may go on indented lines, as a value goes on (interface.md); an indented
    /// address is a feed of its own. The options were refused as "not an http(s) URL".
    func testAFeedsOptionsContinueOnIndentedLines() throws {
        let c = try ConfigParser.parse("""
            [feeds]
            https://a.example/rss
                name="Cont Name"  tags=a
                # a comment among them

                every=2h
              https://b.example/rss every=1h
            HTTPS://c.example/rss
            """)
        XCTAssertEqual(c.feeds.map(\.url), ["https://a.example/rss", "https://b.example/rss", "HTTPS://c.example/rss"])
        XCTAssertEqual(c.feeds[0].name, "Cont Name")
        XCTAssertEqual(c.feeds[0].tags, ["a"])
        XCTAssertEqual(c.feeds[0].every, 7200)
        XCTAssertEqual(c.feeds[0].line, 2)
        XCTAssertEqual(c.feeds[1].every, 3600)
        // A quoted value may go on to the next line.
        XCTAssertEqual(try ConfigParser.parse("[feeds]\nhttps://a.example/rss name=\"NPR\n  News\" every=1h\n").feeds.first?.name, "NPR News")
        // A problem is placed at the line it is on (it was the feed's first line).
        XCTAssertThrowsError(try ConfigParser.parse("[feeds]\nhttps://a.example/rss\n  tags=x\n  every=2x\n  bogus\n")) { error in
            XCTAssertEqual((error as? ConfigErrors)?.errors.map(\.line), [4, 5])
        }
    }

    /// A feed's line is checked as strictly as a section: a key set twice, `name = x` with
    /// spaces, and the same address in other capitals are refused (a new user's review: the
    /// first two were taken, or gave `unknown key ""`; the third was a second feed).
    func testAFeedLineIsCheckedAsStrictlyAsASection() throws {
        func errors(_ text: String) -> [String] {
            do { _ = try ConfigParser.parse(text); return [] } catch { return error.errors.map(\.description) }
        }
        XCTAssertEqual(errors("[feeds]\nhttps://a.example/rss name=Mine name=Other\n"), ["feeds.conf:2: \"name\" is set twice for https://a.example/rss: one value a key"])
        XCTAssertEqual(errors("[feeds]\nhttps://a.example/rss name = Mine\n"), ["feeds.conf:2: write name=value without spaces around '='"])
        XCTAssertEqual(errors("[feeds]\nhttps://a.example/rss\nHTTPS://A.EXAMPLE/rss\n"), ["feeds.conf:3: feed HTTPS://A.EXAMPLE/rss is listed twice (first on line 2)"])
        XCTAssertEqual(errors("[feeds]\nhttps://a.example/rss\nhttps://a.example/RSS\n"), [], "a path's case is its own")
        // A password is never in a message (the journal holds them), nor folded: two passwords are two feeds.
        XCTAssertEqual(errors("[feeds]\nhttps://bob:Secret@a.example/rss every=1h every=2h\nHTTPS://bob:Secret@A.example/rss\nhttps://bob:secret@a.example/rss\n"),
                       ["feeds.conf:2: \"every\" is set twice for https://a.example/rss: one value a key",
                        "feeds.conf:3: feed HTTPS://A.example/rss is listed twice (first on line 2)"])
    }

    /// A header that cannot be read is one problem, not one a line under it (a new user's
    /// `[topic immigration policy]` gave 121 lines of "outside any section").
    func testTheLinesUnderABadHeaderAreNotToldOneByOne() throws {
        XCTAssertThrowsError(try ConfigParser.parse("[topic immigration policy]\nrule = x\nexclude = y\n[feed]\nhttps://a.example/rss\n[daemon]\nevery = 1h\nbogus\n")) { error in
            XCTAssertEqual((error as? ConfigErrors)?.errors.map(\.line), [1, 4, 8])
        }
        XCTAssertThrowsError(try ConfigParser.parse("rule = x\n[feeds]\n")) { error in
            XCTAssertEqual((error as? ConfigErrors)?.errors.first?.message, "\"rule = x\" is outside any section ([daemon], [feeds] or [topic NAME])")
        }
    }

    func testIndentedKeysStartValuesAndRulesStillContinue() throws {
        let c = try ConfigParser.parse("""
            [daemon]
              state = st
              every = 1h
            [topic t]
              rule = asylum OR
                /a=b/
              min-score = 0.2
            """)
        XCTAssertEqual(c.daemon.state, "st")
        XCTAssertEqual(c.daemon.every, 3600)
        XCTAssertEqual(c.topics[0].rule?.text, "asylum OR /a=b/")
        XCTAssertEqual(c.topics[0].minScore, 0.2)
        // An indented line after a value goes on with it, even one that looks like a header
        // (interface.md); after a feed's line, an indented header is a header (as it was before
        // a feed's options could go on: `startsFeed`).
        let h = try ConfigParser.parse("[topic t]\nrule = asylum OR\n  visa\n  [topic u]\n")
        XCTAssertEqual(h.topics.map(\.name), ["t"])
        XCTAssertEqual(h.topics[0].rule?.text, "asylum OR visa [topic u]")
    }

    /// `[daemon]` written twice cannot set a key twice (the second section's value silently won).
    func testDaemonWrittenTwiceCannotSetAKeyTwice() {
        XCTAssertEqual(errors("[daemon]\nevery = 1h\n[feeds]\n[daemon]\nevery = 2h\nstate = s\n"), [
            "feeds.conf:5: \"every\" is set twice in [daemon] (first on line 2): one value a key",
        ])
    }

    /// `listen` binds an address as written: IPv4, IPv6 in brackets, or localhost; a name that
    /// would need looking up is refused here (the daemon could not bind it and exited 1, again
    /// and again under systemd).
    func testListenTakesAnAddressTheServerCanBind() {
        for good in ["127.0.0.1:8377", "0.0.0.0:80", "[::1]:8377", "[::]:8377", "localhost:8377"] {
            XCTAssertEqual(errors("[daemon]\nlisten = \(good)\n"), [], good)
        }
        for bad in ["example.org:8377", "127.0.0.1", "256.1.1.1:80", "1.2.3:80", ":8377", "[]:80", "[1:2]:80", "[::::::]:80",
                    "127.0.0.1:0", "127.0.0.1:70000"] {
            XCTAssertEqual(errors("[daemon]\nlisten = \(bad)\n"),
                           ["feeds.conf:2: listen: \"\(bad)\" is not HOST:PORT (HOST an IP address, as 127.0.0.1 or [::1], or localhost)"], bad)
        }
    }

    func testTheShippedConfigurationReads() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("feeds.conf")
        let c = try ConfigParser.parse(try String(contentsOf: url, encoding: .utf8))
        XCTAssertGreaterThanOrEqual(c.feeds.count, 5)
        XCTAssertEqual(c.topics.first?.name, "immigration-policy")
    }

    func testValueContinuesOnIndentedLinesAndKnowsItsPlaces() throws {
        let text = "[topic t]\nrule = asylum OR\n    deport* OR\n\t(ICE\n"
        let c = try ConfigParser.parse(text)
        let rule = try XCTUnwrap(c.topics[0].rule)
        XCTAssertEqual(rule.text, "asylum OR deport* OR (ICE")
        XCTAssertEqual(rule.place(of: 0).line, 2)
        XCTAssertEqual(rule.place(of: 0).column, 8)
        XCTAssertEqual(rule.place(of: 10).line, 3)  // "deport*"
        XCTAssertEqual(rule.place(of: 10).column, 5)
        XCTAssertEqual(rule.place(of: 21).line, 4)  // "(ICE"
        XCTAssertEqual(rule.place(of: 21).column, 2)
    }

    /// A value's lines are counted as they come, not the whole text again at each line: each
    /// line's offset must still be one past the length in characters of the text before it (its
    /// space), counted whole, also where characters are made of several scalars and where a
    /// line ends with a prepended mark (U+0600, which joins the space after it), for many lines.
    func testAValuesPlacesCountItsCharactersAsTheWholeTextDoes() throws {
        let lines = ["asylum OR", "caf\u{65}\u{301} OR 👩‍👩‍👧 OR", "x\u{301} OR", "y\u{600}", "z OR ICE"]
            + (0..<200).map { "term\($0) OR" } + ["(last"]
        let text = "[topic t]\nrule = " + lines.joined(separator: "\n    ") + "\n"
        let rule = try XCTUnwrap(try ConfigParser.parse(text).topics[0].rule)
        XCTAssertEqual(rule.text, lines.joined(separator: " "))
        XCTAssertEqual(rule.pieces.count, lines.count)
        for k in 1..<lines.count {
            // One past the text of the lines before, counted whole.
            XCTAssertEqual(rule.pieces[k].offset, lines[..<k].joined(separator: " ").count + 1, "line \(k + 2)")
            XCTAssertEqual(rule.place(of: rule.pieces[k].offset).line, k + 2)
        }
    }

    func testHashInsideAWordOrQuotesIsNotAComment() throws {
        let c = try ConfigParser.parse("[feeds]\nhttps://e.com/a#frag name=\"C# news\"\n")
        XCTAssertEqual(c.feeds[0].url, "https://e.com/a#frag")
        XCTAssertEqual(c.feeds[0].name, "C# news")
    }

    func errors(_ text: String) -> [String] {
        do {
            _ = try ConfigParser.parse(text)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    func testUnknownKeySaysItsLine() {
        XCTAssertEqual(errors("[daemon]\n\nevry = 5m\n"),
                       ["feeds.conf:3: unknown key \"evry\" in [daemon] (keys: state, seeds, every, listen, parallel, per-host, max-size)"])
    }

    func testBadValuesAreRefused() {
        XCTAssertEqual(errors("[daemon]\nevery = soon\nparallel = 0\nmax-size = lots\nlisten = 8377\n"), [
            "feeds.conf:2: every: \"soon\" is not a duration (30s, 15m, 2h, 1d; at most 3650d)",
            "feeds.conf:3: parallel: \"0\" is not a number from 1 to 1000",
            "feeds.conf:4: max-size: \"lots\" is not a size (16MB, 512KB; at most 1024GB)",
            "feeds.conf:5: listen: \"8377\" is not HOST:PORT (HOST an IP address, as 127.0.0.1 or [::1], or localhost)",
        ])
    }

    func testFeedLineProblems() {
        XCTAssertEqual(errors("[feeds]\nftp://e.com/x\nhttps://e.com/a colour=red\nhttps://e.com/a\nhttps://e.com/b name=\"open\n"), [
            "feeds.conf:2: \"ftp://e.com/x\" is not an http(s) URL",
            "feeds.conf:3: unknown key \"colour\" for a feed (keys: name, every, tags)",
            "feeds.conf:4: feed https://e.com/a is listed twice (first on line 3)",
            "feeds.conf:5: unterminated quote",
        ])
    }

    func testSectionProblems() {
        XCTAssertEqual(errors("x = 1\n[topics]\n[topic Bad Name]\n[topic a]\n[topic a]\n"), [
            "feeds.conf:1: \"x = 1\" is outside any section ([daemon], [feeds] or [topic NAME])",
            "feeds.conf:2: unknown section [topics] (sections: [daemon], [feeds], [topic NAME])",
            "feeds.conf:3: a topic section names one topic: [topic NAME]",
            "feeds.conf:5: topic \"a\" is defined twice",
        ])
    }

    func testMinScoreMustBeAFraction() {
        XCTAssertEqual(errors("[topic a]\nmin-score = 1.5\n"), ["feeds.conf:2: min-score: \"1.5\" is not a number from 0 to 1"])
    }
}
