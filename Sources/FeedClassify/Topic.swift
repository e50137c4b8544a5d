/// A topic, ready to decide: its rule and exclusion compiled, its seeds turned into a similarity.
public struct Topic: Sendable {
    public var name: String
    public var rule: Rule? { didSet { ruleProgram = rule.map(RuleProgram.init) } }
    public var exclude: Rule? { didSet { excludeProgram = exclude.map(RuleProgram.init) } }
    public var minScore: Double?
    public var similarity: Similarity?

    /// The rules of several topics in one index: a document's words are looked up once for all.
    public static func index(_ topics: [Topic]) -> TermIndex {
        TermIndex(rules: topics.flatMap { [$0.rule, $0.exclude].compactMap { $0 } })
    }

    /// The score a topic with seeds and no rule needs, when it sets no `min-score`.
    public static let defaultScoreGate = 0.15

    /// The score a verdict needs, if one: `min-score`, or the default gate of a topic without a rule.
    public var scoreGate: Double? { minScore ?? (rule == nil ? Topic.defaultScoreGate : nil) }

    /// `rule` and `exclude` compiled (kept in step by their `didSet`).
    private(set) var ruleProgram: RuleProgram?
    private(set) var excludeProgram: RuleProgram?

    public init(name: String, rule: Rule?, exclude: Rule?, minScore: Double?, similarity: Similarity?) {
        self.name = name
        self.rule = rule
        self.exclude = exclude
        ruleProgram = rule.map(RuleProgram.init)
        excludeProgram = exclude.map(RuleProgram.init)
        self.minScore = minScore
        self.similarity = similarity
    }

    /// The topic's verdict on one document, with its reasons.
    ///
    /// Gates, in order: the rule must hold; `exclude` must not; the seed score must reach
    /// `min-score`. A topic with seeds and no rule decides on the score alone.
    ///
    /// `Classifier` decides many topics faster: it maps the rules' terms to the index once.
    public func decide(_ doc: Document, similarityText: String, occurrences: Occurrences? = nil) -> Verdict {
        let score = similarity?.scored(similarityText)
        let occ = occurrences ?? TermIndex(rules: [rule, exclude].compactMap { $0 }).occurrences(doc)
        return decide(doc, score: score, occ, ids: TermIDs(self, occ.ids))
    }

    /// The ids in one index of the terms of a topic's rule and exclusion.
    struct TermIDs: Sendable {
        var rule = ProgramIDs.none
        var exclude = ProgramIDs.none

        init(_ topic: Topic, _ ids: [Term: Int]) {
            if let p = topic.ruleProgram { rule = ProgramIDs(p, ids) }
            if let p = topic.excludeProgram { exclude = ProgramIDs(p, ids) }
        }
    }

    func decide(_ doc: Document, score: Similarity.Score?, _ occ: Occurrences, ids: TermIDs) -> Verdict {
        decide(doc, lazyScore: { score }, everyScore: true, occ, ids: ids)
    }

    /// `everyScore: false` computes the seed score only where it decides or is shown with a
    /// match: the daemon never shows the score of an item no topic keeps, and for most items a
    /// rule's words are absent (the score costs more than the rule).
    func decide(_ doc: Document, lazyScore: () -> Similarity.Score?, everyScore: Bool, _ occ: Occurrences, ids: TermIDs) -> Verdict {
        var places: [HitPlace] = []
        return Decider(self).decide(doc, lazyScore: lazyScore, everyScore: everyScore, occ, ids: ids, places: &places)
    }
}

/// What deciding reads of a topic: its name, compiled rule and exclusion, and gate. A class:
/// `Classifier` keeps one a topic and calls it for every document that wakes the topic, where
/// calling `Topic.decide` copied the whole `Topic` (its rules, its seeds' similarity) each time.
final class Decider: Sendable {
    let name: String
    let rule: RuleProgram?
    let exclude: RuleProgram?
    /// The score a verdict needs, if one: `min-score`, or the default gate of a topic without a rule.
    let scoreGate: Double?
    /// The topic has counter-examples: a document nearly a copy of one is no match.
    let vetoes: Bool

    init(_ topic: Topic) {
        name = topic.name
        rule = topic.ruleProgram
        exclude = topic.excludeProgram
        scoreGate = topic.scoreGate
        vetoes = topic.similarity?.hasCounterExamples ?? false
    }

    /// Gates, in order: the rule must hold; `exclude` must not; the document must not be nearly a
    /// copy of a counter-example (`Similarity.copyCosine`: what `mark --irrelevant` put in `not/`
    /// then stops matching, with or without `min-score`); the seed score must reach `min-score`.
    /// A topic with seeds and no rule decides on the score alone. `places` is room
    /// for the rules' hits (`Evaluation.holds` appends them), passed on from topic to topic. `requiredPresent`:
    /// the caller knows a term of the rule's `required` occurs (`Classifier` woke the topic by one).
    func decide(_ doc: Document, lazyScore: () -> Similarity.Score?, everyScore: Bool, _ occ: Occurrences, ids: Topic.TermIDs,
                places: inout [HitPlace], requiredPresent: Bool = false) -> Verdict {
        var spans: [HitSpan] = []
        var evaluation = Evaluation(doc: doc, occ: occ)
        let d = decide(lazyScore: lazyScore, everyScore: everyScore, ids: ids, evaluation: &evaluation,
                       places: &places, spans: &spans, requiredPresent: requiredPresent)
        return verdict(d, spans, doc)
    }

    /// The verdict of a decision, its hits' texts made.
    func verdict(_ d: Decision, _ spans: [HitSpan], _ doc: Document) -> Verdict {
        Verdict(topic: name, match: d.match, score: d.score, hits: spans[d.hits].map { doc.hit($0) }, gate: d.gate)
    }

    /// The same, the hits' spans appended to `spans` (`Decision.hits` says where), their texts
    /// not made: `classify --json` writes them from the item's bytes. `evaluation`: the
    /// document's (its words' occurrences and bytes), made once a document.
    func decide(lazyScore: () -> Similarity.Score?, everyScore: Bool, ids: Topic.TermIDs,
                evaluation: inout Evaluation, places: inout [HitPlace], spans: inout [HitSpan], requiredPresent: Bool = false) -> Decision {
        let occ = evaluation.occ
        let first: Similarity.Score? = everyScore ? lazyScore() : nil
        let early = first?.value
        func score() -> Similarity.Score? { everyScore ? first : lazyScore() }  // called once, on the way out
        let start = spans.count
        func decision(_ match: Bool, _ score: Double?, _ gate: Verdict.Gate) -> Decision {
            Decision(topic: -1, match: match, score: score, gate: gate, hits: start..<spans.count)
        }
        if let program = rule {
            if !requiredPresent, let required = program.required, !required.contains(where: { occ.isPresent(ids.rule[$0]) }) {
                return decision(false, early, .rule)  // none of its words is here
            }
            let mark = places.count
            guard evaluation.holds(program, ids.rule, places: &places) else { return decision(false, early, .rule) }
            Matcher.distinct(places[mark...], evaluation.doc, evaluation.view(), into: &spans)
        }
        let mark = places.count
        if let program = exclude, evaluation.holds(program, ids.exclude, places: &places) {
            // Its hits say why, not the rule's.
            spans.removeSubrange(start...)
            Matcher.distinct(places[mark...], evaluation.doc, evaluation.view(), into: &spans)
            return decision(false, early, .exclude)
        }
        let s = score()
        if vetoes, s?.copiesCounterExample == true {
            return decision(false, s?.value, .counterExample)
        }
        if let gate = scoreGate {
            return decision((s?.value ?? 0) >= gate, s?.value, rule == nil ? .score : .minScore)
        }
        return decision(rule != nil, s?.value, .rule)
    }
}

/// One topic's decision on one document, its hits as spans of the document's text
/// (`Classifier.Decisions.spans[hits]`), their texts not yet made.
public struct Decision: Sendable {
    /// The topic's place in `Classifier.topics`.
    public var topic: Int
    public var match: Bool
    public var score: Double?
    public var gate: Verdict.Gate
    public var hits: Range<Int>

    public init(topic: Int, match: Bool, score: Double?, gate: Verdict.Gate, hits: Range<Int>) {
        self.topic = topic
        self.match = match
        self.score = score
        self.gate = gate
        self.hits = hits
    }

    /// No match, no score, no hits, decided by the rule: the commonest verdict by far.
    public var isQuiet: Bool { !match && score == nil && hits.isEmpty && gate == .rule }
}

/// One topic's decision on one item, and why.
public struct Verdict: Sendable, Equatable {
    public enum Gate: String, Sendable, CaseIterable {
        /// The rule held (a match) or did not.
        case rule
        /// The exclusion held: no match.
        case exclude
        /// The seed score reached `min-score`, or did not.
        case minScore = "min-score"
        /// No rule: the seed score alone decided.
        case score
        /// The document is nearly a copy of a counter-example (`not/`): no match.
        case counterExample = "not"

        /// `rawValue` as a static string, for writers that copy it without making a String.
        public var name: StaticString {
            switch self {
            case .rule: "rule"
            case .exclude: "exclude"
            case .minScore: "min-score"
            case .score: "score"
            case .counterExample: "not"
            }
        }
    }

    public var topic: String
    public var match: Bool
    public var score: Double?
    public var hits: [Hit]
    public var gate: Gate

    public init(topic: String, match: Bool, score: Double?, hits: [Hit], gate: Gate) {
        self.topic = topic
        self.match = match
        self.score = score
        self.hits = hits
        self.gate = gate
    }
}
