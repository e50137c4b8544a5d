#if canImport(Glibc)
import Glibc
#endif

/// Similarity of an item to a topic's example documents (its seeds), from 0 to 1.
///
/// TF-IDF with sublinear term frequency (1 + ln tf) and smoothed inverse document frequency
/// ln((N + 1) / (df + 1)) + 1, where document frequencies come from a background of ordinary
/// news (`Background`), so that words every story uses weigh little. Each document is an
/// L2-normalised vector; the seeds' centroid is the topic, the counter-examples' centroid (the
/// `not/` folder) the anti-topic. Score = cos(item, topic) - 0.5 · cos(item, anti-topic), clamped
/// to 0…1. One seed is enough; more seeds make a smoother centroid.
public struct Similarity: Sendable {
    public typealias Vector = [String: Double]

    let background: Background
    let topic: Vector
    let antiTopic: Vector?

    public init(seeds: [String], counterExamples: [String] = [], background: Background) {
        self.background = background
        topic = Self.centroid(seeds.map { background.vector(Self.terms($0)) })
        antiTopic = counterExamples.isEmpty ? nil : Self.centroid(counterExamples.map { background.vector(Self.terms($0)) })
    }

    public func score(_ text: String) -> Double {
        let v = background.vector(Self.terms(text))
        var s = Self.dot(v, topic)
        if let antiTopic { s -= 0.5 * Self.dot(v, antiTopic) }
        return min(1, max(0, s))
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

    static func centroid(_ vectors: [Vector]) -> Vector {
        var sum: Vector = [:]
        for v in vectors { for (k, x) in v { sum[k, default: 0] += x } }
        return normalized(sum)
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
