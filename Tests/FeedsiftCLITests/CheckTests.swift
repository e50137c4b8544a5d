import Foundation
import XCTest

/// `feedsift check` and `classify` against configurations written for the test.
final class CheckTests: XCTestCase {

    func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feedsift-check-\(UUID())")
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir.path
    }

    func testGoodConfigurationIsOK() throws {
        let dir = try folder(["feeds.conf": "[feeds]\nhttps://e.com/rss\n[topic t]\nrule = asylum\nseeds = s\n", "s/a.txt": "Title\n\nText about asylum."])
        let r = try runFeedsift(["check", "--config", dir + "/feeds.conf"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "\(dir)/feeds.conf: ok: 1 feeds, 1 topics, 1 seed documents\n")
    }

    /// `--config` is global: before the command, and before a subcommand's name, as after it.
    func testConfigMayComeBeforeTheCommand() throws {
        let dir = try folder(["feeds.conf": "[feeds]\nhttps://e.com/rss\n[topic t]\nrule = asylum\n"])
        for args in [["--config", dir + "/feeds.conf", "check"], ["--config=" + dir + "/feeds.conf", "check"], ["check", "--config", dir + "/feeds.conf"]] {
            let r = try runFeedsift(args)
            XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stdout, "\(dir)/feeds.conf: ok: 1 feeds, 1 topics, 0 seed documents\n", "\(args)")
        }
        let help = try runFeedsift(["--config", dir + "/feeds.conf", "help", "check"])
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertTrue(help.stdout.contains("USAGE: feedsift check"), help.stdout)
        let opml = try runFeedsift(["--config", dir + "/feeds.conf", "opml", "export"])
        XCTAssertEqual(opml.status, 0, opml.stderr)
        XCTAssertTrue(opml.stdout.contains("xmlUrl=\"https://e.com/rss\""), opml.stdout)
    }

    /// A state folder that cannot be made (here a file stands where a folder of its path should)
    /// stops every command that opens the state, placed at the `state =` line, with exit 78 (a
    /// configuration problem: systemd's RestartPreventExitStatus=78 ends the restarts). It stopped
    /// them with exit 1 and a path of `././`, and `check` said the file was fine. `check` makes
    /// nothing: a folder that is not there yet is no problem, and is still not there after it.
    func testAStateFolderThatCannotBeMadeIsPlacedAndExits78() throws {
        let dir = try folder(["feeds.conf": "[daemon]\nevery = 1h\nstate = blocker/state\n[feeds]\nhttps://e.com/rss\n[topic t]\nrule = asylum\n",
                              "blocker": "a file, not a folder"])
        let config = dir + "/feeds.conf"
        for command in [["check"], ["list"], ["tail"], ["export"], ["fetch"], ["mark", "--relevant", "abcdef"]] {
            let r = try runFeedsift(["--config", config] + command)
            XCTAssertEqual(r.status, 78, "\(command): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("feeds.conf:3: state \"blocker/state\": \(dir)/blocker/state: Not a directory"), "\(command): \(r.stderr)")
        }
        try "[daemon]\nstate = not/yet\n".write(toFile: config, atomically: true, encoding: .utf8)
        let r = try runFeedsift(["--config", config, "check"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/not"))
        // The default folder is named as such.
        try "[daemon]\n".write(toFile: config, atomically: true, encoding: .utf8)
        try "a file".write(toFile: dir + "/.feedsift", atomically: true, encoding: .utf8)
        let d = try runFeedsift(["--config", config, "check"])
        XCTAssertEqual(d.status, 78)
        XCTAssertTrue(d.stderr.contains("feeds.conf: state \".feedsift\" (the default): \(dir)/.feedsift: not a folder"), d.stderr)
    }

    /// The commands that only read the state make none where there is none: `list` shows the
    /// feeds as never polled, `tail` and `export` show no match, `mark` finds none. Each made an
    /// empty state (a mistyped `state =` left one behind).
    func testReadingCommandsMakeNoState() throws {
        let dir = try folder(["feeds.conf": "[daemon]\nstate = st\n[feeds]\nhttps://e.com/rss\n[topic t]\nrule = asylum\n"])
        let config = dir + "/feeds.conf"
        let list = try runFeedsift(["--config", config, "list", "--json"])
        XCTAssertEqual(list.status, 0, list.stderr)
        let feeds = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(feeds.first?["url"] as? String, "https://e.com/rss")
        XCTAssertEqual(feeds.first?["status"] as? String, "new")
        let tail = try runFeedsift(["--config", config, "tail"])
        XCTAssertEqual(tail.status, 0, tail.stderr)
        XCTAssertEqual(tail.stdout, "")
        let export = try runFeedsift(["--config", config, "export", "--format", "json"])
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertTrue(export.stdout.contains("\"items\":[]"), export.stdout)
        let mark = try runFeedsift(["--config", config, "mark", "--relevant", "abcdef12"])
        XCTAssertEqual(mark.status, 1)
        XCTAssertTrue(mark.stderr.contains("no stored match has this id"), mark.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/st"))
    }

    /// Polls come at most every 30 s: a shorter `every` is said at its line (a problem to
    /// `check`, a warning to the others) and read as 30 s (`every = 1s` polled twelve times in
    /// twelve seconds, a review found).
    func testAnIntervalUnderThirtySecondsIsReadAsThirty() throws {
        let dir = try folder(["feeds.conf": "[daemon]\nevery = 5s\n[feeds]\nhttps://a.example/rss every=1s\nhttps://b.example/rss every=45s\n"])
        let check = try runFeedsift(["--config", dir + "/feeds.conf", "check"])
        XCTAssertEqual(check.status, 78)
        XCTAssertTrue(check.stderr.contains("feeds.conf:2: every: polls come at most every 30s; read as 30s"), check.stderr)
        XCTAssertTrue(check.stderr.contains("feeds.conf:4: every: polls come at most every 30s; read as 30s"), check.stderr)
        let list = try runFeedsift(["--config", dir + "/feeds.conf", "list", "--json"])
        XCTAssertEqual(list.status, 0, list.stderr)
        let feeds = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(feeds.map { $0["every"] as? String }, ["30s", "45s"])
        XCTAssertTrue(list.stderr.contains("warning: "), list.stderr)
    }

    /// An operator written in small letters is read as a word to find (`immigration or asylum`
    /// asks for "or" too, and matched neither story a new user tried): said at the rule.
    func testAnOperatorInSmallLettersIsSaid() throws {
        let dir = try folder(["feeds.conf": "[topic t]\nrule = immigration or asylum\n",
                              "feed.xml": "<rss version=\"2.0\"><channel><title>F</title><item><guid>1</guid><title>Asylum seekers wait</title></item></channel></rss>"])
        let check = try runFeedsift(["check", "--config", dir + "/feeds.conf"])
        XCTAssertEqual(check.status, 78)
        XCTAssertEqual(check.stderr, "feedsift: feeds.conf:2: topic t: \"or\" is read as a word to find; the operators are written in capitals (OR)\n")
        let classify = try runFeedsift(["classify", "--config", dir + "/feeds.conf", dir + "/feed.xml"])
        XCTAssertEqual(classify.status, 0)
        XCTAssertTrue(classify.stderr.contains("warning: feeds.conf:2: topic t: \"or\""), classify.stderr)
        XCTAssertEqual(try runFeedsift(["check", "--config", try folder(["feeds.conf": "[topic t]\nrule = \"law and order\" OR /or/\n"]) + "/feeds.conf"]).status, 0,
                       "in a phrase or a regex it is a word")
        let near = try runFeedsift(["check", "--config", try folder(["feeds.conf": "[topic t]\nrule = alpha near/5 beta\n"]) + "/feeds.conf"])
        XCTAssertEqual(near.stderr, "feedsift: feeds.conf:2: topic t: \"near\" is read as a word to find; the operators are written in capitals (NEAR/n)\n")
    }

    func testBadRuleIsPlacedByLineAndColumnAndExits78() throws {
        let dir = try folder(["feeds.conf": "[topic t]\nseeds = s\nrule = asylum OR\n  (\"sanctuary cit*\"\n", "s/a.txt": "T\n\nx"])
        let r = try runFeedsift(["check", "--config", dir + "/feeds.conf"])
        XCTAssertEqual(r.status, 78)
        XCTAssertEqual(r.stderr, "feedsift: feeds.conf:4:20: expected ')' after \"sanctuary cit*\"\n")
    }

    func testMissingAndEmptySeedsAreProblems() throws {
        let dir = try folder(["feeds.conf": "[topic a]\nrule = x\nseeds = none\n[topic b]\nrule = y\nseeds = s\n", "s/empty.txt": "  \n"])
        let r = try runFeedsift(["check", "--config", dir + "/feeds.conf"])
        XCTAssertEqual(r.status, 78)
        // Placed at the `seeds =` line that names the folder.
        XCTAssertTrue(r.stderr.contains("feeds.conf:3: topic a: seed folder \(dir)/none: No such file or directory"), r.stderr)
        XCTAssertTrue(r.stderr.contains("feeds.conf:6: topic b: seed \(dir)/s/empty.txt is empty (left out)"), r.stderr)
    }

    /// Hidden files are no seeds (an editor's lock file, a dangling link named `.#a.txt`, stopped
    /// every command; a copy's `._b.txt`); `.TXT` is a seed; an empty folder beside a rule is no
    /// problem (the first `mark --relevant` fills it).
    func testHiddenFilesAreNoSeedsUpperCaseTXTIsAndAnEmptyFolderBesideARuleIsFine() throws {
        let dir = try folder(["feeds.conf": "[topic t]\nrule = asylum\nseeds = s\n[topic u]\nrule = visa\nseeds = empty\n",
                              "s/._b.txt": "\u{0}\u{5}binary", "s/C.TXT": "Title\n\nText about asylum."])
        try FileManager.default.createSymbolicLink(atPath: dir + "/s/.#a.txt", withDestinationPath: "root@host.1234:1700000000")
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        let r = try runFeedsift(["check", "--config", dir + "/feeds.conf"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "\(dir)/feeds.conf: ok: 0 feeds, 2 topics, 1 seed documents\n")
    }

    /// A `not` that is no folder is a problem (its counter-examples were dropped without a word).
    func testANotThatIsNoFolderIsAProblem() throws {
        let dir = try folder(["feeds.conf": "[topic t]\nrule = asylum\nseeds = s\n", "s/a.txt": "T\n\nasylum", "s/not": "oops"])
        let r = try runFeedsift(["check", "--config", dir + "/feeds.conf"])
        XCTAssertEqual(r.status, 78)
        XCTAssertEqual(r.stderr, "feedsift: feeds.conf:3: topic t: seed folder \(dir)/s/not: Not a directory\n")
    }

    /// A seed left out (empty, not UTF-8) is a problem to `check`; the other commands say so on
    /// standard error and go on with the other seeds (it stopped `list`, `tail`, `fetch` and the daemon).
    func testASeedLeftOutStopsOnlyCheck() throws {
        let dir = try folder(["feeds.conf": "[daemon]\nstate = st\n[topic t]\nrule = asylum\nseeds = s\n",
                              "s/a.txt": "Asylum\n\nAsylum claims rise.", "s/empty.txt": "\n",
                              "feed.xml": "<rss version=\"2.0\"><channel><title>F</title><item><guid>1</guid><title>Asylum claims rise</title></item></channel></rss>"])
        try Data([0x43, 0x61, 0x66, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: dir + "/s/latin1.txt"))
        let check = try runFeedsift(["check", "--config", dir + "/feeds.conf"])
        XCTAssertEqual(check.status, 78)
        XCTAssertEqual(check.stderr, """
            feedsift: feeds.conf:5: topic t: seed \(dir)/s/empty.txt is empty (left out)
            feedsift: feeds.conf:5: topic t: seed \(dir)/s/latin1.txt is not UTF-8 text (left out; convert it with iconv)

            """)
        let list = try runFeedsift(["list", "--config", dir + "/feeds.conf"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stderr.contains("feedsift: warning: feeds.conf:5: topic t: seed \(dir)/s/empty.txt is empty (left out)"), list.stderr)
        let classify = try runFeedsift(["classify", "--json", "--config", dir + "/feeds.conf", dir + "/feed.xml"])
        XCTAssertEqual(classify.status, 0, classify.stderr)
        XCTAssertTrue(classify.stdout.contains("\"match\":true"), classify.stdout)
    }

    func testATopicWithARuleNeedsNoSeedFolder() throws {
        let dir = try folder(["feeds.conf": "[topic t]\nrule = asylum\n"])
        XCTAssertEqual(try runFeedsift(["check", "--config", dir + "/feeds.conf"]).status, 0)
        let without = try folder(["feeds.conf": "[topic t]\nmin-score = 0.2\n"])
        let r = try runFeedsift(["check", "--config", without + "/feeds.conf"])
        XCTAssertEqual(r.status, 78)
        XCTAssertTrue(r.stderr.contains("feeds.conf:1: topic t has neither a rule nor seed documents"), r.stderr)
    }

    /// Under systemd (JOURNAL_STREAM set), a problem carries the syslog priority of an error, as
    /// the daemon's log lines do: journald filed why the service would not start at info.
    func testUnderTheJournalAProblemIsAnError() throws {
        let dir = try folder(["feeds.conf": "[daemon]\nevery = soon\n"])
        let r = try runFeedsift(["check", "--config", dir + "/feeds.conf"], environment: ["JOURNAL_STREAM": "8:1234"])
        XCTAssertEqual(r.status, 78)
        XCTAssertEqual(r.stderr, "<3>feedsift: feeds.conf:2: every: \"soon\" is not a duration (30s, 15m, 2h, 1d; at most 3650d)\n")
    }

    func testConfigurationErrorsAreAllListed() throws {
        let dir = try folder(["feeds.conf": "[daemon]\nevery = soon\n[feeds]\nnot-a-url\n"])
        let r = try runFeedsift(["check", "--config", dir + "/feeds.conf"])
        XCTAssertEqual(r.status, 78)
        XCTAssertEqual(r.stderr, "feedsift: feeds.conf:2: every: \"soon\" is not a duration (30s, 15m, 2h, 1d; at most 3650d)\nfeedsift: feeds.conf:4: \"not-a-url\" is not an http(s) URL\n")
    }

    /// Every problem at once: a configuration error does not hide the rules' and seeds' ones; a
    /// key set twice, `min-score` without seeds and a bad counter-example are problems.
    func testEveryProblemIsListedAtOnce() throws {
        let dir = try folder(["feeds.conf": "[daemon]\nevry = 15m\n[topic t]\nrule = (asylum OR \"sanctuary cit*\"\nrule = x\n"
                                            + "[topic u]\nrule = asylum\nmin-score = 0.2\n[topic v]\nrule = visa\nseeds = s\n",
                              "s/a.txt": "Title\n\nText about visas.", "s/not/b.txt": "  \n"])
        let r = try runFeedsift(["check", "--config", dir + "/feeds.conf"])
        XCTAssertEqual(r.status, 78)
        XCTAssertEqual(r.stderr, """
            feedsift: feeds.conf:2: unknown key "evry" in [daemon] (keys: state, seeds, every, listen, parallel, per-host, max-size)
            feedsift: feeds.conf:5: "rule" is set twice in this section (first on line 4): one value a key
            feedsift: feeds.conf:4:35: expected ')' after "sanctuary cit*"
            feedsift: feeds.conf:6: topic u: min-score needs seed documents (without them there is no score, and the topic would never match)
            feedsift: feeds.conf:11: topic v: seed \(dir)/s/not/b.txt is empty (left out)

            """)
        // Keys after a broken header are not the last section's (topic a keeps its rule: no
        // "set twice"), nor told one by one: the header's problem is the one.
        let broken = try folder(["feeds.conf": "[topic a]\nrule = x\n[topic b\nrule = y\n"])
        let b = try runFeedsift(["check", "--config", broken + "/feeds.conf"])
        XCTAssertEqual(b.stderr, "feedsift: feeds.conf:3: section header \"[topic b\" has no closing ']'\n")
    }

    func testClassifyShowsVerdictsAsJSON() throws {
        let dir = try folder(["feeds.conf": "[topic imm]\nrule = ICE OR asylum\nexclude = \"ice hockey\"\nseeds = s\n",
                              "s/a.txt": "ICE raids\n\nImmigration agents raided homes.",
                              "feed.xml": "<rss version=\"2.0\"><channel><title>F</title><item><guid>1</guid><title>ICE raids in Texas</title></item><item><guid>2</guid><title>Ice hockey final</title></item></channel></rss>"])
        let r = try runFeedsift(["classify", "--json", "--config", dir + "/feeds.conf", dir + "/feed.xml"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let items = try XCTUnwrap(object?["items"] as? [[String: Any]])
        let first = try XCTUnwrap((items[0]["topics"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["topic"] as? String, "imm")
        XCTAssertEqual(first["match"] as? Bool, true)
        XCTAssertEqual(first["hits"] as? [String], ["ICE"])
        XCTAssertNotNil(first["score"] as? Double)
        let second = try XCTUnwrap((items[1]["topics"] as? [[String: Any]])?.first)
        XCTAssertEqual(second["match"] as? Bool, false)
    }

    /// The readable form says in words what decided each verdict (it printed the JSON's gate
    /// names, "(rule)", "(min-score)", "(not)", which a reader had to guess).
    func testClassifySaysWhatDecidedInWords() throws {
        let dir = try folder(["feeds.conf": "[topic a]\nrule = ICE\nexclude = storm\n[topic b]\nrule = ICE\nseeds = s\nmin-score = 0.99\n[topic c]\nseeds = s\n",
                              "s/seed.txt": "ICE raids\n\nAgents raided homes in sanctuary cities.\n",
                              "feed.xml": "<rss version=\"2.0\"><channel><title>F</title><item><guid>1</guid><title>ICE storm</title></item>"
                                + "<item><guid>2</guid><title>ICE raids homes in sanctuary cities</title></item></channel></rss>"])
        let r = try runFeedsift(["classify", "--config", dir + "/feeds.conf", dir + "/feed.xml"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 8, r.stdout)
        XCTAssertTrue(lines[1].hasPrefix("  no    a  (excluded)"), lines[1])
        // The gate is said with its value: min-score, or 0.15 for a topic of seeds alone (which
        // a reader could not see anywhere).
        XCTAssertTrue(lines[2].contains(" (the score is under min-score 0.990)"), lines[2])
        XCTAssertTrue(lines[3].contains(" (the seed score is under 0.150)"), lines[3])
        XCTAssertTrue(lines[5].hasPrefix("  match a  (the rule holds)"), lines[5])
        XCTAssertTrue(lines[7].contains(" (the seed score reaches 0.150)"), lines[7])
    }

    /// A word that hits in the title and in the text, in two cases, is shown once (review).
    func testClassifyShowsEachWordThatHitOnce() throws {
        let dir = try folder(["feeds.conf": "[topic t]\nrule = asylum\n",
                              "feed.xml": "<rss version=\"2.0\"><channel><title>F</title><item><guid>1</guid><title>Asylum claims rise</title><description>More asylum claims.</description></item></channel></rss>"])
        let r = try runFeedsift(["classify", "--config", dir + "/feeds.conf", dir + "/feed.xml"])
        XCTAssertEqual(r.stdout, "Asylum claims rise\n  match t  (the rule holds)  [Asylum]\n")
    }

    /// A regex that backtracks without end on an item gives up there: the verdicts are printed,
    /// and standard error names the item and the regex.
    func testClassifySaysWhichItemARegexGaveUpOn() throws {
        let hostile = String(repeating: "a", count: 3000) + "!"
        let dir = try folder(["feeds.conf": "[topic letters]\nrule = /(a+)+$/ OR visa\n",
                              "feed.xml": "<rss version=\"2.0\"><channel><title>F</title><item><guid>1</guid><title>Visa news</title><description>\(hostile)</description></item><item><guid>2</guid><title>aaa</title></item></channel></rss>"])
        let r = try runFeedsift(["classify", "--config", dir + "/feeds.conf", dir + "/feed.xml"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "Visa news\n  match letters  (the rule holds)  [Visa]\naaa\n  match letters  (the rule holds)  [aaa]\n")
        XCTAssertEqual(r.stderr, "feedsift: \(dir)/feed.xml: item 1: topic letters: /(a+)+$/ gave up (over 5 million steps or half a second, or 5 s of regexes on the item): "
                           + "it counts as not matching there\n")
    }

    /// Every topic has its verdict, in the configuration's order: the quiet ones (no match, no
    /// hits), written from one piece of JSON, around and between the decided ones; decided ones
    /// first and side by side; a topic woken by a word whose rule then fails (`c` on "Snow").
    func testClassifyGivesEveryTopicsVerdictInOrder() throws {
        let conf = "[topic a]\nrule = hockey\n[topic b]\nrule = asylum\n[topic c]\nrule = budget AND snow\n[topic d]\nrule = ICE\n[topic e]\nrule = snow\n"
            + "[topic f]\nrule = ICE\n"
        let dir = try folder(["feeds.conf": conf,
                              "feed.xml": "<rss version=\"2.0\"><channel><title>F</title><item><guid>1</guid><title>ICE denies asylum</title></item><item><guid>2</guid><title>Snow</title></item><item><guid>3</guid><title>Nothing</title></item><item><guid>4</guid><title>Hockey asylum</title></item></channel></rss>"])
        let r = try runFeedsift(["classify", "--json", "--config", dir + "/feeds.conf", dir + "/feed.xml"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let items = try XCTUnwrap(object?["items"] as? [[String: Any]])
        func verdicts(_ k: Int) -> [String] {
            ((items[k]["topics"] as? [[String: Any]]) ?? []).map { v in
                "\(v["topic"] as? String ?? "?") \(v["match"] as? Bool ?? false) \((v["hits"] as? [String] ?? []).joined(separator: ",")) \(v["gate"] as? String ?? "?")"
            }
        }
        XCTAssertEqual(verdicts(0), ["a false  rule", "b true asylum rule", "c false  rule", "d true ICE rule", "e false  rule", "f true ICE rule"])
        XCTAssertEqual(verdicts(1), ["a false  rule", "b false  rule", "c false  rule", "d false  rule", "e true Snow rule", "f false  rule"])
        XCTAssertEqual(verdicts(2), ["a false  rule", "b false  rule", "c false  rule", "d false  rule", "e false  rule", "f false  rule"])
        XCTAssertEqual(verdicts(3), ["a true Hockey rule", "b true asylum rule", "c false  rule", "d false  rule", "e false  rule", "f false  rule"])
    }
}
