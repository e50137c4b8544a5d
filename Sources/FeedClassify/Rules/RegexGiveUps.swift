/// The regexes of some topics whose matches gave up since they were last asked about
/// (`RuleRegex.gaveUp`: too much backtracking, the match then holds nowhere): what `classify` and
/// the daemon report, a line a regex.
public struct RegexGiveUps: Sendable {
    private let regexes: [(topic: String, regex: RuleRegex)]
    private var seen: [Int]

    public init(_ topics: [Topic]) {
        regexes = topics.flatMap { t in t.regexes.map { (t.name, $0) } }
        seen = regexes.map(\.regex.gaveUp)
    }

    /// A line for each regex that gave up since the last call (since `init` for the first).
    public mutating func news() -> [String] {
        var lines: [String] = []
        for (k, r) in regexes.enumerated() {
            let now = r.regex.gaveUp
            guard now > seen[k] else { continue }
            let times = now - seen[k] == 1 ? "" : " \(now - seen[k]) times"
            lines.append("topic \(r.topic): /\(r.regex.pattern)/\(r.regex.caseInsensitive ? "i" : "") gave up\(times) "
                + "(\(RuleRegex.bounds)): it counts as not matching there")
            seen[k] = now
        }
        return lines
    }
}

extension Topic {
    /// Every regex of the topic's rule, then of its exclusion.
    var regexes: [RuleRegex] { [rule, exclude].compactMap { $0 }.flatMap(\.regexes) }
}

extension Rule {
    /// Every regex of the rule, in the order written.
    var regexes: [RuleRegex] {
        switch self {
        case .term, .phrase: []
        case let .and(a, b), let .or(a, b), let .near(a, b, _): a.regexes + b.regexes
        case let .not(r), let .field(_, r): r.regexes
        case let .regex(re): [re]
        }
    }
}
