/// Every term of a set of rules, indexed so that a document's words are looked up once each,
/// instead of every term scanning every word: exact terms by their folded word, prefix terms by
/// each of a word's own prefixes (words are short, so a handful of lookups).
public struct TermIndex: Sendable {
    var exact: [String: [Term]] = [:]
    var prefixes: [String: [Term]] = [:]
    var longestPrefix = 0

    public init(rules: [Rule]) {
        var seen = Set<Term>()
        for rule in rules { Self.collect(rule, into: &seen) }
        for t in seen {
            if t.isPrefix {
                prefixes[t.folded, default: []].append(t)
                longestPrefix = max(longestPrefix, t.folded.count)
            } else {
                exact[t.folded, default: []].append(t)
            }
        }
    }

    static func collect(_ rule: Rule, into terms: inout Set<Term>) {
        switch rule {
        case let .term(t): terms.insert(t)
        case let .phrase(ts): for t in ts { terms.insert(t) }
        case let .and(a, b), let .or(a, b), let .near(a, b, _): collect(a, into: &terms); collect(b, into: &terms)
        case let .not(r), let .field(_, r): collect(r, into: &terms)
        case .regex: break
        }
    }

    /// Where each term occurs in each field of the document (word indexes, ascending).
    public func occurrences(_ doc: Document) -> Occurrences {
        var out = Occurrences()
        for (field, words) in doc.fields where !words.words.isEmpty {
            var found: [Term: [Int]] = [:]
            for (i, w) in words.words.enumerated() {
                if let terms = exact[w.folded] {
                    for t in terms where Matcher.capitalsAllow(t, w, shouting: words.shouts) { found[t, default: []].append(i) }
                }
                if longestPrefix > 0 {
                    var prefix = ""
                    for ch in w.folded.prefix(longestPrefix) {
                        prefix.append(ch)
                        guard let terms = prefixes[prefix] else { continue }
                        for t in terms where Matcher.capitalsAllow(t, w, shouting: words.shouts) { found[t, default: []].append(i) }
                    }
                }
            }
            for t in found.keys { out.present.insert(t) }
            out.byField[field] = found
        }
        return out
    }

    /// Whether a rule can hold only when one of its terms outside `NOT` occurs: then a document
    /// with none of them is decided without evaluating the rule.
    static func needsATerm(_ rule: Rule) -> Bool {
        switch rule {
        case .term, .phrase, .near: return true
        case let .and(a, b): return needsATerm(a) || needsATerm(b)
        case let .or(a, b): return needsATerm(a) && needsATerm(b)
        case let .field(_, r): return needsATerm(r)
        case .not, .regex: return false
        }
    }

    /// The terms of a rule outside any `NOT`.
    static func positiveTerms(_ rule: Rule) -> Set<Term> {
        switch rule {
        case let .term(t): return [t]
        case let .phrase(ts): return Set(ts)
        case let .and(a, b), let .or(a, b), let .near(a, b, _): return positiveTerms(a).union(positiveTerms(b))
        case let .field(_, r): return positiveTerms(r)
        case .not, .regex: return []
        }
    }
}

/// A document's term occurrences, per field.
public struct Occurrences: Sendable {
    var byField: [Field: [Term: [Int]]] = [:]
    /// Every term that occurs somewhere in the document.
    var present: Set<Term> = []

    func positions(_ t: Term, in field: Field) -> [Int] { byField[field]?[t] ?? [] }
}
