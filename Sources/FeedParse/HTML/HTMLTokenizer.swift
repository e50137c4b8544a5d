/// A forgiving HTML tokenizer, enough for sanitizing feed content: start and end tags with their
/// attributes, text, and nothing else (comments, doctypes and processing instructions are dropped).
///
/// It follows the shape of the HTML5 tokenizer (https://html.spec.whatwg.org/#tokenization) where
/// it matters for safety: tag names end at white space, `/` or `>`; attribute values may be quoted
/// either way or unquoted; `<script>` and `<style>` contents are raw text up to their end tag; a `<`
/// that starts no tag is text. Names are matched in any case (as lower-cased by `String.lowercased()`);
/// attribute values keep their references, which the sanitizer decodes.
///
/// It works over the UTF-8 bytes and makes no string: element names are recognised as they are read
/// (`HTMLElement`, packed as `PlainText` packs tag names), and text and attribute names and values are
/// handed on as slices of the input (always cut at ASCII bytes, so they are UTF-8 in their own right).
/// Every loop moves forward, and every scan ahead is bounded by the input and consumes what it scans,
/// so any input takes time linear in its length.
struct HTMLTokenizer {
    /// Elements whose content is raw text, not markup (`HTMLElement.isRawText` holds them).
    static let rawText: Set<String> = ["script", "style", "xmp", "noembed", "noframes", "title", "plaintext"]

    /// The most attributes of one tag passed on (later ones are read, and dropped).
    static let maxAttributes = 64

    /// What `text` is told about a run of text: whether it holds '&', and whether it holds '<' or '>'.
    struct TextFlags: OptionSet {
        let rawValue: UInt8
        static let ampersand = TextFlags(rawValue: 1)
        static let angleBracket = TextFlags(rawValue: 2)
        /// Not known: the receiver looks.
        static let unknown: TextFlags = [.ampersand, .angleBracket]
    }

    static func tokenize<Sink: HTMLTokenSink>(_ s: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        let end = s.count
        guard end > 0, let p = s.baseAddress else { return }
        var i = 0
        var textStart = 0
        var flags: TextFlags = []

        @inline(__always) func flushText(_ upTo: Int) {
            if textStart < upTo { sink.text(UnsafeBufferPointer(start: p + textStart, count: upTo - textStart), flags) }
            flags = []
        }
        @inline(__always) func isSpace(_ c: UInt8) -> Bool { PlainText.isSpace(c) }
        /// After the first '>' from `j`, or the end.
        @inline(__always) func pastGreaterThan(from j: Int) -> Int {
            let k = ByteScan.first(0x3E, p, from: j, end: end)
            return k < end ? k + 1 : end
        }
        // '<', '&', '>': the bytes that stop the text scan.
        let textStops: UInt64 = 1 << 0x3C | 1 << 0x26 | 1 << 0x3E

        while i < end {
            // Text up to the next '<': 16 bytes at a time while they hold none of '<', '&', '>'.
            scan: while i < end {
                i = ByteScan.skipText(p, from: i, end: end, quote: false)
                let stop = min(i + 16, end)
                while i < stop {
                    let c = p[i]
                    if c <= 0x3E && (textStops >> UInt64(c)) & 1 != 0 {
                        if c == 0x3C { break scan }
                        flags.insert(c == 0x26 ? .ampersand : .angleBracket)
                    }
                    i += 1
                }
            }
            guard i < end else { break }
            let lt = i
            var j = i + 1
            guard j < end else { flags.insert(.angleBracket); break }  // a last '<' is text
            let c = p[j]
            if c == 0x21 {  // <!-- comment --> or <!doctype>
                flushText(lt)
                if end - j >= 3 && p[j + 1] == 0x2D && p[j + 2] == 0x2D {
                    // Past "-->", searched from after "<!--" ("<!-->" is no comment end).
                    var k = j + 3
                    i = end
                    while k < end {
                        k = ByteScan.first(0x2D, p, from: k, end: end)
                        if end - k >= 3, p[k + 1] == 0x2D, p[k + 2] == 0x3E { i = k + 3; break }
                        k += 1
                    }
                } else {
                    i = pastGreaterThan(from: j)
                }
                textStart = i
                continue
            }
            if c == 0x3F {  // <? … >
                flushText(lt)
                i = pastGreaterThan(from: j)
                textStart = i
                continue
            }
            if c == 0x2F {  // end tag
                let k = j + 1
                guard k < end, PlainText.isLetter(p[k]) else {
                    if k < end, p[k] == 0x3E { flushText(lt); i = k + 1; textStart = i; continue }  // "</>"
                    flags.insert(.angleBracket)  // the '<' is text
                    i = j
                    continue
                }
                flushText(lt)
                j = k
                while j < end, !isSpace(p[j]), p[j] != 0x2F, p[j] != 0x3E { j += 1 }
                let name = HTMLElement(UnsafeBufferPointer(start: p + k, count: j - k))
                i = pastGreaterThan(from: j)
                textStart = i
                sink.endTag(name)
                continue
            }
            guard PlainText.isLetter(c) else {  // a '<' that is text
                flags.insert(.angleBracket)
                i = j
                continue
            }
            flushText(lt)
            let nameStart = j
            while j < end, !isSpace(p[j]), p[j] != 0x2F, p[j] != 0x3E { j += 1 }
            let name = HTMLElement(UnsafeBufferPointer(start: p + nameStart, count: j - nameStart))
            let wantsAttributes = sink.startTag(name)
            var selfClosing = false
            var attributes = 0
            while j < end {
                while j < end {
                    let d = p[j]
                    if d == 0x2F { selfClosing = true } else if !isSpace(d) { break }
                    j += 1
                }
                guard j < end else { break }
                if p[j] == 0x3E { j += 1; break }
                selfClosing = false
                let attributeStart = j
                j += 1  // a name may start with '=' (or anything) per HTML5
                while j < end {
                    let d = p[j]
                    if isSpace(d) || d == 0x2F || d == 0x3E || d == 0x3D { break }
                    j += 1
                }
                let attributeEnd = j
                while j < end, isSpace(p[j]) { j += 1 }
                var valueStart = j
                var valueEnd = j
                if j < end, p[j] == 0x3D {
                    j += 1
                    while j < end, isSpace(p[j]) { j += 1 }
                    if j < end, p[j] == 0x22 || p[j] == 0x27 {
                        let quote = p[j]
                        j += 1
                        valueStart = j
                        j = ByteScan.first(quote, p, from: j, end: end)
                        valueEnd = j
                        if j < end { j += 1 }
                    } else {
                        valueStart = j
                        while j < end, !isSpace(p[j]), p[j] != 0x3E { j += 1 }
                        valueEnd = j
                    }
                }
                if attributes < maxAttributes {
                    attributes += 1
                    if wantsAttributes {
                        sink.attribute(name: UnsafeBufferPointer(start: p + attributeStart, count: attributeEnd - attributeStart),
                                       value: UnsafeBufferPointer(start: p + valueStart, count: valueEnd - valueStart))
                    }
                }
            }
            i = j
            textStart = i
            sink.endStartTag(name, selfClosing: selfClosing)
            if name.isRawText, !selfClosing {
                // Raw text runs to "</name" in any case.
                let close = name.name
                let length = close.utf8CodeUnitCount
                var k = i
                var found = end
                close.withUTF8Buffer { n in
                    while k < end {
                        k = ByteScan.first(0x3C, p, from: k, end: end)
                        if end - k >= length + 2, p[k + 1] == 0x2F {
                            var m = 0
                            while m < length, p[k + 2 + m] | 0x20 == n[m] { m += 1 }
                            if m == length { found = k; break }
                        }
                        k += 1
                    }
                }
                if name != .script && name != .style, textStart < found {
                    sink.text(UnsafeBufferPointer(start: p + textStart, count: found - textStart), .unknown)
                }
                i = found
                textStart = found
            }
        }
        flushText(end)
    }
}

/// Byte scans 16 bytes at a time (`SIMD16` comparisons with vector operands compile to SSE2
/// compares and a mask test), finishing byte by byte.
enum ByteScan {
    typealias Vector = SIMD16<UInt8>

    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>) -> Vector {
        UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
    }

    /// Whether any lane of a mask is set: its two halves as words, or-ed (`any()` is not always
    /// inlined, and then it is a call and a 16-lane reduction per block).
    @inline(__always)
    static func anyTrue(_ m: SIMDMask<SIMD16<Int8>>) -> Bool {
        let w = unsafeBitCast(m, to: SIMD2<UInt64>.self)
        return w[0] | w[1] != 0
    }

    /// The index of the first `byte` in `p[i..<end]`, or `end`.
    @inline(__always)
    static func first(_ byte: UInt8, _ p: UnsafePointer<UInt8>, from i: Int, end: Int) -> Int {
        var i = i
        let b = Vector(repeating: byte)
        while end - i >= 16 {
            if any(load(p + i) .== b) { break }
            i += 16
        }
        while i < end, p[i] != byte { i += 1 }
        return i
    }

    /// Moves past blocks of 16 bytes that hold none of '&', '<', '>' (nor '"' when `quote`): the index
    /// of the first block that may, or of the last 15 bytes at most.
    @inline(__always)
    static func skipText(_ p: UnsafePointer<UInt8>, from i: Int, end: Int, quote: Bool) -> Int {
        var i = i
        let amp = Vector(repeating: 0x26), lt = Vector(repeating: 0x3C), gt = Vector(repeating: 0x3E)
        let q = Vector(repeating: quote ? 0x22 : 0x26)
        while end - i >= 16 {
            let v = load(p + i)
            if any((v .== amp) .| (v .== lt) .| (v .== gt) .| (v .== q)) { break }
            i += 16
        }
        return i
    }
}

/// What the tokenizer hands its tokens to.
protocol HTMLTokenSink {
    /// A run of text, references undecoded; `flags` tells what it may hold.
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, _ flags: HTMLTokenizer.TextFlags)
    /// A start tag begins; the answer says whether its attributes are wanted.
    mutating func startTag(_ name: HTMLElement) -> Bool
    /// An attribute of the start tag (one of its first `maxAttributes`), name as written, value undecoded.
    mutating func attribute(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>)
    /// The start tag ends.
    mutating func endStartTag(_ name: HTMLElement, selfClosing: Bool)
    mutating func endTag(_ name: HTMLElement)
}

extension HTMLElement {
    /// The element named by `name` as written, lower-cased as `String.lowercased()` does.
    @inline(__always)
    init(_ name: UnsafeBufferPointer<UInt8>) { self.init(code: HTMLNames.code(of: name, attribute: false)) }
}

extension HTMLAttribute {
    /// The attribute named by `name` as written, lower-cased as `String.lowercased()` does.
    @inline(__always)
    init(_ name: UnsafeBufferPointer<UInt8>) { self.init(code: HTMLNames.code(of: name, attribute: true)) }
}

enum HTMLNames {
    /// The longest name of the tables (`bordercolorlight`).
    static let maxLength = 16

    /// The code of a name in the element or attribute table (0 when it is in none), found as the
    /// `Set<String>` of lower-cased names found it: ASCII names by their bytes packed lower-case; names
    /// with other bytes through `String.lowercased()`, which maps only the Kelvin sign (U+212A) to
    /// ASCII ('k'), so `<\u{212A}bd>` is `<kbd>`. (No other scalar lower-cases to ASCII, and the only
    /// others canonically equivalent to ASCII, U+037E ';' and U+1FEF '`', are in no name.)
    @inline(__always)
    static func code(of name: UnsafeBufferPointer<UInt8>, attribute: Bool) -> UInt8 {
        let n = name.count
        guard n > 0, n <= maxLength else { return n > maxLength ? longCode(of: name, attribute: attribute) : 0 }
        guard name[0] != 0 else { return 0 }  // a leading NUL would pack like a shorter name
        var packed: UInt64 = 0
        var bits: UInt8 = 0
        for k in 0..<min(n, 8) {
            let c = name[k]
            bits |= c
            packed = packed << 8 | UInt64(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)
        }
        if n <= 8 {
            if bits < 0x80 { return attribute ? HTMLAttribute.ascii(packed: packed).code : HTMLElement.ascii(packed: packed).code }
        } else {
            for k in 8..<n { bits |= name[k] }
            if bits < 0x80 {
                for (text, code) in attribute ? HTMLAttribute.long : HTMLElement.long where equalsLowercased(name, text) { return code }
                return 0
            }
        }
        return nonASCIICode(of: name, attribute: attribute)
    }

    /// A name longer than any in the tables: known only if lower-casing shortens it (Kelvin signs).
    static func longCode(of name: UnsafeBufferPointer<UInt8>, attribute: Bool) -> UInt8 {
        guard name.count <= 3 * maxLength, name.contains(where: { $0 >= 0x80 }) else { return 0 }
        return nonASCIICode(of: name, attribute: attribute)
    }

    /// A name with non-ASCII bytes: lower-cased as a string; it is known only if that gives ASCII.
    @inline(never)
    static func nonASCIICode(of name: UnsafeBufferPointer<UInt8>, attribute: Bool) -> UInt8 {
        var lower = String(decoding: name, as: UTF8.self).lowercased()
        return lower.withUTF8 { b -> UInt8 in
            guard b.count <= maxLength, !b.contains(where: { $0 >= 0x80 }) else { return 0 }
            return code(of: b, attribute: attribute)
        }
    }

    /// Whether `b` is the lower-case ASCII `text`, in any case.
    static func equalsLowercased(_ b: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        text.withUTF8Buffer { t in
            guard t.count == b.count else { return false }
            for k in 0..<t.count {
                let c = b[k]
                if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != t[k] { return false }
            }
            return true
        }
    }
}
