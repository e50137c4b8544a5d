@testable import FeedClassify
import XCTest

/// The rule language of interface.md: every form, precedence, and errors with their place.
final class RuleParserTests: XCTestCase {
    func term(_ w: String, prefix: Bool = false, capitals: Bool = false) -> Rule {
        .term(Term(folded: w.lowercased(), written: w + (prefix ? "*" : ""), isPrefix: prefix, capitalsOnly: capitals))
    }

    func testWordIsAFoldedTerm() throws {
        XCTAssertEqual(try RuleParser.parse("Asylum"), .term(Term(folded: "asylum", written: "Asylum", isPrefix: false, capitalsOnly: false)))
    }

    func testAccentsAreFoldedInTerms() throws {
        XCTAssertEqual(try RuleParser.parse("inmigración"), .term(Term(folded: "inmigracion", written: "inmigración", isPrefix: false, capitalsOnly: false)))
    }

    func testCapitalsOnlyTerm() throws {
        XCTAssertEqual(try RuleParser.parse("ICE"), term("ICE", capitals: true))
    }

    func testPrefix() throws {
        XCTAssertEqual(try RuleParser.parse("deport*"), term("deport", prefix: true))
    }

    func testPhraseWithPrefixOnTheLastWord() throws {
        XCTAssertEqual(try RuleParser.parse("\"sanctuary cit*\""), .phrase([term("sanctuary").termValue!, term("cit", prefix: true).termValue!]))
    }

    func testHyphenatedWordIsAPhrase() throws {
        XCTAssertEqual(try RuleParser.parse("Title-42"), .phrase([term("Title").termValue!, term("42").termValue!]))
    }

    func testImplicitAND() throws {
        XCTAssertEqual(try RuleParser.parse("border wall"), .and(term("border"), term("wall")))
    }

    func testANDBindsTighterThanOR() throws {
        XCTAssertEqual(try RuleParser.parse("a OR b AND c"), .or(term("a"), .and(term("b"), term("c"))))
    }

    func testNOTBindsTighterThanAND() throws {
        XCTAssertEqual(try RuleParser.parse("ice AND NOT hockey"), .and(term("ice"), .not(term("hockey"))))
    }

    func testNEARBindsTighterThanAND() throws {
        XCTAssertEqual(try RuleParser.parse("a b NEAR/3 c"), .and(term("a"), .near(term("b"), term("c"), distance: 3)))
    }

    func testParenthesesGroup() throws {
        XCTAssertEqual(try RuleParser.parse("(a OR b) c"), .and(.or(term("a"), term("b")), term("c")))
    }

    func testFieldOnATermAndOnAGroup() throws {
        XCTAssertEqual(try RuleParser.parse("title:ICE"), .field(.title, term("ICE", capitals: true)))
        XCTAssertEqual(try RuleParser.parse("title:(a OR b)"), .field(.title, .or(term("a"), term("b"))))
    }

    func testLowercaseOperatorWordsAreTerms() throws {
        XCTAssertEqual(try RuleParser.parse("law and order"), .and(.and(term("law"), term("and")), term("order")))
    }

    /// Words end at any white space (tabs, line ends, no-break and ideographic spaces), at
    /// parentheses, at a quote that opens a phrase (straight or curly) and at a field's ':'; a
    /// token's offset counts characters, so an error after text that is not ASCII says where.
    func testTokensEndWhereAReaderSeesThemEnd() throws {
        XCTAssertEqual(try RuleParser.parse("asylum\tOR\r\nrefugee*\u{A0}OR\u{3000}ICE\u{0B}OR\u{0C}visa\u{85}OR\u{2028}TPS"),
                       .or(.or(.or(.or(term("asylum"), term("refugee", prefix: true)), term("ICE", capitals: true)), term("visa")), term("TPS", capitals: true)))
        XCTAssertEqual(try RuleLexer.tokens("a\u{1F}b").map(\.text), ["a\u{1F}b"])  // a control character, not white space
        XCTAssertEqual(try RuleParser.parse("title:(visa)OR\u{201C}border wall\u{201D}"),
                       .or(.field(.title, term("visa")), .phrase([term("border").termValue!, term("wall").termValue!])))
        let tokens = try RuleLexer.tokens("café (x) ß title:ab")
        XCTAssertEqual(tokens.map(\.text), ["café", "(", "x", ")", "ß", "title:", "ab"])
        XCTAssertEqual(tokens.map(\.offset), [0, 5, 6, 7, 9, 11, 17])
        XCTAssertThrowsError(try RuleParser.parse("inmigración OR (\"x\"")) {
            XCTAssertEqual(($0 as? RuleError)?.offset, 19)  // the end: 11 + 5 + 3 characters
        }
    }

    func testRegex() throws {
        guard case let .regex(re) = try RuleParser.parse("/H-?1B/i") else { return XCTFail("not a regex") }
        XCTAssertEqual(re.pattern, "H-?1B")
        XCTAssertTrue(re.caseInsensitive)
    }

    func testMissingCloseParenthesisSaysWhere() {
        XCTAssertThrowsError(try RuleParser.parse("asylum OR (\"sanctuary cit*\"")) {
            XCTAssertEqual($0 as? RuleError, RuleError(offset: 27, message: "expected ')' after \"sanctuary cit*\""))
        }
    }

    func testUnknownFieldIsRefused() {
        XCTAssertThrowsError(try RuleParser.parse("body:ICE")) {
            XCTAssertEqual(($0 as? RuleError)?.offset, 0)
            XCTAssertTrue(($0 as? RuleError)?.message.hasPrefix("unknown field 'body'") == true)
        }
    }

    func testDanglingOperatorIsRefused() {
        XCTAssertThrowsError(try RuleParser.parse("ICE OR")) {
            XCTAssertEqual($0 as? RuleError, RuleError(offset: 6, message: "expected a term after \"OR\""))
        }
    }

    /// Found by the fuzzer: `title:NOT x` reached a precondition and crashed `check` and the daemon.
    func testNOTAfterAFieldIsRefusedWithItsPlace() {
        XCTAssertThrowsError(try RuleParser.parse("ICE AND author:NOT smith")) {
            XCTAssertEqual(($0 as? RuleError)?.offset, 15)
            XCTAssertTrue(($0 as? RuleError)?.message.hasPrefix("expected a term after") == true, "\($0)")
            XCTAssertTrue(($0 as? RuleError)?.message.contains("found NOT") == true, "\($0)")
        }
        XCTAssertNoThrow(try RuleParser.parse("ICE AND NOT author:smith"))
    }

    func testUnterminatedPhraseIsRefused() {
        XCTAssertThrowsError(try RuleParser.parse("a \"border patrol")) { XCTAssertEqual(($0 as? RuleError)?.offset, 2) }
    }

    func testNEARNeedsADistance() {
        XCTAssertThrowsError(try RuleParser.parse("a NEAR b")) { XCTAssertEqual(($0 as? RuleError)?.offset, 2) }
    }

    func testNEARRefusesNOT() {
        XCTAssertThrowsError(try RuleParser.parse("a NEAR/2 NOT b")) {
            XCTAssertEqual(($0 as? RuleError)?.message, "NEAR joins words, phrases or groups of them with OR, not NOT")
        }
    }

    func testBadRegexIsRefused() {
        XCTAssertThrowsError(try RuleParser.parse("x /a(b/")) { XCTAssertEqual(($0 as? RuleError)?.offset, 2) }
    }

    /// A `*` ends a word (a prefix): anywhere else the splitter would drop it, and the term would
    /// be read as exact words the user did not write.
    func testAStarOnlyEndsAWord() throws {
        for (rule, message) in [("\"sanc* cities\"", "'*' can only end a word, as in deport* (in \"sanc* cities\")"),
                                ("*migration", "'*' can only end a word, as in deport* (in \"*migration\")"),
                                ("x OR cit*y", "'*' can only end a word, as in deport* (in \"cit*y\")"),
                                ("\"sanctuary *\"", "'*' must follow the start of a word, as in deport* (in \"sanctuary *\")"),
                                ("\"ICE-*\"", "'*' must follow the start of a word, as in deport* (in \"ICE-*\")"),
                                ("\"border $*\"", "'*' must follow the start of a word, as in deport* (in \"border $*\")"),
                                ("border+*", "'*' must follow the start of a word, as in deport* (in \"border+*\")")] {
            XCTAssertThrowsError(try RuleParser.parse(rule), rule) { XCTAssertEqual(($0 as? RuleError)?.message, message, rule) }
        }
        XCTAssertThrowsError(try RuleParser.parse("x OR cit*y")) { XCTAssertEqual(($0 as? RuleError)?.offset, 5) }
        // White space inside the quotes, after the star, is no word.
        XCTAssertEqual(try RuleParser.parse("\"sanctuary cit* \""), try RuleParser.parse("\"sanctuary cit*\""))
    }

    /// The parser recurses at each parenthesis, NOT and field: past a hundred levels the rule is
    /// refused (two thousand parentheses crashed `check`).
    func testDeepNestingIsRefusedNotACrash() throws {
        let deep = String(repeating: "(", count: 2000) + "a" + String(repeating: ")", count: 2000)
        XCTAssertThrowsError(try RuleParser.parse(deep)) {
            XCTAssertEqual($0 as? RuleError, RuleError(offset: 100, message: "the rule nests parentheses, NOTs and fields more than 100 deep"))
        }
        XCTAssertThrowsError(try RuleParser.parse(String(repeating: "NOT ", count: 5000) + "a"))
        XCTAssertThrowsError(try RuleParser.parse(String(repeating: "title:", count: 5000) + "a"))
        let hundred = String(repeating: "(", count: 100) + "a" + String(repeating: ")", count: 100)
        XCTAssertEqual(try RuleParser.parse(hundred), try RuleParser.parse("a"))
    }

    func testStrayCloseParenthesisIsRefused() {
        XCTAssertThrowsError(try RuleParser.parse("a)")) { XCTAssertEqual($0 as? RuleError, RuleError(offset: 1, message: "unexpected ')' after \"a\"")) }
    }

    func testEmptyRuleIsRefused() {
        XCTAssertThrowsError(try RuleParser.parse("   ")) { XCTAssertEqual(($0 as? RuleError)?.message, "empty rule") }
    }
}

extension Rule {
    var termValue: Term? {
        if case let .term(t) = self { return t }
        return nil
    }
}
