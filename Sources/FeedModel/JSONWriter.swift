/// A small, fast writer of JSON text (RFC 8259), keys in the order written.
///
/// Used for the command line's JSON output, where key order follows `interface.md` and speed
/// matters (every item of every feed): no intermediate dictionaries, no reflection.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    public init() { bytes.reserveCapacity(4096) }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func beginObject() { separator(); bytes.append(0x7B); needsComma.append(false) }
    public mutating func endObject() { bytes.append(0x7D); needsComma.removeLast() }
    public mutating func beginArray() { separator(); bytes.append(0x5B); needsComma.append(false) }
    public mutating func endArray() { bytes.append(0x5D); needsComma.removeLast() }

    /// Writes a key; the next value written belongs to it.
    public mutating func key(_ k: String) {
        separator()
        writeString(k)
        bytes.append(0x3A)
        needsComma[needsComma.count - 1] = false
    }

    public mutating func value(_ s: String) { separator(); writeString(s) }
    public mutating func value(_ b: Bool) { separator(); bytes.append(contentsOf: (b ? "true" : "false").utf8) }
    public mutating func value(_ n: Int64) { separator(); bytes.append(contentsOf: String(n).utf8) }
    public mutating func value(_ n: Int) { value(Int64(n)) }
    public mutating func value(_ d: Double) {
        separator()
        if d.isFinite { bytes.append(contentsOf: String(d).utf8) } else { bytes.append(contentsOf: "null".utf8) }
    }
    public mutating func null() { separator(); bytes.append(contentsOf: "null".utf8) }

    /// `key: value`, or nothing when the value is nil (unknown keys are left out).
    public mutating func field(_ k: String, _ v: String?) { if let v { key(k); value(v) } }
    public mutating func field(_ k: String, _ v: Int?) { if let v { key(k); value(v) } }
    public mutating func field(_ k: String, _ v: Int64?) { if let v { key(k); value(v) } }
    public mutating func field(_ k: String, _ v: Bool) { key(k); value(v) }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { bytes.append(0x2C) } else { needsComma[needsComma.count - 1] = true }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ s: String) {
        bytes.append(0x22)
        var s = s
        s.withUTF8 { utf8 in
            var runStart = 0
            for (k, b) in utf8.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C {
                if runStart < k { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<k])) }
                runStart = k + 1
                switch b {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
                case 0x0D: bytes.append(0x5C); bytes.append(0x72)
                case 0x09: bytes.append(0x5C); bytes.append(0x74)
                default:
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, JSONWriter.hex[Int(b >> 4)], JSONWriter.hex[Int(b & 0xF)]])
                }
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(0x22)
    }
}
