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

    /// With only ASCII terms, a word that starts with another character is not looked up; one
    /// that folds to ASCII, or starts with ASCII, still is.
    func testWordsOfOtherScriptsAgainstOnlyASCIITerms() throws {
        let doc = Document(title: "Москва, Ｍoscow, aбв, моscow")
        XCTAssertEqual(try Matcher.evaluate(RuleParser.parse("moscow OR a*"), doc).hits.map(\.text), ["Ｍoscow", "aбв"])
        XCTAssertFalse(try Matcher.evaluate(RuleParser.parse("mosc* OR scow"), Document(title: "Москва моscow")).matches)
        XCTAssertTrue(try Matcher.evaluate(RuleParser.parse("mosc* OR моscow"), Document(title: "Москва моscow")).matches)
    }

    /// `Fold.table` reads its source byte by byte: it must hold what reading the same lines with
    /// String's own splitting and number parsing gives.
    func testTheFoldTableHoldsEveryLineOfItsSource() {
        var expected: [UInt32: [UInt8]] = [:]
        for line in foldTableSource.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let cp = UInt32(parts[0], radix: 16) else { continue }
            expected[cp] = Array(String(String.UnicodeScalarView(parts[1].split(separator: ",").compactMap {
                UInt32($0, radix: 16).flatMap(Unicode.Scalar.init)
            })).utf8)
        }
        XCTAssertGreaterThan(expected.count, 1600)
        XCTAssertEqual(Fold.table, expected)
        XCTAssertEqual(Fold.table[0xBD], Array("1⁄2".utf8))  // `BD 31,2044,32`: ½, three scalars
    }

    func testShortcutsAgreeWithTheUnicodeProperties() {
        func same(_ a: Fold.CharInfo, _ b: Fold.CharInfo) -> Bool {
            a.isWord == b.isWord && a.isLetter == b.isLetter && a.isUpper == b.isUpper && a.isLower == b.isLower
        }
        var selfFolding = 0
        for v in UInt32(0x80)..<0xD800 {
            guard let u = Unicode.Scalar(v) else { continue }
            // `CharInfo` asks for capitals and small letters only of letters: Unicode's Uppercase
            // and Lowercase are parts of Alphabetic.
            let p = u.properties
            XCTAssertTrue(p.isAlphabetic || (!p.isUppercase && !p.isLowercase), "U+\(String(v, radix: 16))")
            XCTAssertEqual(Fold.CharInfo(u).isWord, Fold.isWordScalar(u), "U+\(String(v, radix: 16))")
            if Fold.foldsToItself(v) {
                selfFolding += 1
                XCTAssertTrue(same(Fold.CharInfo(u), .uncasedLetter), "U+\(String(v, radix: 16))")
                var folded: [UInt8] = []
                Fold.append(u, to: &folded)
                XCTAssertEqual(folded, Array(String(u).utf8), "U+\(String(v, radix: 16))")
            }
            if v < Fold.commonEnd {
                XCTAssertTrue(same(Fold.common.infos[Int(v) - 0x80], Fold.CharInfo(u)), "U+\(String(v, radix: 16))")
            }
        }
        XCTAssertEqual(selfFolding, 0x5200 + 0x2BA4)  // every ideograph and Hangul syllable checked
    }

    /// The splitter writes through pointers into buffers it grows itself: it must give, for any
    /// text, what splitting scalar by scalar gives (`referenceSplit`, the definition without the
    /// shortcuts), including texts whose folded bytes outgrow the text (`½`, `㍿`, `ﷺ`) and
    /// texts of many short words.
    func testSplitAgreesWithScalarByScalarSplitting() {
        let pieces = ["ICE", "ice", "Ice", "DACA", "l'été", "ÉTÉ", "ﬁle", "Straße", "½", "㍿", "ﷺ", "МОСКВА", "Αθήνα", "서울시", "이민",
                      "東京", "e\u{301}", "\u{301}", "ǅ", "2024", "x2", "😀", " ", "  ", "-", "'", ".", "\n", "a", "B", "é", "\u{A0}"]
        var rng = SplitRNG(seed: 7)
        var texts = ["", " ", "a", "A B C D", "THE ICE RAIDS", "THE ICE RAIDS today", String(repeating: "a ", count: 500),
                     String(repeating: "½", count: 300), String(repeating: "㍿ ﷺ ", count: 200), "L'Été à Paris: ICE's raids",
                     // Eight bytes at a time: words across the blocks, and ASCII words that go on with other characters.
                     "abcdefgé hijklmnopqrsTUVWXYZé 0123456789ABCDEFGHIJKL mnopQRSTuvwxYZ12 ab", "ABCDEFGHIJKLMNOPQ RSTUVW",
                     "abcdefghijklmnoé½pqrstuvwxyz", "a b c d e f g h i j k l m n o p", "1234567.89,000 US$ 12ab34CD"]
        for _ in 0..<300 {
            var t = ""
            for _ in 0..<Int(rng.next() % 60) { t += pieces[Int(rng.next() % UInt64(pieces.count))] }
            texts.append(t)
        }
        for text in texts {
            let w = Words(text)
            let r = Self.referenceSplit(text)
            XCTAssertEqual(w.words.map(\.folded), r.words.map(\.folded), text)
            XCTAssertEqual(w.words.map(\.capitals), r.words.map(\.capitals), text)
            w.withBuffers { _, spans in
                XCTAssertEqual(spans.map { Int($0.textStart)..<Int($0.textEnd) }, r.words.map(\.place), text)
                XCTAssertEqual(spans.map(\.ascii), r.words.map { $0.folded.utf8.allSatisfy { $0 < 0x80 } }, text)
            }
            XCTAssertEqual(w.shouts, r.shouts, text)
        }
    }

    /// Words by the definition: runs of `Fold.isWordScalar` scalars, each folded by `Fold.append`;
    /// capitals and shouting from the scalars' properties.
    static func referenceSplit(_ text: String) -> (words: [(folded: String, capitals: Bool, place: Range<Int>)], shouts: Bool) {
        var words: [(folded: String, capitals: Bool, place: Range<Int>)] = []
        var folded: [UInt8] = []
        var start = -1
        var letters = 0, upper = 0, lower = 0, allUpper = 0, allLower = 0
        var offset = 0
        func close() {
            if start >= 0, !folded.isEmpty {
                words.append((String(decoding: folded, as: UTF8.self), letters >= 2 && lower == 0 && upper == letters, start..<offset))
            }
            start = -1; folded = []; letters = 0; upper = 0; lower = 0
        }
        for u in text.unicodeScalars {
            if Fold.isWordScalar(u) {
                if start < 0 { start = offset }
                Fold.append(u, to: &folded)
                if u.properties.isAlphabetic {
                    letters += 1
                    if u.properties.isUppercase { upper += 1; allUpper += 1 } else if u.properties.isLowercase { lower += 1; allLower += 1 }
                }
            } else {
                close()
            }
            offset += String(u).utf8.count
        }
        close()
        return (words, allLower == 0 && allUpper >= 4 && words.count >= 2)
    }
}

/// A small deterministic generator (SplitMix64), so that a failure can be run again.
struct SplitRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
