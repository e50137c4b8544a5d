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

    func testShortcutsAgreeWithTheUnicodeProperties() {
        func same(_ a: Fold.CharInfo, _ b: Fold.CharInfo) -> Bool {
            a.isWord == b.isWord && a.isLetter == b.isLetter && a.isUpper == b.isUpper && a.isLower == b.isLower
        }
        for v in UInt32(0x80)..<0xA000 {
            guard let u = Unicode.Scalar(v) else { continue }
            if Fold.isIdeograph(v) {
                XCTAssertTrue(same(Fold.CharInfo(u), .ideograph), "U+\(String(v, radix: 16))")
                var folded: [UInt8] = []
                Fold.append(u, to: &folded)
                XCTAssertEqual(folded, Array(String(u).utf8), "U+\(String(v, radix: 16))")
            }
            if v < Fold.commonEnd {
                XCTAssertTrue(same(Fold.common.infos[Int(v) - 0x80], Fold.CharInfo(u)), "U+\(String(v, radix: 16))")
            }
        }
    }
}
