#if canImport(Glibc)
import Glibc
#endif

/// Document frequencies of words in ordinary news: how many of `documents` hold each word.
///
/// Counted for every item `classify` reads, so kept by number: ASCII words in a `Vocabulary`
/// with a count a word, other words by String (Strings compare by canonical equivalence, and
/// two spellings of one word must count as one, see `Vocabulary`). `frequencies` is the
/// dictionary the daemon persists, made when read.
public struct Background: Sendable {
    public var documents: Int
    var words = Vocabulary()
    /// Each word's count, and the `adds` that last counted it (a word counts once a document),
    /// by id: side by side, so that counting a term touches one place, not two arrays.
    var tallies: [Tally] = []
    var adds = 0

    struct Tally: Sendable {
        var count: Int
        var lastAdd: Int
    }

    /// Every ASCII word's document frequency, by its id in `words`.
    var counts: [Int] { tallies.map(\.count) }
    var others: [String: Int] = [:]
    /// Names the numbering of `words` (`SeedTerms`): two backgrounds of one lineage number their
    /// words alike. A new one is drawn when a background is made or its words are replaced, and
    /// when a copy adds a document: copies share the box, and `add` takes a box of its own when
    /// the one it has is shared, for two copies that both added would give one id two words.
    private var lineageBox = Lineage()
    var lineage: UInt64 { lineageBox.token }

    private final class Lineage: Sendable {
        let token = UInt64.random(in: 0...UInt64.max)
    }

    /// How many words it knows.
    public var vocabulary: Int { words.count + others.count }

    /// The same background without its rarest words, down to at most `limit`: the words of one
    /// document go first, then those of two, and so on. A word it does not know weighs as one
    /// of one document, nearly, so little changes; the daemon's background, which counts every
    /// word of every item it reads (names, numbers, typos: nine in ten of one document), stays
    /// bounded in memory and in what it saves (a review measured 2.3 million words, 423 MB).
    /// The words kept are numbered in the order they had, so what is saved is the same bytes
    /// whichever process prunes (a dictionary's order is drawn anew in every process).
    public func pruned(to limit: Int) -> Background {
        guard vocabulary > limit else { return self }
        // The fewest documents a word kept is in: the least that leaves at most `limit` words.
        var byCount: [Int: Int] = [:]
        for t in tallies { byCount[t.count, default: 0] += 1 }
        for n in others.values { byCount[n, default: 0] += 1 }
        var left = vocabulary
        var least = 1
        for (count, words) in byCount.sorted(by: { $0.key < $1.key }) where left > limit {
            left -= words
            least = count + 1
        }
        var out = Background(documents: documents)
        for id in 0..<words.count where tallies[id].count >= least {
            _ = out.words.add(words.word(id))
            out.tallies.append(Tally(count: tallies[id].count, lastAdd: 0))
        }
        out.others = others.filter { $0.value >= least }
        return out
    }

    public init(documents: Int = 0, frequencies: [String: Int] = [:]) {
        self.documents = documents
        self.frequencies = frequencies
    }

    /// Every word's document frequency. Reading and writing it copies every word: for
    /// persisting, not for counting.
    public var frequencies: [String: Int] {
        get {
            var d = others
            for id in 0..<words.count { d[words.word(id)] = tallies[id].count }
            return d
        }
        set {
            words = Vocabulary()
            tallies = []
            others = [:]
            lineageBox = Lineage()
            for (word, n) in newValue {
                if word.utf8.allSatisfy({ $0 < 0x80 }) {
                    let id = words.add(word)
                    if id == tallies.count { tallies.append(Tally(count: 0, lastAdd: 0)) }
                    tallies[id].count = n
                } else {
                    others[word] = n
                }
            }
        }
    }

    /// Counts one more document.
    @discardableResult
    public mutating func add(_ text: String) -> SeedTerms { add([Words(text)]) }

    /// Counts one more document: its title and text, the words `add(title + "\n" + text)` counts.
    /// Returns the document's terms as this background numbers them, for its seed scores.
    @discardableResult
    public mutating func add(_ doc: Document) -> SeedTerms {
        add([doc[.title], doc[.text]].compactMap { $0 })
    }

    /// Counts one document made of these texts' terms (`Similarity.terms`), and returns them.
    ///
    /// One pass through pointers counts the terms known already, most of a document once the
    /// background has read a few hundred; the new ones are kept aside and added after it, in the
    /// order they came (the pass cannot grow the table it reads). `Vocabulary.add` a term,
    /// through the arrays, cost more than hashing and counting it.
    @discardableResult
    mutating func add(_ texts: [Words]) -> SeedTerms {
        if !isKnownUniquelyReferenced(&lineageBox) { lineageBox = Lineage() }
        documents += 1
        adds += 1
        let mark = adds
        var otherTerms = Set<String>()
        var others: [String] = []
        var ids: [Int32] = []
        ids.reserveCapacity(texts.reduce(0) { $0 + $1.count })
        var missBytes: [UInt8] = []
        var misses: [(end: Int, hash: UInt64, at: Int)] = []
        words.withLookup { vocabulary in
            tallies.withUnsafeMutableBufferPointer { tallies in
                for words in texts {
                    Similarity.forEachTerm(words) { term, hash in
                        let id = vocabulary.id(term.baseAddress!, count: term.count, hash: hash)
                        guard id >= 0 else {
                            missBytes.append(contentsOf: term)
                            misses.append((missBytes.count, hash, ids.count))
                            ids.append(-1)  // numbered below
                            return
                        }
                        ids.append(Int32(truncatingIfNeeded: id))
                        if tallies[id].lastAdd != mark {
                            tallies[id].lastAdd = mark
                            tallies[id].count += 1
                        }
                    } other: {
                        otherTerms.insert($0)
                        others.append($0)
                    }
                }
            }
        }
        var from = 0
        for miss in misses {
            let id = missBytes.withUnsafeBufferPointer { count(UnsafeBufferPointer(rebasing: $0[from..<miss.end]), hash: miss.hash) }
            ids[miss.at] = Int32(truncatingIfNeeded: id)
            from = miss.end
        }
        for t in otherTerms { self.others[t, default: 0] += 1 }
        return SeedTerms(lineage: lineage, ids: ids, others: others)
    }

    /// Counts an ASCII term for the document being added, unless it was counted for it already;
    /// returns its id.
    @inline(__always)
    private mutating func count(_ term: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        let id = words.add(term, hash: hash)
        if id == tallies.count {
            tallies.append(Tally(count: 1, lastAdd: adds))
        } else {
            tallies.withUnsafeMutableBufferPointer { t in
                if t[id].lastAdd != adds {
                    t[id].lastAdd = adds
                    t[id].count += 1
                }
            }
        }
        return id
    }

    /// How many documents hold an ASCII term, given by its bytes and `Vocabulary.hash`.
    @inline(__always)
    func frequency(_ term: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        words.id(term, hash: hash).map { tallies[$0].count } ?? 0
    }

    func frequency(_ term: String) -> Int {
        term.utf8.allSatisfy({ $0 < 0x80 }) ? words.id(term).map { tallies[$0].count } ?? 0 : others[term] ?? 0
    }

    public func idf(_ term: String) -> Double { idf(frequency: frequency(term)) }

    @inline(__always)
    func idf(frequency: Int) -> Double {
        log((Double(documents) + 1) / (Double(frequency) + 1)) + 1
    }

    /// The normalised TF-IDF vector of a list of terms.
    public func vector(_ terms: [String]) -> Similarity.Vector {
        var tf: [String: Int] = [:]
        for t in terms { tf[t, default: 0] += 1 }
        var v: Similarity.Vector = [:]
        for (t, n) in tf { v[t] = (1 + log(Double(n))) * idf(t) }
        return Similarity.normalized(v)
    }

    static let stopWords: Set<String> = [
        "the", "of", "and", "to", "in", "is", "it", "that", "for", "on", "was", "with", "as", "at", "by", "an", "be",
        "this", "are", "from", "or", "have", "has", "had", "not", "but", "they", "he", "she", "his", "her", "its",
        "their", "we", "you", "i", "said", "will", "would", "can", "could", "been", "were", "which", "who", "what",
        "when", "there", "more", "about", "after", "than", "also", "into", "out", "up", "new", "one", "all", "so",
        "if", "no", "do", "did", "our", "over", "just", "like", "some", "them", "him", "how", "other", "only", "s",
    ]

    static let longestStopWord = stopWords.map(\.utf8.count).max() ?? 0

    /// The stop words (all ASCII), to be found by their bytes.
    static let stopWordTable: Vocabulary = {
        var v = Vocabulary()
        for w in stopWords { _ = v.add(w) }
        return v
    }()
}

/// A document's seed-score terms as a background numbered them when it counted the document
/// (`Background.add`): a seed score built on that background afterwards, with nothing counted
/// between by it or a copy of it, reads them without hashing and looking up every word again
/// (`Similarity.score(_:)`).
public struct SeedTerms: Sendable {
    /// The numbering the ids are in (`Background.lineage`).
    let lineage: UInt64
    /// The ASCII terms' ids, in the order met, repeats included.
    let ids: [Int32]
    /// The other terms, in the order met.
    let others: [String]
}
