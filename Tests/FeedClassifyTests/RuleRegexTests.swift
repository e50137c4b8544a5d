@testable import FeedClassify
import Foundation
import XCTest

/// A rule's `/regex/`: PCRE2 with Unicode's classes and case, a bound on backtracking that a
/// hostile item cannot pass, and errors placed in the pattern.
final class RuleRegexTests: XCTestCase {
    func regex(_ pattern: String, i: Bool = false) throws -> RuleRegex { try RuleRegex(pattern: pattern, caseInsensitive: i) }

    /// The bytes of the first match, as text.
    func match(_ pattern: String, i: Bool = false, in text: String) throws -> String? {
        guard case let .match(bytes) = try regex(pattern, i: i).firstMatch(in: text) else { return nil }
        return String(decoding: Array(text.utf8)[bytes], as: UTF8.self)
    }

    func testClassesAndCaseAreUnicodes() throws {
        XCTAssertEqual(try match("\\bcafé\\b", in: "un café noir"), "café")
        XCTAssertNil(try match("\\bcaf\\b", in: "un café noir"), "é is a word character: no boundary after caf")
        XCTAssertEqual(try match("\\w+", in: "«Москва»"), "Москва")
        XCTAssertEqual(try match("ÉLAN", i: true, in: "un élan vital"), "élan")
        XCTAssertNil(try match("ÉLAN", in: "un élan vital"), "case-sensitive without /i")
        XCTAssertEqual(try match("\\d+", in: "year ٢٠٢٤ AD"), "٢٠٢٤", "Arabic-Indic digits are digits")
        // `.` is one character (a scalar), as in ICU: e + combining acute is two.
        XCTAssertEqual(try match("^e.$", in: "e\u{301}"), "e\u{301}")
        XCTAssertEqual(try match("H-?1B", in: "the H1B and H-1B visas"), "H1B", "the first match, leftmost")
        // `\b` as ICU draws it between a word character and another: apostrophes, colons, points.
        for text in ["ICE's agents", "ICE’s agents", "ICE:agents", "(ICE)"] { XCTAssertEqual(try match("\\bICE\\b", in: text), "ICE", text) }
        XCTAssertEqual(try match("\\b3\\b", in: "3.5 million"), "3")
        XCTAssertNil(try match("\\bICE\\b", in: "ICEBERG"))
    }

    func testMatchOffsetsAreUTF8Bytes() throws {
        let r = try regex("visa")
        XCTAssertEqual(r.firstMatch(in: "Москва visa"), .match(13..<17))  // six Cyrillic letters of two bytes, a space
        XCTAssertEqual(r.firstMatch(in: "no"), .noMatch)
        XCTAssertEqual(r.firstMatch(in: ""), .noMatch)
    }

    /// `(a+)+$` on letters that end in `!` backtracks in time exponential in their number: with
    /// Swift's Regex, 18 letters took 18 s and each two more seven times that. Here the match
    /// gives up at the step limit and holds nowhere; the give-up is counted, once a match.
    func testCatastrophicBacktrackingGivesUpInsteadOfHanging() throws {
        let r = try regex("(a+)+$")
        let hostile = String(repeating: "a", count: 5000) + "!"
        let done = expectation(description: "the match returns")
        nonisolated(unsafe) var outcome: RuleRegex.Outcome?
        Thread.detachNewThread {
            outcome = r.firstMatch(in: hostile)
            done.fulfill()
        }
        // Not a timing: unbounded, this match would outlast the universe; bounded, it takes milliseconds.
        wait(for: [done], timeout: 60)
        XCTAssertEqual(outcome, .gaveUp)
        XCTAssertEqual(r.gaveUp, 1)
        XCTAssertEqual(r.firstMatch(in: "aaaa"), .match(0..<4), "the same pattern on an ordinary text")
        XCTAssertEqual(r.gaveUp, 1)
        // In a rule, a match that gave up holds nowhere: the rule falls to its other operands.
        let doc = Document(title: "visa news", text: hostile)
        XCTAssertEqual(Matcher.evaluate(.regex(r), doc).matches, false)
        XCTAssertEqual(Matcher.evaluate(try RuleParser.parse("/(a+)+$/ OR visa"), doc).hits, [Hit(field: .title, text: "visa")])
        XCTAssertEqual(r.gaveUp, 2)
    }

    /// A step is one item of the pattern, and some items read as much text as they like: a
    /// back-reference repeated, a possessive repeat tried from every place. Half a second of time
    /// bounds them (unbounded here: 34 s and about 25 s).
    func testStepsThatReadMuchTextAreBoundedByTime() throws {
        for (pattern, text) in [("(a+)\\1{1000}$", String(repeating: "a", count: 8000) + "b"),
                                ("a*+[^a]", String(repeating: "a", count: 200_000))] {
            let r = try regex(pattern)
            let done = expectation(description: pattern)
            nonisolated(unsafe) var outcome: RuleRegex.Outcome?
            Thread.detachNewThread {
                outcome = r.firstMatch(in: text)
                done.fulfill()
            }
            wait(for: [done], timeout: 60)
            XCTAssertEqual(outcome, .gaveUp, pattern)
            XCTAssertEqual(r.gaveUp, 1, pattern)
        }
    }

    /// All the regexes of one item share five seconds: past them, each gives up at once (here a
    /// spent budget), is counted, and holds nowhere, so that an item is progress however many
    /// regexes its topics hold.
    func testTheRegexesOfAnItemShareABudget() throws {
        var doc = Document(title: "visa", text: "H-1B visa")
        doc.regexTime = ItemRegexTime(limitNanoseconds: 0)
        let rule = try RuleParser.parse("/visa/ OR /H-?1B/")
        XCTAssertFalse(Matcher.evaluate(rule, doc).matches)
        guard case let .regex(a) = try RuleParser.parse("/visa/"), case let .regex(b) = try RuleParser.parse("/H-?1B/") else { return XCTFail() }
        XCTAssertEqual(a.firstMatch(in: "visa", item: doc.regexTime), .gaveUp)
        XCTAssertEqual(a.gaveUp, 1)
        XCTAssertEqual(b.firstMatch(in: "H1B", item: ItemRegexTime()), .match(0..<3), "a budget not spent")
        XCTAssertTrue(Matcher.evaluate(rule, Document(title: "visa", text: "H-1B visa")).matches)
        // The classifier gives each document a budget when, and only when, some topic has a regex.
        XCTAssertTrue(Classifier([Topic(name: "r", rule: nil, exclude: rule, minScore: 0.1, similarity: nil)]).hasRegexes)
        XCTAssertFalse(Classifier([Topic(name: "w", rule: try RuleParser.parse("visa"), exclude: nil, minScore: nil, similarity: nil)]).hasRegexes)
    }

    /// A pattern that reads a text a few steps a character does not meet the limit on a hundred
    /// kilobytes of news; one that reads the rest of the text from each place it starts at
    /// (`council.*visa`, where "visa" is not) meets it there, but not on ten.
    func testOrdinaryPatternsOnLongTextsDoNotGiveUp() throws {
        let sentence = "The council met on Tuesday to discuss the budget and the schools. "
        let text = String(repeating: sentence, count: 1600) + "for H-1B work visas"
        XCTAssertGreaterThan(text.utf8.count, 100_000)
        for pattern in ["\\bvisas?\\b", "(?:\\w+\\s+){2}visas", "H-?1B", "\\b[A-Z]-?\\d[A-Z]\\b", "\\bwork\\s+visas$"] {
            let r = try regex(pattern)
            guard case .match = r.firstMatch(in: text) else { return XCTFail("/\(pattern)/ found no match") }
            XCTAssertEqual(r.gaveUp, 0, pattern)
        }
        XCTAssertEqual(try regex("zebra").firstMatch(in: text), .noMatch)
        let quadratic = try regex("council.*visa")
        XCTAssertEqual(quadratic.firstMatch(in: String(repeating: sentence, count: 160)), .noMatch)
        XCTAssertEqual(quadratic.firstMatch(in: String(repeating: sentence, count: 1600)), .gaveUp)
    }

    /// The limit is on the whole text, not on each place the pattern is tried from: `a.*b.*c`
    /// over letters `a` and a last `c` takes steps in the square of their number (each `a`
    /// reads to the end, and back), 100,000 letters 1.5 s at PCRE2's own limits, which it counts
    /// again at each start.
    func testTheLimitIsOnTheWholeText() throws {
        let r = try regex("a.*b.*c")
        XCTAssertEqual(r.firstMatch(in: String(repeating: "a", count: 300) + "c"), .noMatch)
        XCTAssertEqual(r.firstMatch(in: String(repeating: "a", count: 100_000) + "c"), .gaveUp)
        XCTAssertEqual(r.firstMatch(in: String(repeating: "a", count: 100_000) + "bc"), .match(0..<100_002))
    }

    /// Each topic's regexes that gave up since the last look, once each, named with their topic.
    func testGiveUpsAreToldOnceWithTheirTopic() throws {
        let topics = [Topic(name: "plain", rule: try RuleParser.parse("visa"), exclude: nil, minScore: nil, similarity: nil),
                      Topic(name: "bad", rule: try RuleParser.parse("visa AND NOT /(x+x+)+y/i"), exclude: try RuleParser.parse("/(a+)+$/"),
                            minScore: nil, similarity: nil)]
        var watch = RegexGiveUps(topics)
        XCTAssertEqual(watch.news(), [])
        let classifier = Classifier(topics)
        // PCRE2 looks for a `y` first: only a text that holds one sends it backtracking.
        let xs = String(repeating: "x", count: 3000) + "zy"
        _ = classifier.verdicts(Document(title: "visa", text: String(repeating: "x", count: 3000)))
        XCTAssertEqual(watch.news(), [])
        _ = classifier.verdicts(Document(title: "visa", text: xs))
        XCTAssertEqual(watch.news(), ["topic bad: /(x+x+)+y/i gave up (over 5 million steps or half a second, or 5 s of regexes on the item): it counts as not matching there"])
        XCTAssertEqual(watch.news(), [], "told once")
        // The rule holds when its regex gave up (NOT of no match): the exclusion is read then.
        _ = classifier.verdicts(Document(title: "visa", text: xs + " " + String(repeating: "a", count: 3000) + "!"))
        _ = classifier.verdicts(Document(title: "visa", text: xs))
        XCTAssertEqual(watch.news(), ["topic bad: /(x+x+)+y/i gave up 2 times (over 5 million steps or half a second, or 5 s of regexes on the item): it counts as not matching there",
                                      "topic bad: /(a+)+$/ gave up (over 5 million steps or half a second, or 5 s of regexes on the item): it counts as not matching there"])
    }

    func testSyntaxErrorsArePlacedInCharacters() throws {
        XCTAssertThrowsError(try regex("(ab")) { error in
            XCTAssertEqual("\(error)", "missing closing parenthesis (at character 4 of the pattern)")
        }
        XCTAssertThrowsError(try regex("éé[z-a]")) { error in
            XCTAssertEqual("\(error)", "range out of order in character class (at character 6 of the pattern)")
        }
        // Counted in the pattern as written, where `\/` is two characters.
        XCTAssertThrowsError(try RuleParser.parse("/a\\/\\/\\/b(/")) { error in
            XCTAssertEqual((error as? RuleError)?.message,
                           "bad regular expression /a\\/\\/\\/b(/: missing closing parenthesis (at character 10 of the pattern)")
        }
        XCTAssertThrowsError(try RuleParser.parse("visa OR /a{2,1}/")) { error in
            XCTAssertEqual((error as? RuleError)?.offset, 8)
            XCTAssertEqual((error as? RuleError)?.message,
                           "bad regular expression /a{2,1}/: numbers out of order in {} quantifier (at character 6 of the pattern)")
        }
    }

    /// ICU's set syntax, which PCRE2 reads otherwise without a word, is refused at its place
    /// (a review: `[[a-z]--[aeiou]]` passed `check`, then matched "a--e]]]" and not "strength").
    /// What both read alike still compiles: POSIX classes, a first `]`, escapes, `\Q...\E`.
    func testICUsSetOperationsAreRefusedAtTheirPlace() throws {
        for (pattern, at, what) in [("[[a-z]--[aeiou]]{3}", 2, "a set inside a set"), ("x[ab[c]]", 5, "a set inside a set"),
                                    ("[a-z&&[^m]]", 5, "&& in a set"), ("[\\p{L}--\\p{Lu}]", 7, "-- in a set")] {
            XCTAssertThrowsError(try regex(pattern), pattern) { error in
                XCTAssertTrue("\(error)".hasPrefix(what), "\(pattern): \(error)")
                XCTAssertTrue("\(error)".hasSuffix("(at character \(at) of the pattern)"), "\(pattern): \(error)")
            }
        }
        XCTAssertEqual(try match("[[:alpha:]]+", in: "12 abc"), "abc")
        XCTAssertEqual(try match("[]a]+", in: "x]a]"), "]a]")
        XCTAssertEqual(try match("[\\[x]+", in: "a[x["), "[x[")
        XCTAssertEqual(try match("\\Q[[a]]\\E", in: "b[[a]]"), "[[a]]")
        XCTAssertEqual(try match("a--b&&c", in: "a--b&&c"), "a--b&&c", "outside a set they are characters")
        XCTAssertEqual(try match("[a\\-\\-]+", in: "x-a-"), "-a-")
        // What PCRE2 and ICU both read as characters is no set operation (a review: each was refused).
        XCTAssertEqual(try match("[^[]+", in: "[ab["), "ab")
        XCTAssertEqual(try match("[[]", in: "a[b"), "[")
        XCTAssertEqual(try match("[a-z&&]+", in: "1b&&c2"), "b&&c")
        XCTAssertEqual(try match("[+--]+", in: "a+,-b"), "+,-")
        XCTAssertEqual(try match("a(?#[[x]--[y]])b", in: "ab"), "ab")
    }
}
