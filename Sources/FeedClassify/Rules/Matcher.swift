/// A place where a rule's term matched: the field and the words as the item writes them.
public struct Hit: Sendable, Equatable, Hashable {
    public var field: Field
    public var text: String
    public init(field: Field, text: String) { self.field = field; self.text = text }

    /// The words that hit, once each whatever their case or field, as a reader is shown them
    /// ("Asylum" in the title and "asylum" in the text are one word): the first of each kept.
    public static func distinctWords(_ hits: [Hit]) -> [Hit] {
        var seen = Set<String>()
        return hits.filter { seen.insert($0.text.lowercased()).inserted }
    }
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
        var places: [HitPlace] = []
        return evaluate(program, ids, doc, occurrences, places: &places)
    }

    /// The same, the hits' places gathered in `places` (emptied first): a caller that evaluates
    /// many rules on one document passes the same array each time, which then is allocated once.
    static func evaluate(_ program: RuleProgram, _ ids: [Int], _ doc: Document, _ occurrences: Occurrences,
                         places: inout [HitPlace]) -> (matches: Bool, hits: [Hit]) {
        places.removeAll(keepingCapacity: true)
        let e = Evaluation(program: program, doc: doc, occ: occurrences, ids: ids)
        let ok = e.holds(program.root, fields: .defaults, hits: &places)
        return (ok, ok ? hits(places, doc) : [])
    }

    /// The hits at `places`, each text once (Swift's String equality), with the field of its
    /// first place, in the order they came: a word in the title and again in the lead is one
    /// reason, not two (the JSON and the readable form show the texts only). A word of a rule
    /// met several times in one field is compared by its bytes when it is ASCII, and its String
    /// is made only when it is no repeat there; other text is compared as Strings, which are
    /// equal when canonically equivalent (`café` written two ways, `K` and the Kelvin sign).
    static func hits(_ places: [HitPlace], _ doc: Document) -> [Hit] {
        if places.count == 1 { return [hit(places[0], doc)] }
        guard places.count <= 32 else {  // many: hashed, not compared each with each
            var seen = Set<String>()
            return places.map { hit($0, doc) }.filter { seen.insert($0.text).inserted }
        }
        var hits: [Hit] = []
        hits.reserveCapacity(places.count)
        // The hits made, with each one's field, bytes and whether they are all ASCII.
        withUnsafeTemporaryAllocation(of: Kept.self, capacity: places.count) { kept in
            var keptCount = 0
            var k = 0
            while k < places.count {
                // The places of one field, read with its text.
                let field = places[k].field
                var end = k + 1
                while end < places.count, places[end].field == field { end += 1 }
                defer { k = end }
                guard let words = doc.byField[Int(field)] else { continue }
                let done: Void? = words.text.utf8.withContiguousStorageIfAvailable { text in
                    for p in places[k..<end] {
                        let bytes = p.bytes(words)
                        let ascii = !text[bytes].contains { $0 >= 0x80 }
                        // Text that is not ASCII is compared as a String, and kept as one: made once.
                        let nonASCII: String? = ascii ? nil : Hit.shown(String(decoding: text[bytes], as: UTF8.self))
                        var repeated = false
                        for other in kept[0..<keptCount] where other.field == field && ascii && other.ascii {
                            if other.bytes.count == bytes.count && text[other.bytes].elementsEqual(text[bytes]) { repeated = true; break }
                        }
                        guard !repeated else { continue }
                        let shown = nonASCII ?? String(decoding: text[bytes], as: UTF8.self)
                        // Another field's hit, or text that is not ASCII: canonically equivalent Strings (the Kelvin sign is `K`).
                        for other in kept[0..<keptCount] where (other.field != field || !(ascii && other.ascii)) && hits[other.hit].text == shown {
                            repeated = true
                            break
                        }
                        guard !repeated else { continue }
                        kept[keptCount] = Kept(field: field, bytes: bytes, ascii: ascii, hit: hits.count)
                        keptCount += 1
                        hits.append(Hit(field: Field(ordinal: Int(field)), text: shown))
                    }
                }
                if done == nil {  // not contiguous UTF-8 (no native String is): by String
                    for p in places[k..<end] {
                        let h = hit(p, doc)
                        if !hits.contains(where: { $0.text == h.text }) { hits.append(h) }
                    }
                }
            }
        }
        return hits
    }

    /// A hit made by `hits(_:_:)`: its field, its bytes in the field's text, whether they are
    /// all ASCII, and its place in the hits.
    private struct Kept {
        var field: UInt8
        var bytes: Range<Int>
        var ascii: Bool
        var hit: Int
    }

    /// The hit at one place.
    static func hit(_ p: HitPlace, _ doc: Document) -> Hit {
        let words = doc.byField[Int(p.field)]!
        return Hit(field: Field(ordinal: Int(p.field)), text: words.text(bytes: p.bytes(words)))
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

/// Where a hit is, before its text is made: words `first...last` of a field, or for a regex
/// match bytes `first..<last` of the field's text (`isBytes`).
struct HitPlace {
    var field: UInt8
    var isBytes: Bool
    var first: UInt32
    var last: UInt32

    init(field: Int, words: Range<Int>) {
        self.field = UInt8(field)
        isBytes = false
        first = UInt32(words.lowerBound)
        last = UInt32(words.upperBound - 1)
    }

    init(field: Int, bytes: Range<Int>) {
        self.field = UInt8(field)
        isBytes = true
        first = UInt32(bytes.lowerBound)
        last = UInt32(bytes.upperBound)
    }

    /// Its bytes in the field's text.
    func bytes(_ words: Words) -> Range<Int> {
        isBytes ? Int(first)..<Int(last) : Int(words.spans[Int(first)].textStart)..<Int(words.spans[Int(last)].textEnd)
    }
}

/// One program against one document.
struct Evaluation {
    let program: RuleProgram
    let doc: Document
    let occ: Occurrences
    /// The occurrences' id of each of the program's terms.
    let ids: [Int]

    /// Whether node `n` holds, its hits added to `hits`.
    func holds(_ n: Int, fields: FieldSet, hits: inout [HitPlace]) -> Bool {
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
                guard fields.contains(ordinal: o), doc.byField[o] != nil else { continue }
                found = true
                for j in k..<next {
                    let w = occ.word(at: j)
                    hits.append(HitPlace(field: o, words: w..<(w + 1)))
                }
            }
            return found
        case .phrase:
            // A phrase one of whose words occurs nowhere: no field need be looked at.
            if isAbsent(n) { return false }
            var found = false
            for o in 0..<Field.count where fields.contains(ordinal: o) {
                let f = Field(ordinal: o)
                let places = positions(n, field: f)
                guard !places.isEmpty, doc.byField[o] != nil else { continue }
                found = true
                for r in places { hits.append(HitPlace(field: o, words: r)) }
            }
            return found
        case let .all(operands):
            // An AND that fails gives no hits: the words of its operands that held did not make
            // the rule hold (`(ICE AND raid) OR deportation` on "ICE plans deportation flights"
            // is a match by "deportation" alone).
            let mark = hits.count
            for o in program.lists[operands] where isAbsent(o) || !holds(o, fields: fields, hits: &hits) {
                hits.removeSubrange(mark...)
                return false
            }
            return true
        case let .any(operands):
            // Most operands of a long OR are words that occur nowhere: their presence is read
            // from the term numbers beside the list, without the node.
            var any = false
            var j = operands.lowerBound
            while true {
                j = nextOperand(from: j, before: operands.upperBound)
                guard j < operands.upperBound else { break }
                let o = program.lists[j]
                if (program.operandTerms[j] >= 0 || !isAbsent(o)) && holds(o, fields: fields, hits: &hits) { any = true }
                j += 1
            }
            return any
        case let .not(inner):
            var ignored: [HitPlace] = []
            return !holds(inner, fields: fields, hits: &ignored)
        case let .field(f, inner):
            return holds(inner, fields: FieldSet(f), hits: &hits)
        case let .near(a, b, distance):
            var found = false
            for o in 0..<Field.count where fields.contains(ordinal: o) {
                let f = Field(ordinal: o)
                guard doc.byField[o] != nil else { continue }
                let left = positions(a, field: f)
                let right = positions(b, field: f)
                for l in left {
                    // Two distinct places: `a NEAR/n a` means a second mention, not the same word twice.
                    for r in right where !l.overlaps(r) && Matcher.gap(l, r) <= distance {
                        found = true
                        hits.append(HitPlace(field: o, words: l))
                        hits.append(HitPlace(field: o, words: r))
                    }
                }
            }
            return found
        case let .regex(k):
            var found = false
            for o in 0..<Field.count where fields.contains(ordinal: o) {
                // A match that gave up (too much backtracking, counted by the regex) holds nowhere.
                guard let words = doc.byField[o], case let .match(bytes) = program.regexes[k].firstMatch(in: words.text, item: doc.regexTime) else { continue }
                found = true
                hits.append(HitPlace(field: o, bytes: bytes))
            }
            return found
        }
    }

    /// The first place from `j` on in `program.lists` (below `end`, the end of an operand list)
    /// whose operand is not a term that occurs nowhere; `end` when there is none. A few
    /// instructions an absent word: the arrays are read without their bounds checks, each index
    /// checked here instead (a term's id is below the index's term count, or -1).
    @inline(__always)
    func nextOperand(from j: Int, before end: Int) -> Int {
        program.operandTerms.withUnsafeBufferPointer { terms in
            ids.withUnsafeBufferPointer { ids in
                occ.present.withUnsafeBufferPointer { present in
                    let bits = present.count &* 64
                    var j = j
                    while j < end {
                        let t = terms[j]
                        guard t >= 0, t < ids.count else { return j }
                        let id = ids[t]
                        if id >= 0 && id < bits && present[id &>> 6] & (1 &<< UInt64(id & 63)) != 0 { return j }
                        j &+= 1
                    }
                    return end
                }
            }
        }
    }

    /// Node `n` is a term that occurs nowhere, or a phrase one of whose words does: it does not
    /// hold and gives no hits. Most operands of a topic's long OR are such; this spares each a
    /// call of `holds` or `positions`.
    @inline(__always)
    func isAbsent(_ n: Int) -> Bool {
        switch program.nodes[n] {
        case let .term(t): return !occ.isPresent(ids[t])
        case let .phrase(list):
            for t in program.lists[list] where !occ.isPresent(ids[t]) { return true }
            return false
        default: return false
        }
    }

    /// Word ranges where node `n`, a term or phrase (or an OR of them), matches in one field.
    func positions(_ n: Int, field: Field) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        positions(n, field: field, into: &ranges)
        return ranges
    }

    /// The same, appended to `ranges`. An OR of many words, most of which occur nowhere (the
    /// shipped rule's `NEAR` has forty a side), passes over the absent ones without a call and
    /// adds the others' ranges to one array: `flatMap` made an array an operand, and growing
    /// them was most of the shipped rule's time.
    func positions(_ n: Int, field: Field, into ranges: inout [Range<Int>]) {
        switch program.nodes[n] {
        case let .term(t):
            for k in occ.positions(ids[t], in: field) {
                let w = occ.word(at: k)
                ranges.append(w..<(w + 1))
            }
        case let .phrase(list):
            let ts = program.lists[list]
            guard let first = ts.first else { return }
            next: for k in occ.positions(ids[first], in: field) {
                let start = occ.word(at: k)
                for (j, t) in ts.dropFirst().enumerated() where !occ.occurs(ids[t], in: field, at: start + j + 1) { continue next }
                ranges.append(start..<(start + ts.count))
            }
        case let .any(operands):
            for o in program.lists[operands] where !isAbsent(o) { positions(o, field: field, into: &ranges) }
        case let .field(f, inner):
            if f == field { positions(inner, field: field, into: &ranges) }
        default:
            return
        }
    }
}

extension Words {
    /// The text at UTF-8 offsets `bytes`, as the item writes it (`Hit.shown`): copied (a hit
    /// starts and ends on a character boundary), without making String indexes.
    func text(bytes: Range<Int>) -> String {
        Hit.shown(text.utf8.withContiguousStorageIfAvailable { String(decoding: $0[bytes], as: UTF8.self) }
            ?? String(text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: bytes.lowerBound)..<text.utf8.index(text.utf8.startIndex, offsetBy: bytes.upperBound)])!)
    }
}

extension Hit {
    /// A hit's text as a reader sees it: without the invisible characters inside its words (soft
    /// hyphens, joiners), which words fold to nothing (`Fold.isWordScalar`); `Satur&shy;day` is
    /// shown, and counted once, as `Saturday`.
    static func shown(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { Fold.isInvisible($0.value) }) else { return text }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: text.unicodeScalars.lazy.filter { !Fold.isInvisible($0.value) })
        return String(out)
    }
}
