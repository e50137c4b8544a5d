/// The background's ASCII words with how many documents hold each: `Vocabulary` and a count a
/// word, in one table laid out for counting every term of every new item.
///
/// `Vocabulary` found a word through four arrays (its slot, the word's start, its bytes, then
/// `counts` and `lastAdd` to count it): on a table of a hundred thousand words each was a cache
/// miss. Here one slot holds all a count needs: the word's full 64-bit hash, its first 16 bytes
/// (zero-padded) and its length, its id, its count and the document that last counted it. A word
/// of 16 bytes or fewer is found, compared and counted reading that slot alone; a longer one
/// compares its tail in `bytes`. Ids are numbered in the order words were added, as before, and
/// equality is still on the bytes (the hash only skips compares), so no count can differ.
struct TermCounts: Sendable {
    struct Slot: Sendable {
        var hash: UInt64 = 0
        /// The word's first 16 bytes, zero-padded (`TermCounts.head`).
        var head0: UInt64 = 0
        var head1: UInt64 = 0
        /// `(id + 1) << 32 | length`; 0 when the slot is free.
        var idAndLength: UInt64 = 0
        var count: Int = 0
        /// The `add` serial that last counted the word: a word counts once a document.
        var lastAdd: Int = 0
    }

    private var slots: [Slot]
    /// Kept at most half full.
    private var used = 0
    /// Every word's bytes, one after the other; word `id` is `bytes[starts[id]..<starts[id + 1]]`,
    /// and its slot is `places[id]`.
    private var bytes: [UInt8] = []
    private var starts: [Int32] = [0]
    private var places: [Int32] = []

    init() { slots = Array(repeating: Slot(), count: 64) }

    var count: Int { starts.count - 1 }

    /// A word's first 16 bytes as two numbers, zero beyond its end.
    @inline(__always)
    static func head(_ word: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var a: UInt64 = 0
        var b: UInt64 = 0
        let n = word.count
        for k in 0..<min(n, 8) { a |= UInt64(word[k]) << UInt64(8 * k) }
        if n > 8 { for k in 8..<min(n, 16) { b |= UInt64(word[k]) << UInt64(8 * (k - 8)) } }
        return (a, b)
    }

    /// The slot holding a word, or the free slot where it would go.
    @inline(__always)
    private func find(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, head: (UInt64, UInt64)) -> (slot: Int, found: Bool) {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: hash) & mask
            while true {
                let s = slots[i]
                if s.idAndLength == 0 { return (i, false) }
                if s.hash == hash, s.head0 == head.0, s.head1 == head.1, Int(s.idAndLength & 0xFFFF_FFFF) == word.count,
                   word.count <= 16 || tailEqual(Int(s.idAndLength >> 32) - 1, word) {
                    return (i, true)
                }
                i = (i + 1) & mask
            }
        }
    }

    /// Whether word `id`'s bytes after the 16th are `word`'s (their lengths are equal).
    private func tailEqual(_ id: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[id])
        return bytes.withUnsafeBufferPointer { all in
            for k in 16..<word.count where all[start + k] != word[k] { return false }
            return true
        }
    }

    /// The id of a word, if it was added.
    @inline(__always)
    func id(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        let (slot, found) = find(word, hash: hash, head: Self.head(word))
        return found ? slots.withUnsafeBufferPointer { Int($0[slot].idAndLength >> 32) - 1 } : nil
    }

    func id(_ word: String) -> Int? {
        var word = word
        return word.withUTF8 { id($0, hash: Vocabulary.hash($0)) }
    }

    /// Counts a word for the document numbered `serial`, unless it was counted for it already.
    @inline(__always)
    mutating func add(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, serial: Int) {
        let head = Self.head(word)
        let (slot, found) = find(word, hash: hash, head: head)
        if found {
            slots.withUnsafeMutableBufferPointer { slots in
                if slots[slot].lastAdd != serial {
                    slots[slot].lastAdd = serial
                    slots[slot].count += 1
                }
            }
        } else {
            insert(word, hash: hash, head: head, at: slot, count: 1, serial: serial)
        }
    }

    /// Sets a word's count, adding the word when new.
    mutating func set(_ word: UnsafeBufferPointer<UInt8>, count n: Int) {
        let hash = Vocabulary.hash(word)
        let head = Self.head(word)
        let (slot, found) = find(word, hash: hash, head: head)
        if found { slots[slot].count = n } else { insert(word, hash: hash, head: head, at: slot, count: n, serial: 0) }
    }

    @inline(never)
    private mutating func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, head: (UInt64, UInt64), at slot: Int, count n: Int, serial: Int) {
        precondition(word.count < Int(UInt32.max) && count < Int(UInt32.max) - 1, "a background word or table too large")
        let id = count
        bytes.append(contentsOf: word)
        starts.append(Int32(bytes.count))
        places.append(Int32(slot))
        slots[slot] = Slot(hash: hash, head0: head.0, head1: head.1, idAndLength: UInt64(id + 1) << 32 | UInt64(word.count),
                           count: n, lastAdd: serial)
        used += 1
        if 2 * used > slots.count { grow() }
    }

    /// Twice the slots, every word placed again by its hash.
    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: old.count * 2)
        let mask = slots.count - 1
        for s in old where s.idAndLength != 0 {
            var i = Int(truncatingIfNeeded: s.hash) & mask
            while slots[i].idAndLength != 0 { i = (i + 1) & mask }
            slots[i] = s
            places[Int(s.idAndLength >> 32) - 1] = Int32(i)
        }
    }

    /// Word `id`'s count.
    func count(of id: Int) -> Int { slots[Int(places[id])].count }

    /// Every word's count, by id.
    var counts: [Int] { slots.withUnsafeBufferPointer { slots in places.map { slots[Int($0)].count } } }

    /// Word `id`'s bytes, without making a String.
    func withBytes<T>(_ id: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[Int(starts[id])..<Int(starts[id + 1])])) }
    }

    /// Word `id` as a String.
    func word(_ id: Int) -> String {
        String(decoding: bytes[Int(starts[id])..<Int(starts[id + 1])], as: UTF8.self)
    }
}
