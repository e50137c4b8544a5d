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
        return evaluate(program, ProgramIDs(program, occurrences.ids), doc, occurrences)
    }

    /// A compiled rule, its terms mapped to the ids `occurrences` uses (`ProgramIDs`).
    static func evaluate(_ program: RuleProgram, _ ids: ProgramIDs, _ doc: Document, _ occurrences: Occurrences) -> (matches: Bool, hits: [Hit]) {
        var places: [HitPlace] = []
        return evaluate(program, ids, doc, occurrences, places: &places)
    }

    /// The same, the hits' places gathered in `places` (emptied first): a caller that evaluates
    /// many rules on one document passes the same array each time, which then is allocated once.
    static func evaluate(_ program: RuleProgram, _ ids: ProgramIDs, _ doc: Document, _ occurrences: Occurrences,
                         places: inout [HitPlace]) -> (matches: Bool, hits: [Hit]) {
        let ok = holds(program, ids, doc, occurrences, places: &places)
        return (ok, ok ? hits(places, doc) : [])
    }

    /// Whether the rule holds, the places of its hits in `places` (emptied first).
    static func holds(_ program: RuleProgram, _ ids: ProgramIDs, _ doc: Document, _ occurrences: Occurrences,
                      places: inout [HitPlace]) -> Bool {
        let e = Evaluation(doc: doc, occ: occurrences)
        places.removeAll(keepingCapacity: true)
        return e.holds(program, ids, places: &places)
    }

    /// The hits at `places`, each text once, with the field of its first place, in the order
    /// they came (`distinct`).
    static func hits(_ places: [HitPlace], _ doc: Document) -> [Hit] {
        var spans: [HitSpan] = []
        withExtendedLifetime(doc) { distinct(places[...], doc, FieldBytes(doc.byField), into: &spans) }
        return spans.map { doc.hit($0) }
    }

    /// The hits at `places` appended to `spans`, each text once (Swift's String equality), with
    /// the field of its first place, in the order they came: a word in the title and again in
    /// the lead is one reason, not two (the JSON and the readable form show the texts only).
    /// ASCII hits are compared by their bytes, which for ASCII is String equality, and no String
    /// is made; a hit with other text is compared as Strings, which are equal when canonically
    /// equivalent (`café` written two ways, `K` and the Kelvin sign). Past 32 hits kept, by a
    /// Set of their texts: a rule that hits thousands of distinct words compares no pair of them.
    /// `view`: the document's bytes (`FieldBytes(doc.byField)`), the document kept alive by the caller.
    static func distinct(_ places: ArraySlice<HitPlace>, _ doc: Document, _ view: FieldBytes, into spans: inout [HitSpan]) {
        let first = spans.count
        var texts: [Int: String]?  // the Strings made of kept hits that are not ASCII, by place in `spans`
        var seen: Set<String>?
        for p in places {
            guard let span = view.span(p) else { continue }
            if seen == nil, spans.count - first >= 32 { seen = Set(spans[first...].map { doc.hitText($0) }) }
            if seen != nil {
                if seen!.insert(doc.hitText(span)).inserted { spans.append(span) }
                continue
            }
            let bytes = view.bytes(span)
            var text: String?  // made once, when a comparison needs it
            var repeated = false
            for k in first..<spans.count {
                let other = spans[k]
                if span.ascii && other.ascii {
                    if other.count == span.count && FieldBytes.equal(view.bytes(other), bytes) { repeated = true; break }
                } else {
                    // One or both not ASCII: as Strings.
                    if text == nil { text = doc.hitText(span) }
                    if (texts?[k] ?? doc.hitText(other)) == text! { repeated = true; break }
                }
            }
            guard !repeated else { continue }
            if !span.ascii {
                if texts == nil { texts = [:] }
                texts![spans.count] = text ?? doc.hitText(span)
            }
            spans.append(span)
        }
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

/// A hit before its text is made: bytes `start..<end` of a field's text, and whether they are
/// all ASCII. What `Matcher.distinct` keeps; its text is `Document.hitText`.
public struct HitSpan: Sendable {
    var field: UInt8
    public var ascii: Bool
    var start: UInt32
    var end: UInt32
    var count: Int { Int(end &- start) }
}

/// A document's texts and word spans, field by field, as pointers: valid while the document is
/// (`FieldBytes(doc.byField)`). Unchecked: the memory is its words' `WordBuffers`, written once and only
/// read after, as they are.
struct FieldBytes: @unchecked Sendable {
    /// Each field's text (nil for a field left out) and word spans: one array, one allocation.
    private var fields: [(text: UnsafeBufferPointer<UInt8>?, spans: UnsafeBufferPointer<Words.Span>)]

    init(_ byField: [Words?]) {
        fields = byField.map { ($0?.textBytes, $0?.spans ?? UnsafeBufferPointer(start: nil, count: 0)) }
    }

    /// The bytes of place `p`; nil when its field was left out.
    func span(_ p: HitPlace) -> HitSpan? {
        let field = fields[Int(p.field)]
        guard let text = field.text else { return nil }
        let start: UInt32, end: UInt32
        if p.isBytes {
            start = p.first
            end = p.last
        } else {
            start = field.spans[Int(p.first)].textStart
            end = field.spans[Int(p.last)].textEnd
        }
        let bytes = UnsafeBufferPointer(rebasing: text[Int(start)..<Int(end)])
        var high: UInt64 = 0
        Self.forEachWord(bytes) { high |= $0 }
        return HitSpan(field: p.field, ascii: high & 0x8080_8080_8080_8080 == 0, start: start, end: end)
    }

    /// Two byte strings of one length are equal: hits' bytes, read as `forEachWord` reads them.
    @inline(__always)
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var differ: UInt64 = 0
        var i = 0
        let n = a.count
        let pa = UnsafeRawPointer(a.baseAddress!), pb = UnsafeRawPointer(b.baseAddress!)
        while n &- i >= 8 {
            differ |= word(pa, i) ^ word(pb, i)
            i &+= 8
        }
        let mask = (UInt64(1) &<< UInt64(8 &* (n &- i))) &- 1
        differ |= (word(pa, i) ^ word(pb, i)) & mask
        return differ == 0
    }

    /// Calls `body` with the bytes as words of eight (little-endian), the last one's bytes past
    /// the end zeroed. Reads up to seven bytes past the end: a hit's bytes are in a `Words`' text,
    /// which the folded words and their padding follow in the same memory (`SplitOutput`).
    /// Eight bytes at a time, not one: a loop a byte ended at a place the branch predictor could
    /// not guess, about once a hit (cachegrind).
    @inline(__always)
    static func forEachWord(_ b: UnsafeBufferPointer<UInt8>, _ body: (UInt64) -> Void) {
        guard let p = b.baseAddress.map(UnsafeRawPointer.init) else { return }
        let n = b.count
        var i = 0
        while n &- i >= 8 {
            body(word(p, i))
            i &+= 8
        }
        body(word(p, i) & ((UInt64(1) &<< UInt64(8 &* (n &- i))) &- 1))
    }

    /// Eight bytes from `p + i`, the first in the low byte.
    @inline(__always)
    static func word(_ p: UnsafeRawPointer, _ i: Int) -> UInt64 { UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) }

    func bytes(_ s: HitSpan) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: fields[Int(s.field)].text![Int(s.start)..<Int(s.end)])
    }
}

extension Document {
    /// A hit's text as the item writes it (`Hit.shown`).
    func hitText(_ s: HitSpan) -> String {
        let text = byField[Int(s.field)]!.textBytes
        let string = String(decoding: UnsafeBufferPointer(rebasing: text[Int(s.start)..<Int(s.end)]), as: UTF8.self)
        return s.ascii ? string : Hit.shown(string)
    }

    /// The hit, its text made.
    func hit(_ s: HitSpan) -> Hit { Hit(field: Field(ordinal: Int(s.field)), text: hitText(s)) }
}

/// A document's hits' texts (`Classifier.Decisions.withHitTexts`).
public struct HitTexts {
    let view: FieldBytes
    let doc: Document

    /// A hit's UTF-8 when it is ASCII (its text as shown); nil for another, whose text is `string`.
    public func bytes(_ s: HitSpan) -> UnsafeBufferPointer<UInt8>? { s.ascii ? view.bytes(s) : nil }

    public func string(_ s: HitSpan) -> String { doc.hitText(s) }
}

/// One program against one document.
struct Evaluation {
    let doc: Document
    let occ: Occurrences

    /// The document's bytes, made at its first hits (`view()`: most documents have none).
    private(set) var bytes: FieldBytes?

    init(doc: Document, occ: Occurrences) {
        self.doc = doc
        self.occ = occ
    }

    /// The document's bytes, for its hits (`Matcher.distinct`).
    mutating func view() -> FieldBytes {
        if let bytes { return bytes }
        let made = FieldBytes(doc.byField)
        bytes = made
        return made
    }

    /// Whether `program` (its terms' ids `ids`) holds, its hits' places appended to `places`
    /// (none when it does not: an AND that fails takes back what its operands added).
    /// The program and its terms' ids are passed down the calls, not kept in the evaluation:
    /// storing them for each rule retained and released both, for every topic a document woke.
    func holds(_ program: RuleProgram, _ ids: ProgramIDs, places: inout [HitPlace]) -> Bool {
        // `nextOperand` reads `ids.operands` without bounds checks, at the places of `program.lists`.
        precondition(ids.operands.count == program.lists.count, "the ids of another program")
        return holds(program.root, program, ids, fields: .defaults, hits: &places)
    }

    /// Whether node `n` holds, its hits added to `hits`.
    func holds(_ n: Int, _ program: RuleProgram, _ ids: ProgramIDs, fields: FieldSet, hits: inout [HitPlace]) -> Bool {
        switch program.nodes[n] {
        case let .term(t):
            // Most terms of most rules occur nowhere: then no field is looked at.
            let id = ids[t]
            guard occ.isPresent(id) else { return false }
            return termHolds(id, fields: fields, hits: &hits)
        case .phrase:
            // A phrase one of whose words occurs nowhere: no field need be looked at.
            if isAbsent(n, program, ids) { return false }
            var found = false
            for o in 0..<Field.count where fields.contains(ordinal: o) {
                let f = Field(ordinal: o)
                let places = positions(n, program, ids, field: f)
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
            for o in program.lists[operands] where isAbsent(o, program, ids) || !holds(o, program, ids, fields: fields, hits: &hits) {
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
                j = nextOperand(from: j, before: operands.upperBound, ids)
                guard j < operands.upperBound else { break }
                let o = program.lists[j]
                let id = ids.operands[j]
                // A word that occurs (`nextOperand` stopped at it): its places read here, without a call.
                if id >= 0 ? termHolds(id, fields: fields, hits: &hits) : !isAbsent(o, program, ids) && holds(o, program, ids, fields: fields, hits: &hits) { any = true }
                j += 1
            }
            return any
        case let .not(inner):
            var ignored: [HitPlace] = []
            return !holds(inner, program, ids, fields: fields, hits: &ignored)
        case let .field(f, inner):
            return holds(inner, program, ids, fields: FieldSet(f), hits: &hits)
        case let .near(a, b, distance):
            var found = false
            for o in 0..<Field.count where fields.contains(ordinal: o) {
                let f = Field(ordinal: o)
                guard doc.byField[o] != nil else { continue }
                let left = positions(a, program, ids, field: f)
                let right = positions(b, program, ids, field: f)
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

    /// Whether term `id` (of the occurrences' numbering) occurs in `fields`, its places added to
    /// `hits`. The term's occurrences are one run of `occ.hits`, field by field, each field's
    /// in word order: the run is read off `Occurrences.groups`, then the fields asked for off it.
    /// (Occurrences are only found in fields the document has.)
    @inline(__always)
    func termHolds(_ id: Int, fields: FieldSet, hits: inout [HitPlace]) -> Bool {
        var found = false
        let run = occ.places(of: id)
        var k = run.lowerBound
        let end = run.upperBound
        while k < end {
            let o = occ.fieldOrdinal(at: k)
            var next = k + 1
            while next < end, occ.fieldOrdinal(at: next) == o { next += 1 }
            defer { k = next }
            guard fields.contains(ordinal: o) else { continue }
            found = true
            for j in k..<next {
                let w = occ.word(at: j)
                hits.append(HitPlace(field: o, words: w..<(w + 1)))
            }
        }
        return found
    }

    /// The first place from `j` on in `program.lists` (below `end`, the end of an operand list)
    /// whose operand is not a term that occurs nowhere; `end` when there is none. A few
    /// instructions an absent word: its id read straight from `ids.operands`, the arrays read
    /// without their bounds checks (an id is checked against the bits of `present` instead).
    @inline(__always)
    func nextOperand(from j: Int, before end: Int, _ ids: ProgramIDs) -> Int {
        ids.operands.withUnsafeBufferPointer { operands in
            occ.present.withUnsafeBufferPointer { present in
                let bits = present.count &* 64
                var j = j
                while j < end {
                    let id = operands[j]
                    if id >= 0 ? id < bits && present[id &>> 6] & (1 &<< UInt64(id & 63)) != 0 : id == -1 { return j }
                    j &+= 1
                }
                return end
            }
        }
    }

    /// Node `n` is a term that occurs nowhere, or a phrase one of whose words does: it does not
    /// hold and gives no hits. Most operands of a topic's long OR are such; this spares each a
    /// call of `holds` or `positions`.
    @inline(__always)
    func isAbsent(_ n: Int, _ program: RuleProgram, _ ids: ProgramIDs) -> Bool {
        switch program.nodes[n] {
        case let .term(t): return !occ.isPresent(ids[t])
        case let .phrase(list):
            for t in program.lists[list] where !occ.isPresent(ids[t]) { return true }
            return false
        default: return false
        }
    }

    /// Word ranges where node `n`, a term or phrase (or an OR of them), matches in one field.
    func positions(_ n: Int, _ program: RuleProgram, _ ids: ProgramIDs, field: Field) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        positions(n, program, ids, field: field, into: &ranges)
        return ranges
    }

    /// The same, appended to `ranges`. An OR of many words, most of which occur nowhere (the
    /// shipped rule's `NEAR` has forty a side), passes over the absent ones without a call and
    /// adds the others' ranges to one array: `flatMap` made an array an operand, and growing
    /// them was most of the shipped rule's time.
    func positions(_ n: Int, _ program: RuleProgram, _ ids: ProgramIDs, field: Field, into ranges: inout [Range<Int>]) {
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
            for o in program.lists[operands] where !isAbsent(o, program, ids) { positions(o, program, ids, field: field, into: &ranges) }
        case let .field(f, inner):
            if f == field { positions(inner, program, ids, field: field, into: &ranges) }
        default:
            return
        }
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
