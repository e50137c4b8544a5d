@testable import FeedClassify
import XCTest

/// Splitting text into folded words, with their places in the text.
final class WordsTests: XCTestCase {
    func testWordsAreFoldedAndKeepTheirPlaceInTheText() {
        let w = Words("L'Été à Paris: ICE's raids")
        XCTAssertEqual(w.words.map(\.folded), ["l", "ete", "a", "paris", "ice", "s", "raids"])
        XCTAssertEqual(w.words.map { String(w.text[$0.range]) }, ["L", "Été", "à", "Paris", "ICE", "s", "raids"])
        XCTAssertEqual(w.words.map(\.capitals), [false, false, false, false, true, false, false])
    }

    func testWordsOfOtherScriptsAreFoldedByString() {
        let w = Words("Москва — ΑΘΗΝΑ")
        XCTAssertEqual(w.words.map(\.folded), ["москва", "αθηνα"])
        XCTAssertEqual(w.words.map(\.capitals), [false, true])
    }

    func testNonASCIIWordsMatchExactlyAndByPrefix() throws {
        let doc = Document(title: "Москва и Αθήνα")
        XCTAssertTrue(try Matcher.evaluate(RuleParser.parse("москва"), doc).matches)
        XCTAssertTrue(try Matcher.evaluate(RuleParser.parse("моск*"), doc).matches)
        XCTAssertTrue(try Matcher.evaluate(RuleParser.parse("αθηνα"), doc).matches)
        XCTAssertFalse(try Matcher.evaluate(RuleParser.parse("моск"), doc).matches)
    }
}
