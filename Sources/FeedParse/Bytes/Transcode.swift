#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decoding bytes in a named charset into UTF-8.
///
/// UTF-8 is validated in Swift; windows-1252 and iso-8859-1 go through our own tables (they are the
/// fallbacks and must never fail); everything else goes through the C library's iconv(3), which on
/// glibc knows every legacy charset feeds use (gb18030, shift_jis, euc-jp, big5, koi8-r, …).
enum Transcode {
    /// The UTF-8 bytes of `bytes` read as `charset` (a canonical name from `Charset.canonical`),
    /// or nil when the bytes are not valid in that charset or the charset is unknown.
    static func toUTF8(_ bytes: ArraySlice<UInt8>, from charset: String) -> [UInt8]? {
        switch charset {
        case "utf-8", "us-ascii":
            return isValidUTF8(bytes) ? Array(bytes) : nil
        case "windows-1252":
            return windows1252(bytes)
        case "iso-8859-1":
            return latin1(bytes)
        default:
            return iconvDecode(bytes, from: Charset.iconvName(charset))
        }
    }

    /// Validation in place, without building a String.
    static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer(isValidUTF8)
    }

    /// Whether `buf` is well-formed UTF-8: ASCII 32 bytes at a time, which makes it several times
    /// faster on feed text than the standard library's check behind `String(decoding:)` and
    /// `UTF8Span(validating:)` (about 10 instructions a byte in callgrind).
    static func isValidUTF8(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = buf.baseAddress else { return true }
        let n = buf.count
        let raw = UnsafeRawPointer(p)
        var i = 0
        while i < n {
            // ASCII, 32 bytes at a time (four words OR'd: one test), then eight at a time.
            while i + 32 <= n {
                let a = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                let b = raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
                guard (a | b) & 0x8080_8080_8080_8080 == 0 else { break }
                i += 32
            }
            while i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            while i < n, p[i] < 0x80 { i += 1 }
            guard i < n else { return true }
            // One multi-byte sequence, by the table of Unicode 16.0 §3.9 D92 (well-formed UTF-8).
            let b0 = p[i]
            let count: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: count = 2
            case 0xE0: count = 3; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: count = 3
            case 0xED: count = 3; hi = 0x9F
            case 0xF0: count = 4; lo = 0x90
            case 0xF1...0xF3: count = 4
            case 0xF4: count = 4; hi = 0x8F
            default: return false
            }
            guard i + count <= n else { return false }
            let b1 = p[i + 1]
            guard b1 >= lo, b1 <= hi else { return false }
            for k in 2..<count where p[i + k] & 0xC0 != 0x80 { return false }
            i += count
        }
        return true
    }

    /// UTF-8 with its C1 controls (U+0080-U+009F, bytes C2 80-C2 9F) read as the windows-1252
    /// characters of those numbers: text that went through latin-1 on its way (`don\u{92}t`
    /// is `don’t`). feedparser does the same to every value (`_cp1252` in mixin.py). The five
    /// positions windows-1252 leaves undefined stay.
    static func c1AsWindows1252(_ utf8: [UInt8]) -> [UInt8] {
        utf8.withUnsafeBufferPointer { b -> [UInt8] in
            guard let p = b.baseAddress, var next = nextC1(b, from: 0) else { return utf8 }
            // The bytes between two C1 pairs are copied in one piece: a byte appended at a time
            // cost 34 instructions a byte over a 13 MB feed with a few such pairs in each item.
            var out: [UInt8] = []
            out.reserveCapacity(b.count + 16)
            var copied = 0
            while true {
                out.append(contentsOf: UnsafeBufferPointer(start: p + copied, count: next - copied))
                appendScalar(UInt32(cp1252High[Int(b[next + 1]) - 0x80]), to: &out)
                copied = next + 2
                guard let n = nextC1(b, from: copied) else { break }
                next = n
            }
            out.append(contentsOf: UnsafeBufferPointer(start: p + copied, count: b.count - copied))
            return out
        }
    }

    /// The place from `start` on of the next C2 80-C2 9F pair that windows-1252 gives a character.
    private static func nextC1(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let p = b.baseAddress else { return nil }
        var at = start
        while at < b.count, let hit = memchr(p + at, 0xC2, b.count - at) {
            let i = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - p
            if i + 1 < b.count, b[i + 1] >= 0x80, b[i + 1] <= 0x9F, cp1252High[Int(b[i + 1]) - 0x80] >= 0x100 { return i }
            at = i + 1
        }
        return nil
    }

    static func isASCII(_ bytes: ArraySlice<UInt8>) -> Bool {
        !bytes.contains { $0 >= 0x80 }
    }

    /// True when the bytes hold C1 positions (0x80-0x9F), which iso-8859-1 labels in real feeds
    /// almost always mean as windows-1252 punctuation (curly quotes, dashes, the euro sign).
    static func hasC1(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.contains { $0 >= 0x80 && $0 < 0xA0 }
    }

    static func latin1(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + bytes.count / 8)
        bytes.withUnsafeBufferPointer { buf in
            var i = 0
            while i < buf.count {
                i = copyASCII(buf, from: i, to: &out)
                guard i < buf.count else { break }
                appendScalar(UInt32(buf[i]), to: &out)
                i += 1
            }
        }
        return out
    }

    /// Appends the run of ASCII bytes starting at `from` (found eight bytes at a time) and returns
    /// where it ends.
    @inline(__always)
    static func copyASCII(_ buf: UnsafeBufferPointer<UInt8>, from: Int, to out: inout [UInt8]) -> Int {
        guard let p = buf.baseAddress else { return from }
        let n = buf.count
        let raw = UnsafeRawPointer(p)
        var i = from
        while i + 8 <= n {
            let high = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080
            if high != 0 { i += high.trailingZeroBitCount >> 3; break }
            i += 8
        }
        if i + 8 > n { while i < n, p[i] < 0x80 { i += 1 } }
        if i > from { out.append(contentsOf: UnsafeBufferPointer(start: p + from, count: i - from)) }
        return i
    }

    /// UTF-8 as it stands, each byte that is no part of a valid sequence read as windows-1252: a
    /// UTF-8 feed with a stray byte (`na\xEFve` pasted from an old system) keeps every other
    /// character, where reading the whole document as windows-1252 garbled them all.
    /// `sequences`: how many characters were valid multi-byte UTF-8, `stray` how many bytes were
    /// not (Latin-1 text holds a few valid sequences by chance, `é` and a no-break space before
    /// `»`: the caller weighs the two).
    static func utf8ReadingStrayBytesAs1252(_ bytes: ArraySlice<UInt8>) -> (utf8: [UInt8], sequences: Int, stray: Int) {
        var sequences = 0, stray = 0
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + 16)
        let b = Array(bytes)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 { out.append(c); i += 1; continue }
            let length = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0
            if length > 0, i + length <= b.count, isValidUTF8(b[i..<(i + length)]) {
                out += b[i..<(i + length)]
                i += length
                sequences += 1
                continue
            }
            appendScalar(c < 0xA0 ? UInt32(cp1252High[Int(c) - 0x80]) : UInt32(c), to: &out)
            stray += 1
            i += 1
        }
        return (out, sequences, stray)
    }

    /// windows-1252, with the five undefined positions mapped as WHATWG's Encoding Standard does
    /// (to the C1 control of the same number), so it never fails.
    static func windows1252(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + bytes.count / 4)
        bytes.withUnsafeBufferPointer { buf in
            var i = 0
            while i < buf.count {
                i = copyASCII(buf, from: i, to: &out)
                guard i < buf.count else { break }
                let b = buf[i]
                if b >= 0x80 && b < 0xA0 {
                    appendScalar(UInt32(cp1252High[Int(b) - 0x80]), to: &out)
                } else {
                    appendScalar(UInt32(b), to: &out)
                }
                i += 1
            }
        }
        return out
    }

    /// The windows-1252 characters at 0x80-0x9F (https://encoding.spec.whatwg.org/index-windows-1252.txt).
    static let cp1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func appendScalar(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// iconv(3) from `name` to UTF-8; nil on an invalid or incomplete sequence or an unknown charset.
    static func iconvDecode(_ bytes: ArraySlice<UInt8>, from name: String) -> [UInt8]? {
        let cd = iconv_open("UTF-8", name)
        // iconv_open returns (iconv_t)-1 on failure.
        if cd == nil || UInt(bitPattern: cd) == UInt.max { return nil }
        defer { iconv_close(cd) }
        var input = Array(bytes)
        var out = [UInt8](repeating: 0, count: max(64, bytes.count * 2 + 16))
        var produced = 0
        let ok: Bool = input.withUnsafeMutableBufferPointer { inBuf in
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress)?
                .assumingMemoryBound(to: CChar.self)
            var inLeft = inBuf.count
            if inLeft == 0 { return true }
            while true {
                let result: Int = out.withUnsafeMutableBufferPointer { outBuf in
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress! + produced)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count - produced
                    let before = outLeft
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    produced += before - outLeft
                    return r == -1 ? Int(errno) : 0
                }
                if result == 0 { return true }
                if result == E2BIG {
                    out.append(contentsOf: [UInt8](repeating: 0, count: out.count))
                    continue
                }
                return false  // EILSEQ or EINVAL: not this charset
            }
        }
        guard ok else { return nil }
        out.removeSubrange(produced...)
        return out
    }
}

extension String {
    /// A string of UTF-8 bytes: checked by `Transcode.isValidUTF8` and then copied without a second
    /// check; bytes that are not valid UTF-8 are repaired as `String(decoding:as:)` repairs them.
    init(checkedUTF8 b: UnsafeBufferPointer<UInt8>) {
        if Transcode.isValidUTF8(b) {
            self = String(copying: UTF8Span(unchecked: b.span))
        } else {
            self = String(decoding: b, as: UTF8.self)
        }
    }
}
