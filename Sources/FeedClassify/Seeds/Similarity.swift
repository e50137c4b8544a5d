#if canImport(Glibc)
import Glibc
#endif

/// Similarity of an item to a topic's example documents (its seeds), from 0 to 1.
///
/// TF-IDF with sublinear term frequency (1 + ln tf) and smoothed inverse document frequency
/// ln((N + 1) / (df + 1)) + 1, where document frequencies come from a background of ordinary
/// news (`Background`), so that words every story uses weigh little. The score is the mean of
/// two parts, each a cosine of TF-IDF vectors:
///
/// - the centroid: the seeds' centroid (Rocchio 1971; Manning et al., *Introduction to Information
///   Retrieval* §14.2), L2-normalised, against the item. With counter-examples (`not/`), each of
///   its words is weighted by its log-odds of being in a seed rather than a counter-example
///   (`logOdds`, the weight of a Bernoulli naive Bayes, IIR §13.3), words not more likely in a
///   seed dropped: the more examples, the surer the weights;
/// - the neighbours: the mean cosine of the item with its k most similar seeds minus that with
///   its k most similar counter-examples (k = ⌈√n⌉ of n, `Neighbours.k`; IIR §14.3), a Rocchio
///   made of the examples nearest the item. A centroid stops learning once it has settled; the
///   neighbours keep learning from more seeds (more kinds of story on the topic have one close by).
///
/// The sum is clamped to 0...1. With one seed and no counter-examples both parts are the cosine
/// with the seed, and so is the score. More seeds smooth the profile and add neighbours;
/// counter-examples take out what the topic shares with what it must not match.
public struct Similarity: Sendable {
    public typealias Vector = [String: Double]

    let background: Background
    let profile: Vector
    /// The seeds and counter-examples by term id, for the neighbours; their terms' ids number
    /// `profileWeights` too (every word of the profile is a seed's).
    let neighbours: Neighbours
    let profileWeights: [Double]
    /// The idf of each of the background's ASCII words, by its id there, and of a word it does
    /// not hold: computed once, where scoring took a logarithm a term.
    let idfs: [Double]
    let unseenIDF: Double
    /// The id in `neighbours` of each of the background's ASCII words, -1 for one no example
    /// holds: for terms given by their background ids (`SeedTerms`).
    let exampleOf: [Int32]

    /// The centroid's share of the score; the neighbours have the rest.
    public static let centroidShare = 0.5

    /// How close to a counter-example an item is nearly a copy of it: the cosine of their TF-IDF
    /// vectors. A story and its match document marked irrelevant come to about 1; the same story
    /// syndicated by two outlets to 0.8-0.95; two stories on one subject rarely above 0.5.
    public static let copyCosine = 0.8

    /// A seed score, and whether the item is nearly a copy of a counter-example (a cosine of
    /// `copyCosine` or more with one, above its cosine with every seed): a document the topic
    /// must not match, whatever its rule says (`Decider`).
    public struct Score: Sendable, Equatable {
        public var value: Double
        public var copiesCounterExample: Bool

        public init(value: Double, copiesCounterExample: Bool = false) {
            self.value = value
            self.copiesCounterExample = copiesCounterExample
        }
    }

    /// The topic has counter-examples: an item may be nearly a copy of one.
    public var hasCounterExamples: Bool { neighbours.counterExamples > 0 }

    public init(seeds: [String], counterExamples: [String] = [], background: Background) {
        self.background = background
        let seedVectors = seeds.map { background.vector(Self.terms($0)) }
        let counterVectors = counterExamples.map { background.vector(Self.terms($0)) }
        var profile = Self.mean(seedVectors)
        if !counterVectors.isEmpty {
            let odds = Self.logOdds(seedVectors, counterVectors)
            profile = profile.reduce(into: [:]) { p, w in
                if let o = odds[w.key], o > 0 { p[w.key] = w.value * o }
            }
        }
        self.profile = Self.normalized(profile)
        neighbours = Neighbours(seeds: seedVectors, counterExamples: counterVectors)
        var weights = [Double](repeating: 0, count: neighbours.terms)
        for (k, x) in self.profile {
            guard let id = neighbours.id(k) else { preconditionFailure("a profile word no seed holds: \(k)") }
            weights[id] = x
        }
        profileWeights = weights
        idfs = background.counts.map { background.idf(frequency: $0) }
        unseenIDF = background.idf(frequency: 0)
        var exampleOf = [Int32](repeating: -1, count: background.words.count)
        for n in 0..<neighbours.words.count {
            if let b = neighbours.words.withBytes(n, { background.words.id($0) }) { exampleOf[b] = neighbours.termOf[n] }
        }
        self.exampleOf = exampleOf
    }

    public func score(_ text: String) -> Double { scored([Words(text)]).value }

    /// The score of a document's title and text, what `score(title + "\n" + text)` gives.
    public func score(_ doc: Document) -> Double { scored([doc[.title], doc[.text]].compactMap { $0 }).value }

    /// The score of a text, and whether it nearly copies a counter-example.
    public func scored(_ text: String) -> Score { scored([Words(text)]) }

    /// The score of the terms of these texts together: the item's vector is `background.vector(terms)`,
    /// made without the dictionaries, and dotted with the profile and every example at once.
    func scored(_ texts: [Words]) -> Score {
        // Each distinct term and how often it occurs, in the order first met (`tf`, `idf` and
        // `example` by that place). An ASCII term the background holds (every one, when the
        // item was counted in it first, as `classify` and the daemon do) is told by its id
        // there (`places`); one it lacks by its bytes (`seen`); others by String.
        let capacity = texts.reduce(0) { $0 + $1.count }
        var places = PlaceByID(capacity: capacity)
        defer { places.free() }
        var seen: Vocabulary?  // made on the first term the background lacks: most items have none
        var seenPlace: [Int] = []
        var tf: [Int] = []
        var idf: [Double] = []
        var example: [Int] = []  // the term's id in `neighbours`, -1 when no example holds it
        tf.reserveCapacity(capacity)
        idf.reserveCapacity(capacity)
        example.reserveCapacity(capacity)
        var otherTF: [String: Int] = [:]
        background.words.withLookup { known in
            for words in texts {
                Self.forEachTerm(words) { term, hash in
                    let place: Int
                    let b = known.id(term.baseAddress!, count: term.count, hash: hash)
                    if b >= 0 {
                        place = places.place(of: b, new: tf.count)
                        if place == tf.count { idf.append(idfs[b]) }
                    } else {
                        if seen == nil { seen = Vocabulary() }
                        let s = seen!.add(term, hash: hash)
                        if s == seenPlace.count { seenPlace.append(tf.count); idf.append(unseenIDF) }
                        place = seenPlace[s]
                    }
                    if place == tf.count {
                        tf.append(0)
                        example.append(neighbours.id(term, hash: hash) ?? -1)
                    }
                    tf[place] += 1
                } other: { otherTF[$0, default: 0] += 1 }
            }
        }
        return score(tf: tf, idf: idf, example: example, otherTF: otherTF)
    }

    /// The score of a document's terms as the background numbered them when it counted the
    /// document (`Background.add`): the same as `score(_ texts:)` on its words, without hashing
    /// and looking up each word again. nil when the terms are in another numbering (another
    /// background, or a copy that has counted more since this one was taken: the daemon's, whose
    /// scores are made again only now and then); the words are then read instead.
    public func score(_ terms: SeedTerms) -> Double? { scored(terms)?.value }

    /// The same, and whether the document nearly copies a counter-example.
    func scored(_ terms: SeedTerms) -> Score? {
        guard terms.lineage == background.lineage else { return nil }
        let known = idfs.count
        var places = PlaceByID(capacity: terms.ids.count)
        defer { places.free() }
        var tf: [Int] = []
        var idf: [Double] = []
        var example: [Int] = []
        tf.reserveCapacity(terms.ids.count)
        idf.reserveCapacity(terms.ids.count)
        example.reserveCapacity(terms.ids.count)
        for id in terms.ids {
            let b = Int(id)
            guard b < known else { return nil }
            let place = places.place(of: b, new: tf.count)
            if place == tf.count {
                idf.append(idfs[b])
                tf.append(0)
                example.append(Int(exampleOf[b]))
            }
            tf[place] += 1
        }
        var otherTF: [String: Int] = [:]
        for t in terms.others { otherTF[t, default: 0] += 1 }
        return score(tf: tf, idf: idf, example: example, otherTF: otherTF)
    }

    /// The score of an item's distinct ASCII terms (`tf`, `idf` and `example`, their id in
    /// `neighbours` or -1, by place) and other terms.
    private func score(tf: [Int], idf: [Double], example: [Int], otherTF: [String: Int]) -> Score {
        // (tf-idf, id in `neighbours`) of every term; the norm as `normalized` makes it.
        var v: [(x: Double, id: Int)] = []
        v.reserveCapacity(tf.count + otherTF.count)
        for id in 0..<tf.count { v.append((Self.sublinear(tf[id]) * idf[id], example[id])) }
        // Sorted, after the ASCII terms: not in the dictionary's order, which Swift draws for each
        // dictionary on its own; the sums below depend on their order, and the score changed from
        // run to run.
        for (t, n) in otherTF.sorted(by: { $0.key < $1.key }) { v.append((Self.sublinear(n) * background.idf(t), neighbours.id(t) ?? -1)) }
        let norm = v.reduce(0) { $0 + $1.x * $1.x }.squareRoot()
        let n = neighbours.seeds
        let m = neighbours.counterExamples
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: n + m) { cosines in
            cosines.initialize(repeating: 0)
            var centroid = 0.0
            for (x, id) in v where id >= 0 {
                let x = norm > 0 ? x / norm : x
                centroid += x * profileWeights[id]
                neighbours.accumulate(id, x, into: cosines)
            }
            let near = Neighbours.meanOfLargest(cosines[0..<n], Neighbours.k(n))
                - Neighbours.meanOfLargest(cosines[n...], Neighbours.k(m))
            let value = min(1, max(0, Self.centroidShare * centroid + (1 - Self.centroidShare) * near))
            guard m > 0 else { return Score(value: value) }
            let closestCounter = cosines[n...].max() ?? 0
            let closestSeed = cosines[0..<n].max() ?? 0
            return Score(value: value, copiesCounterExample: closestCounter >= Self.copyCosine && closestCounter > closestSeed)
        }
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
    /// `other` with each other one: the folded words longer than one character, stop words left
    /// out. Words and stop words are read through pointers: this runs for every word the
    /// background counts and every word a seed score reads.
    @inline(__always)
    static func forEachTerm(_ words: Words, ascii: (UnsafeBufferPointer<UInt8>, UInt64) -> Void, other: (String) -> Void) {
        let longestStop = Background.longestStopWord
        Background.stopWordTable.withLookup { stop in
            words.withBuffers { folded, spans in
                do {
                    guard let base = folded.baseAddress else { return }  // no words, no bytes
                    for i in 0..<spans.count {
                        let span = spans[i]
                        guard span.ascii else {
                            let term = words.foldedString(i)
                            if term.count > 1, !Background.stopWords.contains(term) { other(term) }
                            continue
                        }
                        let term = UnsafeBufferPointer(start: base + Int(span.start), count: Int(span.end &- span.start))
                        guard term.count > 1 else { continue }
                        // Eight bytes are readable past the word: the folded buffer keeps them.
                        let hash = TermKeys.hash(base + Int(span.start), count: term.count)
                        // No stop word is longer than five letters.
                        if term.count <= longestStop, stop.id(base + Int(span.start), count: term.count, hash: hash) >= 0 { continue }
                        ascii(term, hash)
                    }
                }
            }
        }
    }

    /// Each word of the seeds with ln((df₊ + 1) / (n₊ + 2)) − ln((df₋ + 1) / (n₋ + 2)), where df₊
    /// of the n₊ seeds and df₋ of the n₋ counter-examples hold it: how much likelier a seed holds
    /// it than a counter-example (add-one smoothed; IIR §13.3). Positive for a word in 1 seed of 1
    /// and 0 counter-examples of 1 (ln 2), 0 for one in as many of each.
    static func logOdds(_ seeds: [Vector], _ counterExamples: [Vector]) -> [String: Double] {
        var df: [String: (seeds: Int, counter: Int)] = [:]
        for v in seeds { for k in v.keys { df[k, default: (0, 0)].seeds += 1 } }
        for v in counterExamples { for k in v.keys where df[k] != nil { df[k]!.counter += 1 } }
        let n = Double(seeds.count)
        let m = Double(counterExamples.count)
        return df.mapValues { log((Double($0.seeds) + 1) / (n + 2)) - log((Double($0.counter) + 1) / (m + 2)) }
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

    /// The vector over its norm, which is summed in the order of the values (a dictionary's own
    /// order changes from one dictionary to another, and a sum of doubles depends on its order).
    static func normalized(_ v: Vector) -> Vector {
        let norm = v.values.sorted().reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return v }
        return v.mapValues { $0 / norm }
    }
}

/// The place of each background id met in one item's terms: open addressing over memory of its
/// own, a slot `id + 1` in its high half and the place in its low one. For `Similarity.score`,
/// which made a vocabulary of every item's words (bytes copied, compared and hashed again)
/// where the background had numbered them already.
private struct PlaceByID {
    private let slots: UnsafeMutablePointer<UInt64>
    private let mask: Int

    init(capacity: Int) {
        precondition(capacity < Int(UInt32.max) / 2, "an item of 2^31 words")
        var n = 16
        while n < 2 * capacity { n *= 2 }
        slots = .allocate(capacity: n)
        slots.initialize(repeating: 0, count: n)
        mask = n - 1
    }

    /// The place of `id`, given `new` (and so numbered) when it was not met before.
    @inline(__always)
    mutating func place(of id: Int, new: Int) -> Int {
        // Background ids are 32 bits (`Vocabulary` keeps them so), places fewer than the slots.
        assert(id < Int(UInt32.max) && new < Int(UInt32.max))
        let key = UInt64(id + 1) << 32
        var i = Int(truncatingIfNeeded: (UInt64(id) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while true {
            let e = slots[i]
            if e == 0 {
                slots[i] = key | UInt64(new)
                return new
            }
            if e & 0xFFFF_FFFF_0000_0000 == key { return Int(e & 0xFFFF_FFFF) }
            i = (i + 1) & mask
        }
    }

    func free() { slots.deallocate() }
}
