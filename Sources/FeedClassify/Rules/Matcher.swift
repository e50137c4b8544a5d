/// The parts of an item a rule reads, each split into words once.
public struct Document: Sendable {
    public var fields: [Field: Words]

    public init(title: String = "", text: String = "", author: String = "", category: String = "",
                feed: String = "", link: String = "") {
        fields = [.title: Words(title), .text: Words(text), .author: Words(author),
                  .category: Words(category), .feed: Words(feed), .link: Words(link)]
    }
}

/// A place where a rule's term matched: the field and the words as the item writes them.
public struct Hit: Sendable, Equatable, Hashable {
    public var field: Field
    public var text: String
    public init(field: Field, text: String) { self.field = field; self.text = text }
}

/// Evaluates compiled rules against documents. Pure: no state between calls.
public enum Matcher {
    /// Whether the rule holds for the document, and the hits that made it hold (terms under
    /// `NOT` give none).
    public static func evaluate(_ rule: Rule, _ doc: Document) -> (matches: Bool, hits: [Hit]) {
        evaluate(rule, doc, TermIndex(rules: [rule]).occurrences(doc))
    }

    /// The same, with the document's term occurrences already found (one `TermIndex` for all the
    /// topics, one lookup pass a document).
    public static func evaluate(_ rule: Rule, _ doc: Document, _ occurrences: Occurrences) -> (matches: Bool, hits: [Hit]) {
        var hits: [Hit] = []
        let ok = holds(rule, doc, occurrences, fields: Field.defaults, hits: &hits)
        var seen = Set<Hit>()
        return (ok, ok ? hits.filter { seen.insert($0).inserted } : [])
    }

    static func holds(_ rule: Rule, _ doc: Document, _ occ: Occurrences, fields: [Field], hits: inout [Hit]) -> Bool {
        switch rule {
        case .term, .phrase:
            var found = false
            for f in fields {
                guard let words = doc.fields[f] else { continue }
                for r in positions(rule, words, occ, field: f) {
                    found = true
                    hits.append(Hit(field: f, text: text(words, r)))
                }
            }
            return found
        case let .and(a, b):
            let left = holds(a, doc, occ, fields: fields, hits: &hits)
            return holds(b, doc, occ, fields: fields, hits: &hits) && left
        case let .or(a, b):
            let left = holds(a, doc, occ, fields: fields, hits: &hits)
            return holds(b, doc, occ, fields: fields, hits: &hits) || left
        case let .not(inner):
            var ignored: [Hit] = []
            return !holds(inner, doc, occ, fields: fields, hits: &ignored)
        case let .field(f, inner):
            return holds(inner, doc, occ, fields: [f], hits: &hits)
        case let .near(a, b, distance):
            var found = false
            for f in fields {
                guard let words = doc.fields[f] else { continue }
                let left = positions(a, words, occ, field: f)
                let right = positions(b, words, occ, field: f)
                for l in left {
                    // Two distinct places: `a NEAR/n a` means a second mention, not the same word twice.
                    for r in right where !l.overlaps(r) && gap(l, r) <= distance {
                        found = true
                        hits.append(Hit(field: f, text: text(words, l)))
                        hits.append(Hit(field: f, text: text(words, r)))
                    }
                }
            }
            return found
        case let .regex(re):
            var found = false
            for f in fields {
                guard let words = doc.fields[f], let m = try? re.regex.firstMatch(in: words.text) else { continue }
                found = true
                hits.append(Hit(field: f, text: String(words.text[m.range])))
            }
            return found
        }
    }

    /// Word ranges where a term or phrase (or an OR of them) matches in one field.
    static func positions(_ rule: Rule, _ words: Words, _ occ: Occurrences, field: Field) -> [Range<Int>] {
        switch rule {
        case let .term(t):
            return occ.positions(t, in: field).map { $0..<($0 + 1) }
        case let .phrase(terms):
            guard let first = terms.first else { return [] }
            let rest = terms.dropFirst().map { Set(occ.positions($0, in: field)) }
            return occ.positions(first, in: field).compactMap { start in
                for (k, set) in rest.enumerated() where !set.contains(start + k + 1) { return nil }
                return start..<(start + terms.count)
            }
        case let .or(a, b):
            return positions(a, words, occ, field: field) + positions(b, words, occ, field: field)
        case let .field(f, inner):
            return f == field ? positions(inner, words, occ, field: field) : []
        default:
            return []
        }
    }

    /// A capitals-only term matches only a word in capitals, and never in a shouting field.
    @inline(__always)
    static func capitalsAllow(_ t: Term, _ w: Words.Word, shouting: Bool) -> Bool {
        !t.capitalsOnly || (w.capitals && !shouting)
    }

    /// Words strictly between two ranges (0 when they touch or overlap).
    static func gap(_ a: Range<Int>, _ b: Range<Int>) -> Int {
        if a.upperBound <= b.lowerBound { return b.lowerBound - a.upperBound }
        if b.upperBound <= a.lowerBound { return a.lowerBound - b.upperBound }
        return 0
    }

    static func text(_ words: Words, _ r: Range<Int>) -> String {
        String(words.text[words.words[r.lowerBound].range.lowerBound..<words.words[r.upperBound - 1].range.upperBound])
    }
}
