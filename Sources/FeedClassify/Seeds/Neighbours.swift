/// The seeds and counter-examples as sparse vectors over numbered terms, in an inverted index:
/// an item's cosine with every one of them in one pass over the item's terms.
///
/// Terms are numbered once for the topic: ASCII ones in a `Vocabulary` (found by their bytes),
/// others by String (see `Vocabulary` for why). Each term's postings are the documents that hold
/// it with its weight there, documents `0..<seeds` being the seeds and the rest the counter-examples.
struct Neighbours: Sendable {
    /// The ASCII terms, and each one's term id by its id in `words` (`termOf`): the two
    /// numberings differ as soon as another term comes between two ASCII ones.
    var words = Vocabulary()
    var termOf: [Int32] = []
    var others: [String: Int] = [:]
    /// Term `id`'s postings are `documents[starts[id]..<starts[id + 1]]` and the same in `weights`.
    private(set) var starts: [Int32] = [0]
    private(set) var documents: [Int32] = []
    private(set) var weights: [Double] = []
    let seeds: Int
    let counterExamples: Int

    var terms: Int { starts.count - 1 }

    /// The index of these normalised vectors: the seeds' first, then the counter-examples'.
    init(seeds: [Similarity.Vector], counterExamples: [Similarity.Vector]) {
        self.seeds = seeds.count
        self.counterExamples = counterExamples.count
        var postings: [[(Int32, Double)]] = []
        for (d, v) in (seeds + counterExamples).enumerated() {
            for (term, x) in v {
                let id = add(term, count: postings.count)
                if id == postings.count { postings.append([]) }
                postings[id].append((Int32(d), x))
            }
        }
        for list in postings {
            for (d, x) in list { documents.append(d); weights.append(x) }
            starts.append(Int32(documents.count))
        }
    }

    /// A term's id, numbered `count` (the terms so far) when new.
    private mutating func add(_ term: String, count: Int) -> Int {
        if term.utf8.allSatisfy({ $0 < 0x80 }) {
            let w = words.add(term)
            if w == termOf.count { termOf.append(Int32(count)) }
            return Int(termOf[w])
        }
        if let id = others[term] { return id }
        others[term] = count
        return count
    }

    /// A term's id, if some seed or counter-example holds it.
    @inline(__always)
    func id(_ term: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? { words.id(term, hash: hash).map { Int(termOf[$0]) } }

    func id(_ term: String) -> Int? {
        term.utf8.allSatisfy({ $0 < 0x80 }) ? words.id(term).map { Int(termOf[$0]) } : others[term]
    }

    /// Adds `x` times each posting's weight of term `id` to its document's entry in `cosines`.
    @inline(__always)
    func accumulate(_ id: Int, _ x: Double, into cosines: UnsafeMutableBufferPointer<Double>) {
        for p in Int(starts[id])..<Int(starts[id + 1]) { cosines[Int(documents[p])] += x * weights[p] }
    }

    /// How many neighbours of `n` examples count: k = ⌈√n⌉ (1 of 1, 4 of 10, 10 of 100, 23 of 500).
    static func k(_ n: Int) -> Int {
        var k = 0
        while k * k < n { k += 1 }
        return k
    }

    /// The mean of the `k` largest of `xs` (0 when `k` is 0; `k` at most `xs.count`).
    static func meanOfLargest(_ xs: UnsafeMutableBufferPointer<Double>.SubSequence, _ k: Int) -> Double {
        guard k > 0 else { return 0 }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { top in
            // Ascending: top[0] is the smallest kept. Cosines are at least 0, so -1 is always replaced.
            top.initialize(repeating: -1)
            for x in xs where x > top[0] {
                var i = 0
                while i + 1 < k, top[i + 1] < x { top[i] = top[i + 1]; i += 1 }
                top[i] = x
            }
            return top.reduce(0, +) / Double(k)
        }
    }
}
