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
        var hits: [Hit] = []
        let ok = holds(rule, doc, fields: Field.defaults, hits: &hits)
        var seen = Set<Hit>()
        return (ok, ok ? hits.filter { seen.insert($0).inserted } : [])
    }

    static func holds(_ rule: Rule, _ doc: Document, fields: [Field], hits: inout [Hit]) -> Bool {
        switch rule {
        case .term, .phrase:
            var found = false
            for f in fields {
                guard let words = doc.fields[f] else { continue }
                for r in positions(rule, words) {
                    found = true
                    hits.append(Hit(field: f, text: text(words, r)))
                }
            }
            return found
        case let .and(a, b):
            let left = holds(a, doc, fields: fields, hits: &hits)
            return holds(b, doc, fields: fields, hits: &hits) && left
        case let .or(a, b):
            let left = holds(a, doc, fields: fields, hits: &hits)
            return holds(b, doc, fields: fields, hits: &hits) || left
        case let .not(inner):
            var ignored: [Hit] = []
            return !holds(inner, doc, fields: fields, hits: &ignored)
        case let .field(f, inner):
            return holds(inner, doc, fields: [f], hits: &hits)
        case let .near(a, b, distance):
            var found = false
            for f in fields {
                guard let words = doc.fields[f] else { continue }
                let left = positions(a, words, field: f)
                let right = positions(b, words, field: f)
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

    /// Word ranges where a term or phrase (or an OR of them) matches in one field's words.
    static func positions(_ rule: Rule, _ words: Words, field: Field? = nil) -> [Range<Int>] {
        switch rule {
        case let .term(t):
            return words.words.indices.filter { matches(t, words.words[$0], shouting: words.shouts) }.map { $0..<($0 + 1) }
        case let .phrase(terms):
            guard terms.count <= words.words.count else { return [] }
            var out: [Range<Int>] = []
            for start in 0...(words.words.count - terms.count) {
                var k = 0
                while k < terms.count, matches(terms[k], words.words[start + k], shouting: words.shouts) { k += 1 }
                if k == terms.count { out.append(start..<(start + terms.count)) }
            }
            return out
        case let .or(a, b):
            return positions(a, words, field: field) + positions(b, words, field: field)
        case let .field(f, inner):
            return field == nil || field == f ? positions(inner, words, field: field) : []
        default:
            return []
        }
    }

    @inline(__always)
    static func matches(_ t: Term, _ w: Words.Word, shouting: Bool) -> Bool {
        if t.capitalsOnly, !w.capitals || shouting { return false }
        return t.isPrefix ? w.folded.hasPrefix(t.folded) : w.folded == t.folded
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
