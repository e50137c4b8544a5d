/// The ASCII keys of a `TermIndex` (exact words and prefixes), numbered 0, 1, 2… in the order
/// added, found again by their bytes: the table every word of every document is looked up in.
///
/// A word of news is short, so a key is hashed eight bytes at a time, by one load and one
/// multiply for a word of eight bytes or fewer, instead of a multiply a byte; and a word's
/// prefixes hash each on its own, not as steps of one chain, so that the processor can look
/// them up side by side. That needs eight bytes readable past the end of what is hashed: the
/// splitter's folded buffer keeps them (`Words`), and so does `bytes` here.
///
/// The table is kept at most a quarter full: most words looked up are no key, and the first slot
/// they land on is then most likely free, which ends the lookup at one load. Its slots are 32
/// bits, so that the table stays small beside the words being read (the bench's 1,093 keys:
/// 8,192 slots, 32 KB, where 64-bit slots took 64 KB): the load of a word's slot is where the
/// lookup loop waits most, in perf's samples.
///
/// `Vocabulary` is the same kind of table for the background and the seed score, with the same
/// hash: `hash` where eight bytes past the key are readable (a word in the splitter's buffer),
/// `safeHash`, which gives the same value, where they may not be (a String's UTF-8).
struct TermKeys: Sendable {
    /// Every key's bytes, one after the other, and eight zero bytes after the last; key `id` is
    /// `bytes[starts[id]..<starts[id + 1]]`.
    private var bytes: [UInt8] = Array(repeating: 0, count: 8)
    private var starts: [Int32] = [0]
    /// 0 when free, else `id + 1` in the low `idBits` bits and the rest of the high 32 bits of
    /// the key's hash above them (the tag: `~Lookup.idMask`). A quarter full, `id + 1` is at most a quarter of
    /// the slots: `idBits` is one less than the slots' own bits.
    private var slots: [UInt32] = Array(repeating: 0, count: 64)
    private var idBits: UInt32 { UInt32(slots.count.trailingZeroBitCount - 1) }

    var count: Int { starts.count - 1 }

    /// The hash of the `count` bytes at `p` (one or more), read eight at a time: whole blocks of
    /// eight, then the last one to eight bytes loaded as eight and masked, so up to seven bytes
    /// past the `count` must be readable. The last steps mix the high bits of the product into
    /// the low ones, which pick the slot: a product's low bits depend only on the low bits of
    /// what was multiplied, and without them keys that share their first five bytes (`deported`,
    /// `deporter`) would all start at one slot.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        let (h, k) = wholeBlocks(p, count: count)
        return finish(h, last: load(p + k) & (~UInt64(0) >> UInt64(truncatingIfNeeded: 64 &- 8 &* (count &- k))))
    }

    /// `hash` of the `count` bytes at `p` (none or more), without reading past them: the last
    /// block is gathered a byte at a time.
    static func safeHash(_ p: UnsafePointer<UInt8>?, count: Int) -> UInt64 {
        guard let p else { return finish(UInt64(truncatingIfNeeded: count) &* multiplier, last: 0) }
        let (h, k) = wholeBlocks(p, count: count)
        var last: UInt64 = 0
        for j in 0..<(count &- k) { last |= UInt64(p[k &+ j]) << UInt64(8 &* j) }
        return finish(h, last: last)
    }

    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The hash of the blocks of eight before the last one to eight bytes, and where that one starts.
    @inline(__always)
    private static func wholeBlocks(_ p: UnsafePointer<UInt8>, count: Int) -> (UInt64, Int) {
        var h = UInt64(truncatingIfNeeded: count) &* multiplier
        var k = 0
        while count &- k > 8 {
            h = (h ^ load(p + k)) &* multiplier
            h ^= h >> 29
            k &+= 8
        }
        return (h, k)
    }

    /// The last block mixed in, and the high bits into the low ones.
    @inline(__always)
    private static func finish(_ h: UInt64, last: UInt64) -> UInt64 {
        var h = (h ^ last) &* multiplier
        h ^= h >> 29
        h = h &* multiplier
        return h ^ (h >> 32)
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// The id of a key, added when new. `key` is ASCII and not empty.
    mutating func add(_ key: [UInt8]) -> Int {
        precondition(!key.isEmpty && key.allSatisfy { $0 < 0x80 }, "a term key is ASCII and not empty")
        let padded = key + [UInt8](repeating: 0, count: 8)
        let h = padded.withUnsafeBufferPointer { Self.hash($0.baseAddress!, count: key.count) }
        let found = withLookup { $0.id(padded, count: key.count, hash: h) }
        if found >= 0 { return found }
        let id = count
        precondition(id < 1 << 28, "more than 2^28 term keys")
        bytes.removeLast(8)
        bytes += key
        starts.append(Int32(bytes.count))
        bytes += [UInt8](repeating: 0, count: 8)
        if 4 * (id + 1) > slots.count { grow() } else { place(id, hash: h) }
        return id
    }

    /// Calls `body` with the table as pointers, for the loop that looks up every word.
    func withLookup<R>(_ body: (Lookup) -> R) -> R {
        slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBufferPointer { bytes in
                starts.withUnsafeBufferPointer { starts in
                    body(Lookup(slots: slots, idMask: (1 << idBits) - 1, bytes: bytes.baseAddress!, starts: starts))
                }
            }
        }
    }

    /// The table, borrowed (`withLookup`).
    struct Lookup {
        let slots: UnsafeBufferPointer<UInt32>
        /// The bits of a slot that hold `id + 1`; the others hold the hash's tag.
        let idMask: UInt32
        let bytes: UnsafePointer<UInt8>
        let starts: UnsafeBufferPointer<Int32>

        /// The id of the key of `count` bytes at `word`, whose `TermKeys.hash` is `hash`; -1 if
        /// there is none. Seven bytes past the `count` of `word` are readable.
        @inline(__always)
        func id(_ word: UnsafePointer<UInt8>, count: Int, hash: UInt64) -> Int {
            let tag = UInt32(truncatingIfNeeded: hash >> 32) & ~idMask
            let mask = slots.count &- 1
            var i = Int(truncatingIfNeeded: hash) & mask
            while true {
                let e = slots[i]
                if e == 0 { return -1 }
                if e & ~idMask == tag {
                    let id = Int(truncatingIfNeeded: e & idMask) &- 1
                    let start = Int(starts[id])
                    if Int(starts[id &+ 1]) &- start == count, Self.equal(bytes + start, word, count) { return id }
                }
                i = (i &+ 1) & mask
            }
        }

        func id(_ word: [UInt8], count: Int, hash: UInt64) -> Int {
            precondition(word.count >= count + 7, "a word looked up needs seven readable bytes past it")
            return word.withUnsafeBufferPointer { id($0.baseAddress!, count: count, hash: hash) }
        }

        /// The first `count` bytes of `a` and `b` are the same: eight at a time, the last eight
        /// or fewer masked (both have seven bytes readable past their `count`).
        @inline(__always)
        static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
            var k = 0
            while count &- k > 8 {
                if load(a + k) != load(b + k) { return false }
                k &+= 8
            }
            let mask = ~UInt64(0) >> UInt64(truncatingIfNeeded: 64 &- 8 &* (count &- k))
            return (load(a + k) ^ load(b + k)) & mask == 0
        }
    }

    private mutating func place(_ id: Int, hash: UInt64) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        let idMask: UInt32 = (1 << idBits) - 1
        slots[i] = UInt32(truncatingIfNeeded: hash >> 32) & ~idMask | UInt32(id + 1)
    }

    /// Twice the slots, every key placed again.
    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        for id in 0..<count {
            let h = bytes.withUnsafeBufferPointer { Self.hash($0.baseAddress! + Int(starts[id]), count: Int(starts[id + 1] - starts[id])) }
            place(id, hash: h)
        }
    }
}
