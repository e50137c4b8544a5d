#if canImport(Glibc)
import Glibc
#endif

/// Similarity of an item to a topic's example documents (its seeds), from 0 to 1.
///
/// TF-IDF with sublinear term frequency (1 + ln tf) and smoothed inverse document frequency
/// ln((N + 1) / (df + 1)) + 1, where document frequencies come from a background of ordinary
/// news (`Background`), so that words every story uses weigh little. The topic is a Rocchio
/// profile (Rocchio 1971; Manning et al., *Introduction to Information Retrieval* §14.2): the
/// centroid of the seeds minus `counterWeight` times the centroid of the counter-examples (`not/`),
/// negative weights dropped, L2-normalised. The score is its cosine with the item. One seed is
/// enough; more seeds smooth the profile, and counter-examples take out the words the topic
/// shares with what it must not match.
public struct Similarity: Sendable {
    public typealias Vector = [String: Double]

    let background: Background
    let profile: Vector
    /// `profile` again, its ASCII words found by their bytes (`Vocabulary`): items are scored
    /// from their words without a String a word.
    let profileWords: Vocabulary
    let profileWeights: [Double]
    /// The idf of each of the background's ASCII words, by its id there, and of a word it does
    /// not hold: computed once, where scoring took a logarithm a term.
    let idfs: [Double]
    let unseenIDF: Double

    /// How much the counter-examples' centroid is taken off the seeds'.
    public static let counterWeight = 1.0

    public init(seeds: [String], counterExamples: [String] = [], background: Background) {
        self.background = background
        var profile = Self.mean(seeds.map { background.vector(Self.terms($0)) })
        if !counterExamples.isEmpty {
            for (k, x) in Self.mean(counterExamples.map { background.vector(Self.terms($0)) }) {
                profile[k, default: 0] -= Self.counterWeight * x
            }
            profile = profile.filter { $0.value > 0 }
        }
        self.profile = Self.normalized(profile)
        var words = Vocabulary()
        var weights: [Double] = []
        for (k, x) in self.profile where k.utf8.allSatisfy({ $0 < 0x80 }) {
            if words.add(k) == weights.count { weights.append(x) }
        }
        profileWords = words
        profileWeights = weights
        idfs = background.counts.map { background.idf(frequency: $0) }
        unseenIDF = background.idf(frequency: 0)
    }

    public func score(_ text: String) -> Double { score([Words(text)]) }

    /// The score of a document's title and text, what `score(title + "\n" + text)` gives.
    public func score(_ doc: Document) -> Double { score([doc[.title], doc[.text]].compactMap { $0 }) }

    /// The score of the terms of these texts together: `background.vector(terms)` dotted with the
    /// profile, without the dictionaries.
    func score(_ texts: [Words]) -> Double {
        // Each distinct term and how often it occurs: ASCII ones numbered here, others by String.
        var seen = Vocabulary(capacity: texts.reduce(0) { $0 + $1.count })
        var tf: [Int] = []
        var idf: [Double] = []
        var weight: [Double] = []
        var otherTF: [String: Int] = [:]
        for words in texts {
            Self.forEachTerm(words) { term, hash in
                let id = seen.add(term, hash: hash)
                if id == tf.count {
                    tf.append(0)
                    idf.append(background.words.id(term, hash: hash).map { idfs[$0] } ?? unseenIDF)
                    weight.append(profileWords.id(term, hash: hash).map { profileWeights[$0] } ?? 0)
                }
                tf[id] += 1
            } other: { otherTF[$0, default: 0] += 1 }
        }
        // (tf-idf, profile weight) of every term, then the cosine as `normalized` and `dot` make it.
        var v: [(x: Double, y: Double)] = []
        v.reserveCapacity(tf.count + otherTF.count)
        for id in 0..<tf.count { v.append((Self.sublinear(tf[id]) * idf[id], weight[id])) }
        for (t, n) in otherTF { v.append((Self.sublinear(n) * background.idf(t), profile[t] ?? 0)) }
        let norm = v.reduce(0) { $0 + $1.x * $1.x }.squareRoot()
        var s = 0.0
        for (x, y) in v where y != 0 { s += (norm > 0 ? x / norm : x) * y }
        return min(1, max(0, s))
    }

    /// 1 + ln tf; ln 1 is exactly 0, and most terms occur once, so that is not computed.
    @inline(__always)
    static func sublinear(_ tf: Int) -> Double { tf == 1 ? 1 : 1 + log(Double(tf)) }

    /// The folded words of a text, without the commonest function words.
    public static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        forEachTerm(Words(text)) { term, _ in terms.append(String(decoding: term, as: UTF8.self)) } other: { terms.append($0) }
        return terms
    }

    /// Calls `ascii` with the bytes and `Vocabulary.hash` of each term of the words that is ASCII,
    /// `other` with each other one: the folded words longer than one character, stop words left out.
    @inline(__always)
    static func forEachTerm(_ words: Words, ascii: (UnsafeBufferPointer<UInt8>, UInt64) -> Void, other: (String) -> Void) {
        words.folded.withUnsafeBufferPointer { folded in
            for (i, span) in words.spans.enumerated() {
                if span.ascii {
                    guard span.end - span.start > 1 else { continue }
                    let term = UnsafeBufferPointer(rebasing: folded[Int(span.start)..<Int(span.end)])
                    let hash = Vocabulary.hash(term)
                    // No stop word is longer than five letters.
                    if term.count > Background.longestStopWord || Background.stopWordTable.id(term, hash: hash) == nil {
                        ascii(term, hash)
                    }
                } else {
                    let term = words.foldedString(i)
                    if term.count > 1, !Background.stopWords.contains(term) { other(term) }
                }
            }
        }
    }

    static func dot(_ a: Vector, _ b: Vector) -> Double {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        var s = 0.0
        for (k, x) in small { if let y = large[k] { s += x * y } }
        return s
    }

    static func mean(_ vectors: [Vector]) -> Vector {
        var sum: Vector = [:]
        for v in vectors { for (k, x) in v { sum[k, default: 0] += x } }
        let n = Double(max(1, vectors.count))
        return sum.mapValues { $0 / n }
    }

    static func normalized(_ v: Vector) -> Vector {
        let norm = v.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return v }
        return v.mapValues { $0 / norm }
    }
}
