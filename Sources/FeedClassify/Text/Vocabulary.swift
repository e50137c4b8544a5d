/// Words numbered 0, 1, 2… in the order they were added, found again by their folded bytes.
///
/// A Dictionary keyed by String would need a String a word and a SipHash of it; this is an open
/// addressing table over the bytes with `TermKeys`' hash (eight bytes at a time), which is what
/// makes one lookup a word cheap.
///
/// Only for ASCII words (`Words.Span.ascii`): Swift compares Strings by canonical equivalence, so
/// two different byte sequences can be one String. For ASCII that cannot happen, and no folded
/// word with other characters is equivalent to an ASCII one (folding already maps the
/// characters that are, like the Kelvin sign, to ASCII), so ASCII words can be told apart by their
/// bytes and other words keep String keys where they are stored.
struct Vocabulary: Sendable {
    /// Every word's bytes, one after the other; word `id` is `bytes[starts[id]..<starts[id + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int32] = [0]
    /// Open addressing: 0 when free, else the high 32 bits of a word's hash and `id + 1`, so that
    /// a word that is not there is told apart in the slot itself (most words looked up in a term
    /// index are not there). A word's first slot is given by the low bits of its hash.
    /// Kept at most half full.
    private var slots: [UInt64]

    /// Room for `capacity` words before the table grows.
    init(capacity: Int = 32) {
        var n = 64
        while n < 2 * capacity { n *= 2 }
        slots = Array(repeating: 0, count: n)
        // Room for that many words of news (most are under eight bytes), so that adding them
        // does not grow the arrays again and again.
        bytes.reserveCapacity(8 * capacity)
        starts.reserveCapacity(capacity + 1)
    }

    var count: Int { starts.count - 1 }

    /// `TermKeys.hash` of a word, without reading past it (`TermKeys.safeHash`). A word in a
    /// buffer with eight bytes readable after it, as the splitter's are, can be hashed by
    /// `TermKeys.hash`, which gives the same value in fewer steps.
    @inline(__always)
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        TermKeys.safeHash(word.baseAddress, count: word.count)
    }

    /// The id of a word, if it was added.
    @inline(__always)
    func id(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        let tag = hash >> 32
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let e = slots[i]
            if e == 0 { return nil }
            if e >> 32 == tag, equal(Int(e & 0xFFFF_FFFF) - 1, word) { return Int(e & 0xFFFF_FFFF) - 1 }
            i = (i + 1) & mask
        }
    }

    func id(_ word: UnsafeBufferPointer<UInt8>) -> Int? { id(word, hash: Self.hash(word)) }

    func id(_ word: String) -> Int? {
        var word = word
        return word.withUTF8 { id($0) }
    }

    /// Calls `body` with the table as pointers, for a loop that looks up many words: `id(_:hash:)`
    /// reads two arrays of a struct per call, which Swift checks and retains each time.
    func withLookup<R>(_ body: (Lookup) -> R) -> R {
        slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBufferPointer { bytes in
                starts.withUnsafeBufferPointer { starts in
                    body(Lookup(slots: slots, bytes: bytes, starts: starts))
                }
            }
        }
    }

    /// The table, borrowed (`withLookup`): `id(_:count:hash:)` is `Vocabulary.id(_:hash:)`.
    struct Lookup {
        let slots: UnsafeBufferPointer<UInt64>
        let bytes: UnsafeBufferPointer<UInt8>
        let starts: UnsafeBufferPointer<Int32>

        /// The id of the word of `count` bytes at `word`, whose `Vocabulary.hash` is `hash`; -1 if absent.
        @inline(__always)
        func id(_ word: UnsafePointer<UInt8>, count: Int, hash: UInt64) -> Int {
            let tag = hash >> 32
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: hash) & mask
            while true {
                let e = slots[i]
                if e == 0 { return -1 }
                if e >> 32 == tag {
                    let id = Int(e & 0xFFFF_FFFF) - 1
                    let start = Int(starts[id])
                    if Int(starts[id + 1]) - start == count, Self.equal(bytes.baseAddress! + start, word, count) { return id }
                }
                i = (i + 1) & mask
            }
        }

        /// Words are short: a loop costs less than a call to `memcmp`.
        @inline(__always)
        static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
            for k in 0..<count where a[k] != b[k] { return false }
            return true
        }
    }

    /// The id of a word, added when new.
    mutating func add(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        if let id = id(word, hash: hash) { return id }
        let id = count
        // Not `append(contentsOf:)`, whose generic path cost more than the lookup before it.
        for b in word { bytes.append(b) }
        starts.append(Int32(bytes.count))
        if 2 * (id + 1) > slots.count { grow() } else { place(id, hash: hash) }
        return id
    }

    mutating func add(_ word: String) -> Int {
        var word = word
        return word.withUTF8 { add($0, hash: Self.hash($0)) }
    }

    /// Word `id`'s bytes, without making a String.
    func withBytes<T>(_ id: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[Int(starts[id])..<Int(starts[id + 1])])) }
    }

    /// Word `id` as a String.
    func word(_ id: Int) -> String {
        String(decoding: bytes[Int(starts[id])..<Int(starts[id + 1])], as: UTF8.self)
    }

    private func equal(_ id: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[id])
        guard Int(starts[id + 1]) - start == word.count else { return false }
        return bytes.withUnsafeBufferPointer { all in
            for k in 0..<word.count where all[start + k] != word[k] { return false }
            return true
        }
    }

    private mutating func place(_ id: Int, hash: UInt64) {
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: hash) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = (hash >> 32) << 32 | UInt64(id + 1)
        }
    }

    /// Twice the slots, every word placed again (hashed again from its bytes).
    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        for id in 0..<count {
            let h = bytes.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[Int(starts[id])..<Int(starts[id + 1])])) }
            place(id, hash: h)
        }
    }
}
