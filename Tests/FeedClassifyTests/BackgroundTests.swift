@testable import FeedClassify
import XCTest

/// The background's document frequencies, against the straightforward count: a Dictionary of
/// each document's distinct terms (`Similarity.terms`).
final class BackgroundTests: XCTestCase {
    /// Words of every kind the table tells apart: short and long (8, 9, 16 and 17 bytes, long
    /// ones sharing their first 16 bytes), stop words, capitals, accents and other scripts.
    static let vocabulary = [
        "ice", "raid", "raids", "border", "visa", "visas", "asylum", "the", "of", "a", "I", "ICE", "Ice",
        "deportations", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefghijklmnopr",
        "internationalization", "internationalizations", "café", "CAFÉ", "naïve", "москва", "Москва", "東京",
        "x", "42", "2016", "u.s", "don't", "anti-ICE", "ﬁle", "straße", "STRASSE", "e\u{301}", "é",
    ]

    /// `count` documents of 1 to 60 words drawn with a fixed seed.
    static func documents(_ count: Int, seed: UInt64) -> [String] {
        var state = seed
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        return (0..<count).map { k in
            (0..<(1 + next() % 60)).map { _ in
                next() % 5 == 0 ? "w\(next() % (k + 50))" : vocabulary[next() % vocabulary.count]
            }.joined(separator: next() % 3 == 0 ? ", " : " ")
        }
    }

    static func reference(_ docs: [String], from start: [String: Int] = [:]) -> [String: Int] {
        var d = start
        for doc in docs { for t in Set(Similarity.terms(doc)) { d[t, default: 0] += 1 } }
        return d
    }

    func testFrequenciesAreTheDictionaryCount() {
        let docs = Self.documents(400, seed: 7)
        var b = Background()
        for (k, doc) in docs.enumerated() {
            if k % 2 == 0 { b.add(doc) } else { b.add(Document(title: "", text: doc)) }
        }
        let expected = Self.reference(docs)
        XCTAssertEqual(b.documents, 400)
        XCTAssertEqual(b.frequencies, expected)
        for (t, n) in expected { XCTAssertEqual(b.frequency(t), n, t) }
        XCTAssertEqual(b.frequency("nowhere"), 0)
        XCTAssertGreaterThan(expected.count, 300)  // the table grew several times
    }

    /// The stored background is the same bytes for the same counting in every run: words that
    /// are not ASCII (kept in a dictionary, whose order each process draws anew) are written in
    /// String order.
    func testTheStoredFormListsOtherWordsInOrder() {
        var b = Background()
        let words = ["москва", "αθήνα", "東京", "서울", "kyiv", "café", "zürich", "ñandú", "прага", "ελλάδα", "киев", "大阪", "부산",
                     "été", "σοφία", "straße", "çà", "ärger", "北京", "дом"]  // łódź, œuvre, øl fold to ASCII
        for (k, w) in words.enumerated() { b.add(Document(title: w + " news", text: words[(k * 7) % words.count])) }
        let lines = String(decoding: b.serialized(), as: UTF8.self).split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
        let others = lines.filter { $0.utf8.contains { $0 >= 0x80 } }
        XCTAssertGreaterThan(others.count, 8)
        XCTAssertEqual(others, others.sorted())
        XCTAssertEqual(Array(lines.prefix(lines.count - others.count)).allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }, true)
    }

    func testCountingGoesOnAfterAReadAndAWrite() {
        let first = Self.documents(200, seed: 11)
        let second = Self.documents(200, seed: 13)
        var b = Background()
        for doc in first { b.add(doc) }
        var read = Background(documents: b.documents, serialized: b.serialized())
        var set = Background(documents: b.documents, frequencies: b.frequencies)
        for doc in second { read.add(doc); set.add(doc); b.add(doc) }
        let expected = Self.reference(first + second)
        XCTAssertEqual(b.frequencies, expected)
        XCTAssertEqual(read.frequencies, expected)
        XCTAssertEqual(set.frequencies, expected)
    }

    /// A background saved under an older folding is folded again when read: counts that meet add
    /// up, at most the documents; a word folded as before keeps its count; a term that is now one
    /// letter goes. Under the current folding nothing changes.
    func testABackgroundOfAnOlderFoldingIsFoldedAgain() {
        let saved = Array("lodz\t2\nłódź\t3\nœuvre\t1\noeuvre\t1\nmoscow\t1\nκαφές\t2\nÞ\t1\nø\t1\nsmørrebrød\t9\n".utf8)
        let old = Background(documents: 10, serialized: saved, fold: 1)
        // Case folding makes the final sigma ς a σ (CaseFolding.txt: 03C2; C; 03C3); þ is th.
        XCTAssertEqual(old.frequencies, ["lodz": 5, "oeuvre": 2, "moscow": 1, "καφεσ": 2, "th": 1, "smorrebrod": 9])
        XCTAssertEqual(old.documents, 10)
        let capped = Background(documents: 4, serialized: saved, fold: 1)
        XCTAssertEqual(capped.frequencies["lodz"], 4)
        let current = Background(documents: 10, serialized: saved, fold: Fold.version)
        XCTAssertEqual(current.frequencies["łódź"], 3)
        XCTAssertEqual(current.frequencies["lodz"], 2)
        // It counts on from there, and the term folded to ASCII is one word with the new ones.
        var next = old
        next.add(Document(title: "Łódź", text: "council"))
        XCTAssertEqual(next.frequencies["lodz"], 6)
    }

    /// Pruned to a limit, the rarest words go first, the documents stay, and every word kept
    /// keeps its count.
    func testPruningDropsTheRarestWordsFirst() {
        var b = Background()
        for k in 0..<10 { b.add("common word\(k % 2) once\(k) café\(k)") }
        XCTAssertEqual(b.vocabulary, 1 + 2 + 10 + 10)
        let p = b.pruned(to: 5)
        XCTAssertEqual(p.documents, 10)
        XCTAssertEqual(p.frequencies, ["common": 10, "word0": 5, "word1": 5])
        XCTAssertEqual(b.pruned(to: 100).frequencies, b.frequencies, "under the limit nothing goes")
        XCTAssertEqual(b.pruned(to: 0).vocabulary, 0)
        // The words kept keep their order (their ids), so a pruned background saves the same
        // bytes in every process (it was made again from a dictionary, in its drawn order).
        let kept = p.serialized()
        var again = Background(documents: 10)
        for word in ["common", "word0", "word1"] { _ = again.words.add(word); again.tallies.append(.init(count: word == "common" ? 10 : 5, lastAdd: 0)) }
        XCTAssertEqual(kept, again.serialized())
        XCTAssertEqual((0..<p.words.count).map { p.words.word($0) }, ["common", "word0", "word1"])
    }
}
