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
        let program = RuleProgram(rule)
        return evaluate(program, TermIndex.ids(for: program, in: occurrences.ids), doc, occurrences)
    }

    /// A compiled rule, its terms mapped to the ids `occurrences` uses (`TermIndex.ids(for:)`).
    static func evaluate(_ program: RuleProgram, _ ids: [Int], _ doc: Document, _ occurrences: Occurrences) -> (matches: Bool, hits: [Hit]) {
        let e = Evaluation(program: program, doc: doc, occ: occurrences, ids: ids)
        var hits: [Hit] = []
        hits.reserveCapacity(16)  // a word of a topic's rule met a few times: grown from 1, the array was made five times
        let ok = e.holds(program.root, fields: .defaults, hits: &hits)
        guard ok, hits.count > 1 else { return (ok, ok ? hits : []) }
        return (ok, unique(hits))
    }

    /// The hits without repeats, each where it first came. A handful is the usual count: those
    /// are compared with each other, which costs less than hashing them into a Set.
    static func unique(_ hits: [Hit]) -> [Hit] {
        guard hits.count > 16 else {
            var kept: [Hit] = []
            kept.reserveCapacity(hits.count)
            for h in hits where !kept.contains(h) { kept.append(h) }
            return kept
        }
        var seen = Set<Hit>()
        return hits.filter { seen.insert($0).inserted }
    }

    /// Words strictly between two ranges (0 when they touch or overlap).
    static func gap(_ a: Range<Int>, _ b: Range<Int>) -> Int {
        if a.upperBound <= b.lowerBound { return b.lowerBound - a.upperBound }
        if b.upperBound <= a.lowerBound { return a.lowerBound - b.upperBound }
        return 0
    }
}

/// A set of fields, one bit each (`Field.ordinal`): what `Evaluation.holds` looks in. Bits, not
/// an array: every node of every rule passes it on, and an array is retained at each call.
struct FieldSet: Sendable {
    var bits: UInt8

    static let defaults = FieldSet(Field.defaults)

    init(_ fields: [Field]) { bits = fields.reduce(0) { $0 | 1 << UInt8($1.ordinal) } }

    init(_ field: Field) { bits = 1 << UInt8(field.ordinal) }

    @inline(__always)
    func contains(ordinal o: Int) -> Bool { bits & (1 << UInt8(o)) != 0 }
}

/// One program against one document.
struct Evaluation {
    let program: RuleProgram
    let doc: Document
    let occ: Occurrences
    /// The occurrences' id of each of the program's terms.
    let ids: [Int]

    /// Whether node `n` holds, its hits added to `hits`.
    func holds(_ n: Int, fields: FieldSet, hits: inout [Hit]) -> Bool {
        switch program.nodes[n] {
        case let .term(t):
            // Most terms of most rules occur nowhere: then no field is looked at.
            let id = ids[t]
            guard occ.isPresent(id) else { return false }
            // The term's occurrences are one run of `occ.hits`, field by field, each field's in
            // word order: one search finds the run, then the fields asked for are read off it.
            var found = false
            let run = occ.places(of: id)
            var k = run.lowerBound
            let end = run.upperBound
            while k < end {
                let o = occ.fieldOrdinal(at: k)
                var next = k + 1
                while next < end, occ.fieldOrdinal(at: next) == o { next += 1 }
                defer { k = next }
                guard fields.contains(ordinal: o), let words = doc.byField[o] else { continue }
                found = true
                let f = Field(ordinal: o)
                for j in k..<next {
                    let w = occ.word(at: j)
                    hits.append(Hit(field: f, text: words.text(w..<(w + 1))))
                }
            }
            return found
        case let .phrase(list):
            // A phrase one of whose words occurs nowhere: no field need be looked at.
            for t in program.lists[list] where !occ.isPresent(ids[t]) { return false }
            var found = false
            for o in 0..<Field.count where fields.contains(ordinal: o) {
                let f = Field(ordinal: o)
                let places = positions(n, field: f)
                guard !places.isEmpty, let words = doc.byField[o] else { continue }
                found = true
                for r in places { hits.append(Hit(field: f, text: words.text(r))) }
            }
            return found
        case let .all(operands):
            var all = true
            for o in program.lists[operands] where isAbsentTerm(o) || !holds(o, fields: fields, hits: &hits) { all = false }
            return all
        case let .any(operands):
            var any = false
            for o in program.lists[operands] where !isAbsentTerm(o) && holds(o, fields: fields, hits: &hits) { any = true }
            return any
        case let .not(inner):
            var ignored: [Hit] = []
            return !holds(inner, fields: fields, hits: &ignored)
        case let .field(f, inner):
            return holds(inner, fields: FieldSet(f), hits: &hits)
        case let .near(a, b, distance):
            var found = false
            for o in 0..<Field.count where fields.contains(ordinal: o) {
                let f = Field(ordinal: o)
                guard let words = doc.byField[o] else { continue }
                let left = positions(a, field: f)
                let right = positions(b, field: f)
                for l in left {
                    // Two distinct places: `a NEAR/n a` means a second mention, not the same word twice.
                    for r in right where !l.overlaps(r) && Matcher.gap(l, r) <= distance {
                        found = true
                        hits.append(Hit(field: f, text: words.text(l)))
                        hits.append(Hit(field: f, text: words.text(r)))
                    }
                }
            }
            return found
        case let .regex(k):
            var found = false
            for o in 0..<Field.count where fields.contains(ordinal: o) {
                guard let words = doc.byField[o], let m = try? program.regexes[k].regex.firstMatch(in: words.text) else { continue }
                found = true
                hits.append(Hit(field: Field(ordinal: o), text: String(words.text[m.range])))
            }
            return found
        }
    }

    /// Node `n` is a term that occurs nowhere: it does not hold and gives no hits. Most
    /// operands of a topic's long OR are such terms; this spares each a call of `holds`.
    @inline(__always)
    func isAbsentTerm(_ n: Int) -> Bool {
        if case let .term(t) = program.nodes[n] { return !occ.isPresent(ids[t]) }
        return false
    }

    /// Word ranges where node `n`, a term or phrase (or an OR of them), matches in one field.
    func positions(_ n: Int, field: Field) -> [Range<Int>] {
        switch program.nodes[n] {
        case let .term(t):
            return occ.positions(ids[t], in: field).map { k in occ.word(at: k)..<(occ.word(at: k) + 1) }
        case let .phrase(list):
            let ts = program.lists[list]
            guard let first = ts.first else { return [] }
            return occ.positions(ids[first], in: field).compactMap { k in
                let start = occ.word(at: k)
                for (j, t) in ts.dropFirst().enumerated() where !occ.occurs(ids[t], in: field, at: start + j + 1) { return nil }
                return start..<(start + ts.count)
            }
        case let .any(operands):
            return program.lists[operands].flatMap { positions($0, field: field) }
        case let .field(f, inner):
            return f == field ? positions(inner, field: field) : []
        default:
            return []
        }
    }
}

extension Words {
    /// The text of words `r`, as the item writes it: its UTF-8 copied (a word starts and ends
    /// on a character boundary), without making String indexes.
    func text(_ r: Range<Int>) -> String {
        let from = Int(spans[r.lowerBound].textStart)
        let to = Int(spans[r.upperBound - 1].textEnd)
        return text.utf8.withContiguousStorageIfAvailable { String(decoding: $0[from..<to], as: UTF8.self) }
            ?? String(text[range(r.lowerBound).lowerBound..<range(r.upperBound - 1).upperBound])
    }
}
