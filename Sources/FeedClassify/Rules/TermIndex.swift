/// Every term of a set of rules, indexed so that a document's words are looked up once each,
/// instead of every term scanning every word: exact terms by their folded word, prefix terms by
/// each of a word's own prefixes (words are short, so a handful of lookups).
///
/// Terms are numbered (`ids`): occurrences name terms by number, and compiled rules
/// (`RuleProgram`) map their terms to these numbers once. ASCII words, nearly all of them, are
/// looked up by their bytes in `TermKeys`; other words by String, as Swift compares them.
public struct TermIndex: Sendable {
    /// Every distinct term; a term's id is its place here.
    let terms: [Term]
    let ids: [Term: Int]
    /// `terms[id].capitalsOnly`, read for every word found (a `Term` copied would retain its Strings).
    let capitalsOnly: [Bool]
    /// The fields some rule can look in: words elsewhere are not looked up.
    let fields: [Field]

    /// ASCII exact words and prefixes, with the ids of the terms each key is for.
    var keys = TermKeys()
    var exactTerms: [Range<Int32>] = []
    var prefixTerms: [Range<Int32>] = []
    /// The lengths in bytes of the ASCII prefixes, ascending.
    var prefixLengths: [Int] = []

    /// Other words: by String, with Swift's comparison (canonical equivalence).
    var exact: [String: Range<Int32>] = [:]
    var prefixes: [String: Range<Int32>] = [:]
    var longestPrefix = 0
    /// Some term's folded word is not all ASCII.
    var hasNonASCIITerms = false
    /// The length in bytes of the shortest ASCII term, exact or prefix: a shorter ASCII word
    /// (`a`, `of`, `the`: a third of the words of English news) is none of them and starts with
    /// none of them, and is not looked up.
    var shortestASCII = Int.max
    /// The start filter. The first bytes (four at most) and the length of every exact ASCII
    /// term, and of every prefix term of three bytes as a word of three, hashed to one bit of
    /// `startBits` each (`startBit(_:length:)`); the first four bytes of every ASCII prefix term
    /// of three bytes or more, to one bit of `prefixStartBits` (a prefix of three bytes sets the
    /// bits of its three bytes and every fourth byte), for words of four bytes or more. An ASCII
    /// word that sets neither bit is no exact term and starts with no prefix term, and is not
    /// looked up: more than half of the words of news for a thousand terms of common words, and
    /// half of the rest by their length (`things` is not looked up for `thinking`). Unused
    /// (`startsFilter` false) when a prefix is shorter than three bytes. A word that sets a bit
    /// of `prefixStartBits` has its prefixes looked up too (each a hash and a probe); another,
    /// only itself (a word of fewer than four bytes, and every word when the filter is off, has
    /// its prefixes looked up whatever `prefixStartBits` says).
    var startBits = [UInt64](repeating: 0, count: TermIndex.startWords)
    var startsFilter = true
    var prefixStartBits = [UInt64](repeating: 0, count: TermIndex.startWords)
    static let startWords = 1024

    /// Every key's term ids, one list after another: a key is for `termLists[range]`. One array,
    /// not an array a key, so that a word found reads on in memory it likely has at hand.
    var termLists: [Int32] = []

    public init(rules: [Rule]) {
        var seen = Set<Term>()
        var list: [Term] = []
        var fields = Set(Field.defaults)
        for rule in rules { Self.collect(rule, into: &list, seen: &seen, fields: &fields) }
        terms = list
        ids = Dictionary(uniqueKeysWithValues: list.enumerated().map { ($1, $0) })
        capitalsOnly = list.map(\.capitalsOnly)
        self.fields = Field.allCases.filter(fields.contains)
        var exact: [String: [Int32]] = [:]
        var prefixes: [String: [Int32]] = [:]
        var exactTerms: [[Int32]] = []
        var prefixTerms: [[Int32]] = []
        var lengths = Set<Int>()
        for (id, t) in list.enumerated() {
            let id = Int32(id)
            if t.isPrefix {
                prefixes[t.folded, default: []].append(id)
                longestPrefix = max(longestPrefix, t.folded.count)
            } else {
                exact[t.folded, default: []].append(id)
            }
            guard t.folded.utf8.allSatisfy({ $0 < 0x80 }), !t.folded.isEmpty else { hasNonASCIITerms = true; continue }
            let bytes = Array(t.folded.utf8)
            let key = keys.add(bytes)
            shortestASCII = min(shortestASCII, bytes.count)
            let first = bytes.prefix(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << UInt32(8 * $1.offset) }
            if !t.isPrefix || bytes.count == 3 { Self.set(Self.startBit(first, length: bytes.count), in: &startBits) }
            if t.isPrefix, bytes.count >= 4 { Self.set(Self.startBit(first), in: &prefixStartBits) }
            // Any fourth byte: a prefix of three starts words of four bytes or more whatever follows.
            if t.isPrefix, bytes.count == 3 {
                for b in UInt32(0)..<0x80 { Self.set(Self.startBit(first | b << 24), in: &prefixStartBits) }
            }
            if t.isPrefix, bytes.count < 3 { startsFilter = false }
            if key == exactTerms.count { exactTerms.append([]); prefixTerms.append([]) }
            if t.isPrefix {
                prefixTerms[key].append(id)
                lengths.insert(t.folded.utf8.count)
            } else {
                exactTerms[key].append(id)
            }
        }
        prefixLengths = lengths.sorted()
        var lists: [Int32] = []
        func range(_ ids: [Int32]) -> Range<Int32> {
            lists += ids
            return Int32(lists.count - ids.count)..<Int32(lists.count)
        }
        self.exactTerms = exactTerms.map(range)
        self.prefixTerms = prefixTerms.map(range)
        self.exact = exact.mapValues(range)
        self.prefixes = prefixes.mapValues(range)
        termLists = lists
    }

    /// The bit of `prefixStartBits` for a word's first four bytes, `x` (the first in the low
    /// byte); and the mix `startBit(_:length:)` ends with.
    @inline(__always)
    static func startBit(_ x: UInt32) -> Int {
        Int(truncatingIfNeeded: (x &* 0x9E37_79B1) >> 16)
    }

    /// The bit of `startBits` for a word's first bytes, `x` (four at most, zeroes after a shorter
    /// word's), and its length in bytes.
    @inline(__always)
    static func startBit(_ x: UInt32, length: Int) -> Int {
        startBit(x ^ UInt32(truncatingIfNeeded: length) &* 0x2545_F491)
    }

    private static func set(_ bit: Int, in bits: inout [UInt64]) {
        bits[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    /// Each distinct term in the order met, and the fields named by `field:`.
    static func collect(_ rule: Rule, into terms: inout [Term], seen: inout Set<Term>, fields: inout Set<Field>) {
        switch rule {
        case let .term(t): if seen.insert(t).inserted { terms.append(t) }
        case let .phrase(ts): for t in ts where seen.insert(t).inserted { terms.append(t) }
        case let .and(a, b), let .or(a, b), let .near(a, b, _):
            collect(a, into: &terms, seen: &seen, fields: &fields)
            collect(b, into: &terms, seen: &seen, fields: &fields)
        case let .not(r): collect(r, into: &terms, seen: &seen, fields: &fields)
        case let .field(f, r): fields.insert(f); collect(r, into: &terms, seen: &seen, fields: &fields)
        case .regex: break
        }
    }

    /// Where each term occurs in each field of the document (word indexes, ascending).
    ///
    /// The loop reads every table through pointers (`Tables`): it runs once a word of every
    /// document, and an array of a struct read in it is checked and retained at each read.
    public func occurrences(_ doc: Document) -> Occurrences {
        var hits = GrowingList<UInt64>(capacity: 64)
        defer { hits.deallocate() }
        withTables { tables in
            for field in fields {
                guard let words = doc[field], words.count > 0 else { continue }
                // A capitals-only term matches only a word in capitals, and never in a shouting field.
                let capitalsCount = !words.shouts
                words.withBuffers { folded, spans in
                    guard let base = folded.baseAddress else { return }  // no words, no bytes
                    // Two passes. The first keeps the words that may be terms, without a branch
                    // on any word's bytes: whether a word passes the start filter is as good as
                    // random, and as a branch it was mispredicted about once a word (cachegrind),
                    // which cost this loop as much time as its instructions. The second looks
                    // the words kept up.
                    withUnsafeTemporaryAllocation(of: Int32.self, capacity: spans.count) { kept in
                        let keptCount = startsFilter ? candidates(spans, base, tables, into: kept) : allCandidates(spans, into: kept)
                        for k in 0..<keptCount {
                            let i = Int(kept[k])
                            let span = spans[i]
                            let inCapitals = span.capitals && capitalsCount
                            if span.ascii {
                                let count = Int(span.end &- span.start)
                                // Shorter than every term: let through when the filter is off, or by a
                                // collision of its bit (the empty words between parts among them).
                                guard count >= shortestASCII else { continue }
                                let word = base + Int(span.start)
                                var prefixes = true
                                if startsFilter, count >= 4 {
                                    let x = UInt32(littleEndian: UnsafeRawPointer(word).loadUnaligned(as: UInt32.self))
                                    let bit = Self.startBit(x)
                                    prefixes = tables.prefixStartBits[bit >> 6] & (1 << UInt64(bit & 63)) != 0
                                }
                                tables.lookUp(word, count: count, prefixes: prefixes, field, i, inCapitals, &hits)
                            } else if hasNonASCIITerms || base[Int(span.start)] < 0x80 {
                                lookUp(words.foldedString(i)) { ids in tables.found(ids, field, i, inCapitals, &hits) }
                            }
                            // Else the word starts with a character that is not ASCII, and every term
                            // is ASCII: neither it nor a prefix of it can be a term (see `Vocabulary`
                            // on why ASCII and other folded words are never equal), and making it
                            // a String to look it up by Swift's comparison would cost more than
                            // all its ASCII neighbours.
                        }
                    }
                }
            }
        }
        return Occurrences(visited: UnsafeBufferPointer(hits.buffer), termCount: terms.count, ids: ids)
    }

    /// The places of the words that may be terms, into `kept`; how many. An ASCII word is left
    /// out when it sets no bit of the start filter: `startBits` by its first bytes (four at most)
    /// and its length, `prefixStartBits` by its first four when it has four. A word that is not
    /// ASCII is kept (the second pass decides). Reckoned without branches: flags as numbers, each
    /// word's place written and the count moved on by its flag.
    /// Four bytes are readable at every word: the text or other words follow it in the folded
    /// buffer, and eight bytes of padding follow its last byte.
    @inline(__always)
    private func candidates(_ spans: UnsafeBufferPointer<Words.Span>, _ base: UnsafePointer<UInt8>, _ tables: Tables,
                            into kept: UnsafeMutableBufferPointer<Int32>) -> Int {
        var n = 0
        for i in 0..<spans.count {
            let span = spans[i]
            let count = Int(span.end &- span.start)
            let x = UInt32(littleEndian: UnsafeRawPointer(base + Int(span.start)).loadUnaligned(as: UInt32.self))
            let firstCount = min(count, 4)
            let hasFour = UInt64(truncatingIfNeeded: firstCount &>> 2)  // 1 for a word of four bytes or more
            let first = x & UInt32(truncatingIfNeeded: (UInt64(1) &<< UInt64(8 &* firstCount)) &- 1)
            let exact = Self.startBit(first, length: count), prefix = Self.startBit(x)
            let exactBit = tables.startBits[exact &>> 6] &>> UInt64(exact & 63)
            let prefixBit = tables.prefixStartBits[prefix &>> 6] &>> UInt64(prefix & 63) & hasFour
            let ascii = span.ascii ? 1 : 0
            let keep = Int(truncatingIfNeeded: exactBit | prefixBit) & ascii | (1 &- ascii)
            kept[n] = Int32(truncatingIfNeeded: i)
            n &+= keep
        }
        return n
    }

    /// Every word's place, into `kept` (the start filter is off); how many.
    private func allCandidates(_ spans: UnsafeBufferPointer<Words.Span>, into kept: UnsafeMutableBufferPointer<Int32>) -> Int {
        for i in 0..<spans.count { kept[i] = Int32(truncatingIfNeeded: i) }
        return spans.count
    }

    /// The index's arrays as pointers, for `occurrences`.
    struct Tables {
        let keys: TermKeys.Lookup
        let exactTerms: UnsafeBufferPointer<Range<Int32>>
        let prefixTerms: UnsafeBufferPointer<Range<Int32>>
        let prefixLengths: UnsafeBufferPointer<Int>
        let termLists: UnsafeBufferPointer<Int32>
        let capitalsOnly: UnsafeBufferPointer<Bool>
        let startBits: UnsafeBufferPointer<UInt64>
        let prefixStartBits: UnsafeBufferPointer<UInt64>

        /// An ASCII word (eight bytes readable past it, see `TermKeys`), word `i` of `field`: its
        /// prefixes of the lengths some prefix term has (unless `prefixes` is false), then the
        /// whole word, each hashed on its own; the occurrences of the terms found added to `hits`.
        @inline(__always)
        func lookUp(_ word: UnsafePointer<UInt8>, count: Int, prefixes: Bool, _ field: Field, _ i: Int, _ inCapitals: Bool,
                    _ hits: inout GrowingList<UInt64>) {
            if prefixes {
                for length in prefixLengths {
                    guard length <= count else { break }
                    let key = keys.id(word, count: length, hash: TermKeys.hash(word, count: length))
                    if key >= 0 { found(prefixTerms[key], field, i, inCapitals, &hits) }
                }
            }
            let key = keys.id(word, count: count, hash: TermKeys.hash(word, count: count))
            if key >= 0 { found(exactTerms[key], field, i, inCapitals, &hits) }
        }

        /// Adds the occurrences of the terms `termLists[ids]` at word `i` of `field`.
        @inline(__always)
        func found(_ ids: Range<Int32>, _ field: Field, _ i: Int, _ inCapitals: Bool, _ hits: inout GrowingList<UInt64>) {
            for k in ids {
                let t = Int(termLists[Int(k)])
                if inCapitals || !capitalsOnly[t] { hits.append(Occurrences.key(t, field, i)) }
            }
        }
    }

    func withTables<R>(_ body: (Tables) -> R) -> R {
        keys.withLookup { keys in
            exactTerms.withUnsafeBufferPointer { exactTerms in
                prefixTerms.withUnsafeBufferPointer { prefixTerms in
                    prefixLengths.withUnsafeBufferPointer { prefixLengths in
                        termLists.withUnsafeBufferPointer { termLists in
                            capitalsOnly.withUnsafeBufferPointer { capitalsOnly in
                                startBits.withUnsafeBufferPointer { startBits in
                                    prefixStartBits.withUnsafeBufferPointer { prefixStartBits in
                                        body(Tables(keys: keys, exactTerms: exactTerms, prefixTerms: prefixTerms, prefixLengths: prefixLengths,
                                                    termLists: termLists, capitalsOnly: capitalsOnly, startBits: startBits,
                                                    prefixStartBits: prefixStartBits))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Any other word, by String: its prefixes of 1 to `longestPrefix` characters, then the word.
    func lookUp(_ word: String, _ found: (Range<Int32>) -> Void) {
        if longestPrefix > 0 {
            var prefix = ""
            for ch in word.prefix(longestPrefix) {
                prefix.append(ch)
                if let ids = prefixes[prefix] { found(ids) }
            }
        }
        if let ids = exact[word] { found(ids) }
    }
}

/// A document's term occurrences, per field, with terms named by their `TermIndex` id.
public struct Occurrences: Sendable {
    /// Every occurrence as `key(term, field, word)`, ascending: a term's, field by field, in order.
    let hits: [UInt64]
    /// One bit a term: whether it occurs anywhere.
    let present: [UInt64]
    /// Where each term's run of `hits` is, found without a search: first, for each word of
    /// `present`, how many terms occur in the words before it (so that a term's rank among the
    /// terms that occur is that and a bit count); then the start of the rank-th term's run, for
    /// each rank, the end of the last, and one place more (the count's room, left holding it).
    private let groups: [Int32]
    /// The index's term ids, for rules compiled elsewhere.
    let ids: [Term: Int]

    /// `visited`: the occurrences in the order the words were read, field by field and word by
    /// word, which puts each term's own in ascending order. They are grouped by term with a
    /// counting sort over the terms that occur: ascending, as a sort would leave them, without
    /// its comparisons (which cost the classifier a twentieth of its time, mispredicted).
    init(visited: UnsafeBufferPointer<UInt64>, termCount: Int, ids: [Term: Int]) {
        // One word at least: an index with no term (topics of seeds or regexes alone) has its
        // `present` all the same, and the pointers below are never to an empty array's storage.
        let words = max((termCount + 63) / 64, 1)
        var present = [UInt64](repeating: 0, count: words)
        var hits: [UInt64] = []
        let groups = present.withUnsafeMutableBufferPointer { present in
            for h in visited {
                let t = Int(truncatingIfNeeded: h >> 35)
                // Every place written below is reckoned from the terms' bits: a term past the
                // index's count would write past them.
                precondition(t < termCount, "an occurrence of a term the index does not have")
                present[t &>> 6] |= 1 &<< UInt64(t & 63)
            }
            var occurring = 0
            for w in present { occurring &+= w.nonzeroBitCount }
            return [Int32](unsafeUninitializedCapacity: words + occurring + 2) { g, initialized in
                var before = 0
                for w in 0..<words {
                    g[w] = Int32(truncatingIfNeeded: before)
                    before &+= present[w].nonzeroBitCount
                }
                // Each rank's count two places on: after the sums, place r + 1 holds rank r's
                // start; after the hits are placed, which moves it on, place r holds it.
                let runs = g.baseAddress! + words
                runs.initialize(repeating: 0, count: occurring + 2)
                let bits = UnsafePointer(present.baseAddress!), ranks = UnsafePointer(g.baseAddress!)
                for h in visited {
                    let r = Self.rank(Int(truncatingIfNeeded: h >> 35), bits, ranks)
                    assert(r < occurring, "a term's rank is below the count of the terms that occur")
                    runs[r &+ 2] &+= 1
                }
                for r in 0..<occurring { runs[r &+ 2] &+= runs[r &+ 1] }
                hits = [UInt64](unsafeUninitializedCapacity: visited.count) { out, placed in
                    for h in visited {
                        let r = Self.rank(Int(truncatingIfNeeded: h >> 35), bits, ranks) &+ 1
                        out[Int(truncatingIfNeeded: runs[r])] = h
                        runs[r] &+= 1
                    }
                    placed = visited.count
                }
                initialized = words + occurring + 2
            }
        }
        self.hits = hits
        self.present = present
        self.groups = groups
        self.ids = ids
    }

    /// How many of the terms below `term` occur: the count before its word of `present`, and
    /// the bits below it in that word.
    @inline(__always)
    private static func rank(_ term: Int, _ present: UnsafePointer<UInt64>, _ before: UnsafePointer<Int32>) -> Int {
        let w = term &>> 6
        return Int(truncatingIfNeeded: before[w]) &+ (present[w] & ((1 &<< UInt64(term & 63)) &- 1)).nonzeroBitCount
    }

    /// Term, field and word index in one sortable number: 29, 3 and 32 bits.
    @inline(__always)
    static func key(_ term: Int, _ field: Field, _ word: Int) -> UInt64 {
        UInt64(term) << 35 | UInt64(field.ordinal) << 32 | UInt64(word)
    }

    @inline(__always)
    func isPresent(_ term: Int) -> Bool {
        term >= 0 && present[term >> 6] & (1 << UInt64(term & 63)) != 0
    }

    /// Calls `body` with each term that occurs, once, in ascending order.
    func forEachPresentTerm(_ body: (Int) -> Void) {
        var last = -1
        for h in hits {
            let t = Int(h >> 35)
            if t != last { body(t); last = t }
        }
    }

    /// The places in `hits` of a term's occurrences in one field; the word index of each is
    /// `word(at:)`.
    func positions(_ term: Int, in field: Field) -> Range<Int> {
        let run = places(of: term)
        guard !run.isEmpty else { return run }
        let low = Self.key(term, field, 0)
        return lowerBound(low, in: run)..<lowerBound(low + (1 << 32), in: run)
    }

    @inline(__always)
    func word(at k: Int) -> Int { Int(hits[k] & 0xFFFF_FFFF) }

    /// The `Field.ordinal` of the occurrence at place `k` of `hits`.
    @inline(__always)
    func fieldOrdinal(at k: Int) -> Int { Int(hits[k] >> 32 & 7) }

    /// The places in `hits` of a term's occurrences in every field: field by field, each in word
    /// order. Read off `groups`, without a search.
    func places(of term: Int) -> Range<Int> {
        guard isPresent(term) else { return 0..<0 }
        return groups.withUnsafeBufferPointer { g in
            present.withUnsafeBufferPointer { present in
                let r = present.count &+ Self.rank(term, present.baseAddress!, g.baseAddress!)
                return Int(truncatingIfNeeded: g[r])..<Int(truncatingIfNeeded: g[r &+ 1])
            }
        }
    }

    /// Whether a term occurs at a word of a field.
    func occurs(_ term: Int, in field: Field, at word: Int) -> Bool {
        guard word >= 0 else { return false }
        let run = places(of: term)
        let key = Self.key(term, field, word)
        let k = lowerBound(key, in: run)
        return k < run.upperBound && hits[k] == key
    }

    /// The first place of `run` in `hits` not below `key`.
    private func lowerBound(_ key: UInt64, in run: Range<Int>) -> Int {
        var lo = run.lowerBound
        var hi = run.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if hits[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
