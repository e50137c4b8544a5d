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
    }

    public func score(_ text: String) -> Double {
        min(1, max(0, Self.dot(background.vector(Self.terms(text)), profile)))
    }

    /// The folded words of a text, without the commonest function words.
    public static func terms(_ text: String) -> [String] {
        Words(text).words.map(\.folded).filter { $0.count > 1 && !Background.stopWords.contains($0) }
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

/// Document frequencies of words in ordinary news: how many of `documents` hold each word.
public struct Background: Sendable {
    public var documents: Int
    public var frequencies: [String: Int]

    public init(documents: Int = 0, frequencies: [String: Int] = [:]) {
        self.documents = documents
        self.frequencies = frequencies
    }

    /// Counts one more document.
    public mutating func add(_ text: String) {
        documents += 1
        for t in Set(Similarity.terms(text)) { frequencies[t, default: 0] += 1 }
    }

    public func idf(_ term: String) -> Double {
        let df = Double(frequencies[term] ?? 0)
        return log((Double(documents) + 1) / (df + 1)) + 1
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
}
