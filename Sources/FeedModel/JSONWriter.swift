/// A small, fast writer of JSON text (RFC 8259), keys in the order written.
///
/// Used for the command line's JSON output, where key order follows `interface.md` and speed
/// matters (every item of every feed): no intermediate dictionaries, no reflection. The output
/// is written into memory the writer owns (noncopyable, so never shared), a byte at a time
/// without an Array's checks: `classify --json` writes 28 MB over the corpus.
public struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// Whether the value being written at this level needs a comma before it, and the same for
    /// the levels it is inside: one bit a level, the innermost in the lowest bit (`depth` levels).
    private var needsComma = false
    private var outerNeedsComma: UInt64 = 0
    private var depth = 0
    /// Levels deeper than 64 keep their bits here.
    private var deeper: [Bool] = []

    public init() { self.init(capacity: 4096) }

    /// A writer with room for `capacity` bytes of output before it grows.
    public init(capacity: Int) {
        self.capacity = max(capacity, 4096)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The output so far.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The output so far, without a copy.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    public var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if capacity - count < extra { grow(extra) }
    }

    @inline(never)
    private mutating func grow(_ extra: Int) {
        capacity = max(capacity * 2, count + extra)
        base = base.moved(count: count, toCapacity: capacity)
    }

    @inline(__always)
    private mutating func put(_ c: UInt8) {
        reserve(1)
        base[count] = c
        count += 1
    }

    @inline(__always)
    private mutating func put(_ b: UnsafeBufferPointer<UInt8>) {
        guard let from = b.baseAddress, b.count > 0 else { return }
        reserve(b.count)
        (base + count).initialize(from: from, count: b.count)
        count += b.count
    }

    private mutating func put(_ s: String) {
        var s = s
        s.withUTF8 { put($0) }
    }

    @inline(__always)
    private mutating func put(_ s: StaticString) {
        put(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    private mutating func open(_ c: UInt8) {
        separator()
        put(c)
        if depth >= 64 { deeper.append(outerNeedsComma >> 63 != 0) }
        outerNeedsComma = outerNeedsComma << 1 | (needsComma ? 1 : 0)
        depth += 1
        needsComma = false
    }

    private mutating func close(_ c: UInt8) {
        put(c)
        guard depth > 0 else { needsComma = true; return }
        needsComma = outerNeedsComma & 1 != 0
        outerNeedsComma >>= 1
        depth -= 1
        if depth >= 64 { outerNeedsComma |= (deeper.removeLast() ? 1 : 0) << 63 }
    }

    public mutating func beginObject() { open(0x7B) }
    public mutating func endObject() { close(0x7D) }
    public mutating func beginArray() { open(0x5B) }
    public mutating func endArray() { close(0x5D) }

    /// Writes a key; the next value written belongs to it. Keys are names in our code, written
    /// as they are: none has a byte JSON escapes.
    public mutating func key(_ k: StaticString) {
        separator()
        put(0x22)
        put(k)
        put(0x22)
        put(0x3A)
        needsComma = false
    }

    public mutating func value(_ s: String) { separator(); writeString(s) }
    /// A name of our code as a string, written as it is: like a key, none has a byte JSON escapes.
    public mutating func value(_ s: StaticString) {
        separator()
        put(0x22)
        put(s)
        put(0x22)
    }
    public mutating func value(_ b: Bool) { separator(); put(b ? "true" as StaticString : "false") }
    public mutating func value(_ n: Int64) { separator(); put(String(n)) }
    public mutating func value(_ n: Int) { value(Int64(n)) }
    public mutating func value(_ d: Double) {
        separator()
        rawNumber(d)
    }
    /// A number inside a value begun with `beginRawValue` (`null` when it is not finite).
    public mutating func rawNumber(_ d: Double) {
        if d.isFinite { put(String(d)) } else { put("null" as StaticString) }
    }
    public mutating func null() { separator(); put("null" as StaticString) }
    /// A value already written as JSON (one whole value, from another `JSONWriter`): for one
    /// written many times alike, encoded once.
    /// One value or several, written as JSON already (several with commas between): not empty.
    public mutating func values(json: ArraySlice<UInt8>) {
        precondition(!json.isEmpty, "no JSON value to write")
        separator()
        json.withUnsafeBufferPointer { put($0) }
    }

    /// A value the caller writes in pieces of JSON made beforehand (`raw`, `rawString`): the
    /// comma before it when one is due. The pieces must make one whole value.
    public mutating func beginRawValue() { separator() }

    /// JSON appended as it is, inside a value begun with `beginRawValue`.
    public mutating func raw(_ json: ArraySlice<UInt8>) { json.withUnsafeBufferPointer { put($0) } }
    public mutating func raw(_ json: StaticString) { put(json) }

    /// Text as UTF-8 (valid: a String's bytes, or a part of them cut at characters), as a JSON
    /// string, inside a value begun with `beginRawValue`.
    public mutating func rawString(utf8: UnsafeBufferPointer<UInt8>) { writeString(utf8: utf8) }
    public mutating func rawString(_ s: String) { writeString(s) }

    /// `key: value`, or nothing when the value is nil (unknown keys are left out).
    public mutating func field(_ k: StaticString, _ v: String?) { if let v { key(k); value(v) } }
    public mutating func field(_ k: StaticString, _ v: Int?) { if let v { key(k); value(v) } }
    public mutating func field(_ k: StaticString, _ v: Int64?) { if let v { key(k); value(v) } }
    public mutating func field(_ k: StaticString, _ v: Bool) { key(k); value(v) }

    /// `key: timestamp` as RFC 3339 text (the same as `Timestamp.rfc3339`), or nothing when nil;
    /// written straight into the output.
    mutating func field(_ k: StaticString, _ t: Timestamp?) {
        guard let t else { return }
        key(k)
        separator()
        let (y, m, d, hh, mm, ss) = t.civil
        put(0x22)
        if y < 0 || y > 9999 {
            put(y < 0 ? "-" + JSONWriter.pad4(-y) : JSONWriter.pad4(y))
        } else {
            put(0x30 + UInt8(truncatingIfNeeded: y / 1000)); put(0x30 + UInt8(truncatingIfNeeded: y / 100 % 10))
            put(0x30 + UInt8(truncatingIfNeeded: y / 10 % 10)); put(0x30 + UInt8(truncatingIfNeeded: y % 10))
        }
        appendTwo(0x2D, m); appendTwo(0x2D, d); appendTwo(0x54, hh); appendTwo(0x3A, mm); appendTwo(0x3A, ss)
        put(0x5A)
        put(0x22)
    }

    private static func pad4(_ v: Int) -> String {
        let s = String(v)
        return s.count >= 4 ? s : String(repeating: "0", count: 4 - s.count) + s
    }

    /// A separator byte, then a value of 0...99 in two digits (wider values as their digits).
    private mutating func appendTwo(_ sep: UInt8, _ v: Int) {
        put(sep)
        if v >= 0 && v < 100 {
            put(0x30 + UInt8(truncatingIfNeeded: v / 10)); put(0x30 + UInt8(truncatingIfNeeded: v % 10))
        } else {
            let s = String(v)
            if s.count < 2 { put(0x30) }
            put(s)
        }
    }

    private mutating func separator() {
        if needsComma { put(0x2C) } else { needsComma = true }
    }

    /// `s` as a JSON string. Text with something to escape (HTML is full of `"` and line breaks)
    /// is escaped into a scratch buffer and appended once: appending run by run and byte by byte
    /// cost more than the bytes. Between escapes the text is copied 16 bytes at a time, each block
    /// stored whole and kept up to its first byte to escape (the scratch has room for the overrun):
    /// a copy call a run cost more than the run, since sanitized HTML has a `"` every few words.
    private mutating func writeString(_ s: String) {
        var s = s
        s.withUTF8 { writeString(utf8: $0) }
    }

    private mutating func writeString(utf8: UnsafeBufferPointer<UInt8>) {
        put(0x22)
        defer { put(0x22) }
        guard let base = utf8.baseAddress else { return }
        let n = utf8.count
        let first = JSONWriter.nextEscape(base, 0, n)
        guard first < n else { put(utf8); return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 6 * n + 16) { scratch in
            let out = scratch.baseAddress!
            out.initialize(from: base, count: first)
            var o = first
            var i = first
            let raw = UnsafeRawPointer(base)
            let outRaw = UnsafeMutableRawPointer(out)
            while i < n {
                let b = base[i]
                if b < 0x20 || b == 0x22 || b == 0x5C {
                    o += JSONWriter.writeEscape(b, to: out + o)
                    i += 1
                    continue
                }
                guard n - i >= 16 else {
                    out[o] = b
                    o += 1
                    i += 1
                    continue
                }
                let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                outRaw.storeBytes(of: v, toByteOffset: o, as: SIMD16<UInt8>.self)
                let k = JSONWriter.firstEscape(v)
                i += k
                o += k
            }
            put(UnsafeBufferPointer(start: out, count: o))
        }
    }

    /// The escape of one byte JSON escapes, written at `out`; its length.
    @inline(__always)
    private static func writeEscape(_ b: UInt8, to out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = 0x5C
        switch b {
        case 0x22: out[1] = 0x22; return 2
        case 0x5C: out[1] = 0x5C; return 2
        case 0x0A: out[1] = 0x6E; return 2
        case 0x0D: out[1] = 0x72; return 2
        case 0x09: out[1] = 0x74; return 2
        default:
            out[1] = 0x75; out[2] = 0x30; out[3] = 0x30
            out[4] = hexDigit(b >> 4); out[5] = hexDigit(b & 0xF)
            return 6
        }
    }

    /// The place in a block of 16 bytes of its first byte to escape, or 16.
    @inline(__always)
    private static func firstEscape(_ v: SIMD16<UInt8>) -> Int {
        let top = SIMD16<UInt8>(repeating: 0xE0), zero = SIMD16<UInt8>(repeating: 0)
        let quote = SIMD16<UInt8>(repeating: 0x22), backslash = SIMD16<UInt8>(repeating: 0x5C)
        // Each lane of the mask is 0x00 or 0xFF: a word's trailing zero bits over 8 count lanes.
        let w = unsafeBitCast(((v & top) .== zero) .| (v .== quote) .| (v .== backslash), to: SIMD2<UInt64>.self)
        if w[0] != 0 { return w[0].trailingZeroBitCount >> 3 }
        if w[1] != 0 { return 8 + w[1].trailingZeroBitCount >> 3 }
        return 16
    }

    @inline(__always)
    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }

    /// The first index at or after `from` of a byte JSON escapes (a control, '"' or '\\'), or `n`.
    @inline(__always)
    private static func nextEscape(_ p: UnsafePointer<UInt8>, _ from: Int, _ n: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let high: UInt64 = 0x8080_8080_8080_8080
        let raw = UnsafeRawPointer(p)
        var i = from
        // Blocks of 16 bytes with nothing to escape are skipped with SSE2 compares (`SIMD16`, the
        // mask tested as two words: `any()` is not always inlined); the first that has one is
        // searched eight bytes at a time, for the exact index.
        let top = SIMD16<UInt8>(repeating: 0xE0), zero = SIMD16<UInt8>(repeating: 0)
        let quote = SIMD16<UInt8>(repeating: 0x22), backslash = SIMD16<UInt8>(repeating: 0x5C)
        while n - i >= 16 {
            let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let w = unsafeBitCast(((v & top) .== zero) .| (v .== quote) .| (v .== backslash), to: SIMD2<UInt64>.self)
            if w[0] | w[1] != 0 { break }
            i += 16
        }
        while i + 8 <= n {
            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let below = ~(((x & low7) &+ 0x6060_6060_6060_6060) | x)  // bytes < 0x20, exactly
            let q = x ^ 0x2222_2222_2222_2222
            let b = x ^ 0x5C5C_5C5C_5C5C_5C5C
            // Zero-byte flags are exact below the first zero byte, which is all we read.
            let m = (below | ((q &- ones) & ~q) | ((b &- ones) & ~b)) & high
            if m != 0 { return i + m.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < n {
            let c = p[i]
            if c < 0x20 || c == 0x22 || c == 0x5C { return i }
            i += 1
        }
        return n
    }
}
