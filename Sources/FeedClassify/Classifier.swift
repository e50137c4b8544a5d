/// Several topics decided together: one `TermIndex` for all their rules, and each rule's terms
/// mapped to the index's ids once, here, instead of on every `Topic.decide`.
public struct Classifier: Sendable {
    public private(set) var topics: [Topic]
    public let index: TermIndex
    private(set) var compiled: [Compiled]
    /// Some topic has seeds: the similarity's words are needed.
    private(set) var scores: Bool
    /// Some topic's rule or exclusion holds a regex.
    let hasRegexes: Bool
    /// The topics (places in `compiled`) each term of the index can wake: those whose rule cannot
    /// hold without one of its required terms (`RuleProgram.required`), this one among them.
    /// Term `t`'s are `wakes[wakeStarts[t]..<wakeStarts[t + 1]]`.
    let wakeStarts: [Int32]
    let wakes: [Int32]
    /// Topics decided on every document: no rule, or a rule that can hold without a term of its
    /// own occurring (`NOT`, a regex).
    let alwaysDecided: [Bool]
    /// The topics decided on every document, one bit a topic (bit `k % 64` of word `k / 64`);
    /// and the same with the topics that have seeds, whose every verdict has a score when
    /// `everyScore` asks for it.
    let decidedAlways: [UInt64]
    private(set) var decidedScoring: [UInt64]

    /// The fields the topics read: those some rule names, the default ones, and the title and
    /// text the seed score reads (`Document(…, only:)` need split no other).
    public var fields: [Field] { Field.allCases.filter { index.fields.contains($0) || $0 == .title || $0 == .text } }

    /// A topic and its terms' ids in the index. A class, so that going through the topics for
    /// every document retains one reference each, not every array a `Topic` holds.
    final class Compiled: Sendable {
        let ids: Topic.TermIDs
        /// What deciding reads of the topic, without copying it.
        let decider: Decider
        /// The topic's seed similarity, and the verdict of a document none of whose words wake
        /// the topic (without its score): kept here, not read through a `Topic`, which copied the
        /// whole struct for each of the many topics a document does not wake.
        let similarity: Similarity?
        /// `similarity != nil`, kept apart: testing the optional copied the whole `Similarity`.
        let hasSimilarity: Bool
        let quiet: Verdict
        /// The seed score, from the terms' ids when they are in the background's numbering.
        func score(_ words: [Words], _ terms: SeedTerms?) -> Similarity.Score? {
            guard let similarity else { return nil }
            return terms.flatMap(similarity.scored) ?? similarity.scored(words)
        }

        /// The topic's decision (`Decider.decide`). `alwaysDecided`: the topic is decided for
        /// every document; if not, and not for its score, a word of its rule's `required` woke it.
        func decide(_ similarityWords: [Words], _ seedTerms: SeedTerms?, everyScore: Bool, evaluation: inout Evaluation,
                    places: inout [HitPlace], spans: inout [HitSpan], alwaysDecided: Bool) -> Decision {
            decider.decide(lazyScore: { hasSimilarity ? score(similarityWords, seedTerms) : nil }, everyScore: everyScore,
                           ids: ids, evaluation: &evaluation, places: &places, spans: &spans,
                           requiredPresent: !alwaysDecided && !(everyScore && hasSimilarity))
        }

        init(_ topic: Topic, _ ids: Topic.TermIDs) {
            self.ids = ids
            decider = Decider(topic)
            similarity = topic.similarity
            hasSimilarity = topic.similarity != nil
            quiet = Verdict(topic: topic.name, match: false, score: nil, hits: [], gate: .rule)
        }
    }

    public init(_ topics: [Topic]) {
        self.topics = topics
        index = Topic.index(topics)
        compiled = topics.map { [index] in Compiled($0, Topic.TermIDs($0, index.ids)) }
        scores = topics.contains { $0.similarity != nil }
        hasRegexes = topics.contains { !$0.regexes.isEmpty }
        var byTerm = [[Int32]](repeating: [], count: index.terms.count)
        var always = [Bool](repeating: true, count: topics.count)
        for (k, c) in compiled.enumerated() {
            guard let required = c.decider.rule?.required else { continue }
            let ids = required.map { c.ids.rule[$0] }
            guard !ids.contains(where: { $0 < 0 }) else { continue }  // a term the index lacks: decide it always
            always[k] = false
            for id in Set(ids) { byTerm[id].append(Int32(k)) }
        }
        var starts: [Int32] = [0]
        var wakes: [Int32] = []
        for list in byTerm {
            wakes += list
            starts.append(Int32(wakes.count))
        }
        wakeStarts = starts
        self.wakes = wakes
        alwaysDecided = always
        decidedAlways = Self.bits(always.indices.filter { always[$0] }, count: topics.count)
        decidedScoring = Self.scoring(always, compiled)
    }

    private static func scoring(_ always: [Bool], _ compiled: [Compiled]) -> [UInt64] {
        bits(always.indices.filter { always[$0] || compiled[$0].hasSimilarity }, count: always.count)
    }

    /// The topics `ks` of `count` as bits.
    private static func bits(_ ks: [Int], count: Int) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: (count + 63) / 64)
        for k in ks { bits[k >> 6] |= 1 << UInt64(k & 63) }
        return bits
    }

    /// The same topics with new seed similarities (`similarity(k)` for topic `k`; nil for none):
    /// the rules stay compiled, only the scores change. For a background that has grown.
    public func replacingSimilarities(_ similarity: (Int) -> Similarity?) -> Classifier {
        var copy = self
        for k in copy.topics.indices { copy.topics[k].similarity = similarity(k) }
        copy.compiled = copy.topics.indices.map { Compiled(copy.topics[$0], compiled[$0].ids) }
        copy.scores = copy.topics.contains { $0.similarity != nil }
        copy.decidedScoring = Self.scoring(alwaysDecided, copy.compiled)
        return copy
    }

    /// Every topic's verdict on one document, in the order of `topics`: the same as
    /// `topic.decide(doc, similarityText:, occurrences: index.occurrences(doc))` for each.
    public func verdicts(_ doc: Document, similarityText: String) -> [Verdict] {
        let words = scores ? [Words(similarityText)] : []
        return verdicts(doc, similarityWords: words)
    }

    /// The same, the seed score reading the document's own title and text (`classify` scores
    /// `title + "\n" + text`, the same words), which are split into words already.
    /// `everyScore: false` leaves out the score of a verdict it does not decide and that is no
    /// match (the daemon shows scores only with matches); `true` gives every verdict its score.
    /// `seedTerms`: the document's terms as the seed scores' background numbered them when it
    /// counted the document (`Background.add`), which spares the scores looking its words up again.
    public func verdicts(_ doc: Document, everyScore: Bool = true, seedTerms: SeedTerms? = nil) -> [Verdict] {
        let words = scores ? [doc[.title], doc[.text]].compactMap { $0 } : []
        return verdicts(doc, similarityWords: words, everyScore: everyScore, seedTerms: seedTerms)
    }

    /// One topic's verdict, and the topic's place in `topics`.
    public struct Decided: Sendable {
        public var topic: Int
        public var verdict: Verdict
    }

    /// Every topic's verdict, in the order of `topics`: each topic's quiet verdict (no match at
    /// the rule, no hits, no score) but where `decided` gives one.
    func verdicts(_ doc: Document, similarityWords: [Words], everyScore: Bool = true, seedTerms: SeedTerms? = nil) -> [Verdict] {
        var all = compiled.map(\.quiet)
        for d in decided(doc, similarityWords: similarityWords, everyScore: everyScore, seedTerms: seedTerms) { all[d.topic] = d.verdict }
        return all
    }

    /// The verdicts of the topics that are decided for this document, each with its place in
    /// `topics`, in that order: every other topic's verdict is its quiet one (no match at the
    /// rule, no hits, no score). For a caller that writes a topic's quiet verdict the same way
    /// every time, and need not make one for each of the many topics an item is not about.
    public func decided(_ doc: Document, everyScore: Bool = true, seedTerms: SeedTerms? = nil) -> [Decided] {
        let words = scores ? [doc[.title], doc[.text]].compactMap { $0 } : []
        return decided(doc, similarityWords: words, everyScore: everyScore, seedTerms: seedTerms)
    }

    func decided(_ doc: Document, similarityWords: [Words], everyScore: Bool, seedTerms: SeedTerms? = nil) -> [Decided] {
        var decisions = Decisions()
        decide(doc, similarityWords: similarityWords, everyScore: everyScore, seedTerms: seedTerms, into: &decisions)
        return decisions.list.map { Decided(topic: $0.topic, verdict: compiled[$0.topic].decider.verdict($0, decisions.spans, doc)) }
    }

    /// The decisions of one document, and their hits' spans (`Decision.hits`): what `decided`
    /// gives, before the hits' texts are made. Kept from document to document, its arrays
    /// keep their room.
    public struct Decisions: Sendable {
        public fileprivate(set) var list: [Decision] = []
        public fileprivate(set) var spans: [HitSpan] = []
        /// Room for a rule's hits while it is evaluated, and for the topics a document wakes (one
        /// bit a topic, as `decidedAlways`).
        fileprivate var places: [HitPlace] = []
        fileprivate var awake: [UInt64] = []
        /// The document decided, and the view of its bytes made for its hits, if any.
        fileprivate var document: Document?
        fileprivate var view: FieldBytes?

        /// Calls `body` with the texts of the decided document's hits, valid until it returns.
        public func withHitTexts<R>(_ body: (HitTexts) throws -> R) rethrows -> R {
            guard let document else { preconditionFailure("no document decided") }
            return try withExtendedLifetime(document) { try body(HitTexts(view: view ?? FieldBytes(document.byField), doc: document)) }
        }

        public init() {}

        fileprivate mutating func removeAll() {
            list.removeAll(keepingCapacity: true)
            spans.removeAll(keepingCapacity: true)
            places.removeAll(keepingCapacity: true)
        }
    }

    /// `decided`'s decisions, into `decisions` (emptied first).
    public func decide(_ doc: Document, everyScore: Bool = true, seedTerms: SeedTerms? = nil, into decisions: inout Decisions) {
        let words = scores ? [doc[.title], doc[.text]].compactMap { $0 } : []
        decide(doc, similarityWords: words, everyScore: everyScore, seedTerms: seedTerms, into: &decisions)
    }

    /// A topic none of whose required terms occurs is not evaluated: its verdict is the quiet
    /// one. Which topics are evaluated comes from the terms that occur (`wakes`), so the work goes
    /// with the hits, not with the topics times their terms. A topic with seeds is decided too
    /// when `everyScore` asks for its score: its `Decider` finds none of its words and gives the
    /// quiet verdict with the score.
    func decide(_ doc: Document, similarityWords: [Words], everyScore: Bool, seedTerms: SeedTerms? = nil, into decisions: inout Decisions) {
        decisions.removeAll()
        // The regexes of every topic share one budget on this item (`ItemRegexTime`).
        var doc = doc
        if hasRegexes { doc.regexTime = ItemRegexTime() }
        let occurrences = index.occurrences(doc)
        // The topics to decide, as bits, in a local array that takes `decisions.awake`'s room
        // (writing the property through the closure cost more) and gives it back. Read in
        // ascending order, each once, with no sort: a sort of the topics woken, term by term,
        // was a comparison a pair the branch predictor could not guess.
        var awake = decisions.awake
        decisions.awake = []
        defer { decisions.awake = awake }
        let decided = everyScore ? decidedScoring : decidedAlways
        if awake.count == decided.count {
            for w in decided.indices { awake[w] = decided[w] }
        } else {
            awake = decided
        }
        awake.withUnsafeMutableBufferPointer { awake in
            occurrences.forEachPresentTerm { t in
                for k in wakes[Int(wakeStarts[t])..<Int(wakeStarts[t + 1])] { awake[Int(k) &>> 6] |= 1 &<< UInt64(k & 63) }
            }
        }
        var evaluation = Evaluation(doc: doc, occ: occurrences)
        for w in awake.indices {
            var bits = awake[w]
            while bits != 0 {
                let k = w &<< 6 | bits.trailingZeroBitCount
                bits &= bits &- 1
                // A topic decided neither always nor for its score is here because a word of its
                // rule's `required` woke it: that word occurs, and need not be looked for again.
                // `compiled[k]` is called, not bound to a name first: the binding retained it.
                var d = compiled[k].decide(similarityWords, seedTerms, everyScore: everyScore, evaluation: &evaluation,
                                           places: &decisions.places, spans: &decisions.spans, alwaysDecided: alwaysDecided[k])
                d.topic = k
                decisions.list.append(d)
            }
        }
        // The document kept, so that its bytes are, for `withHitTexts`.
        decisions.document = doc
        decisions.view = evaluation.bytes
    }
}
