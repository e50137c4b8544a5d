/// Text as a feed reader shows it: character references decoded, markup dropped, white space collapsed.
///
/// Everything works over the UTF-8 bytes of the string, copying runs of plain text in bulk into one
/// buffer sized for the worst case, and returns the input itself when there is nothing to do. Every
/// loop moves forward at least one byte per step and all scans ahead are bounded by the input, so any
/// input, however broken, finishes in time linear in its length (a missing `>` is remembered, so a
/// text full of `<a` does not rescan the rest of the input at every `<`).
///
/// Decisions:
/// - References decode exactly as Python's `html.unescape` (HTML5 text-content rules): named
///   references of the HTML5 set need their ';' except the legacy names listed without ';' in
///   `html.entities.html5` (`&copy` yes, `&hellip` no), and the longest such legacy prefix wins
///   (`&copyright` is "©right"). Numeric references in 0x80-0x9F are read as windows-1252, 0 and
///   surrogates and values past U+10FFFF give U+FFFD, and references to other C0/C1 controls (besides
///   tab, LF, FF, CR) and to noncharacters (U+FDD0-U+FDEF, U+xFFFE/U+xFFFF) are dropped, as Python does.
/// - White space is HTML's: space, tab, LF, FF, CR. U+00A0 (`&nbsp;`) is *not* white space: it is
///   neither collapsed nor trimmed, as in feedparser and in browsers (people write `&nbsp;` to mean it).
/// - `fromHTML` ends a word at block-level tags and `<br>` (`a<br>b` and `<p>a</p><p>b</p>` give
///   "a b"), but not at inline ones (`<b>bold</b>er` gives "bolder").
/// - Tags are read as HTML5's tokenizer reads them (a quoted attribute value may hold '>').
///   Comments, the content of `<script>` and `<style>`, `<!DOCTYPE ...>`, `<?...>` are dropped; the
///   content of `<![CDATA[...]]>` is kept as text (not decoded). An unterminated comment, script, or
///   tag whose open quote swallows every later '>' (`<a title="x>y`) drops the rest of the text, as
///   in browsers. But a '<' with no '>' anywhere after it (`if a <b then`), or one that starts no
///   markup (`a < b`, `<3`, `</ 3`), stays as text (HTML5 would drop `<b then`).
enum PlainText {
    // MARK: - Public API

    /// Decodes character references in text: named (HTML5 set), decimal `&#233;`, hex `&#xE9;`.
    /// See the type's documentation for the exact rules (those of Python's `html.unescape`).
    ///
    /// `inAttribute`: decode as in an HTML attribute value, where HTML5 leaves a legacy name without
    /// ';' alone when a letter, digit or '=' follows it, so that URLs keep their query strings
    /// (`?a=1&copy=2&not=3` stays as is, while text would read "?a=1©=2¬=3").
    static func decodeEntities(_ s: String, inAttribute: Bool = false) -> String {
        withBytes(s) { b -> String in
            let n = b.count
            guard var i = firstIndex(of: 0x26, in: b, from: 0) else { return s }
            return withWriter(capacity: maxOutput(n)) { w in
                var copied = 0
                while i < n {
                    if b[i] != 0x26 { i += 1; continue }
                    guard let (end, ref) = reference(b, at: i, inAttribute: inAttribute) else { i += 1; continue }
                    w.raw(UnsafeBufferPointer(rebasing: b[copied..<i]))
                    w.rawReference(ref)
                    i = end
                    copied = end
                }
                w.raw(UnsafeBufferPointer(rebasing: b[copied..<n]))
            }
        }
    }

    /// HTML (or text that may hold HTML) to plain text, as a feed reader shows a title: tags dropped,
    /// references decoded, runs of white space collapsed to one space, the ends trimmed. See the
    /// type's documentation for what is dropped and what is kept.
    static func fromHTML(_ s: String) -> String {
        withBytes(s) { fromHTML($0, original: s) }
    }

    /// `fromHTML` on UTF-8 bytes; `original`, when given, is the string they are the bytes of
    /// (returned as it is when there is nothing to change).
    static func fromHTML(_ b: UnsafeBufferPointer<UInt8>, original s: String? = nil) -> String {
        let n = b.count
        var hasMarkup = false
        for c in b where c == 0x3C || c == 0x26 { hasMarkup = true; break }
        guard hasMarkup else { return collapse(s, b) }
        return withWriter(capacity: maxOutput(n)) { w in
            var scan = MarkupScanner(b)
            var i = 0
            while i < n {
                let c = b[i]
                if isOrdinary(c) {
                    let j = endOfRun(b, from: i + 1)
                    w.run(UnsafeBufferPointer(rebasing: b[i..<j]))
                    i = j
                } else if c == 0x3C {
                    if let end = scan.markup(at: i, into: &w) {
                        i = end
                    } else {
                        w.byte(c)
                        i += 1
                    }
                } else if c == 0x26 {
                    if let (end, ref) = reference(b, at: i) {
                        w.reference(ref)
                        i = end
                    } else {
                        w.byte(c)
                        i += 1
                    }
                } else {
                    w.space()
                    i += 1
                }
            }
        }
    }

    /// Collapses runs of white space (space, tab, LF, FF, CR) to one space and trims both ends, for
    /// text that is already plain. U+00A0 is kept (see the type's documentation).
    static func collapseWhitespace(_ s: String) -> String {
        withBytes(s) { b in collapse(s, b) }
    }

    /// True when the text looks like it carries markup or references worth decoding: a '<' followed
    /// by a letter, '/', '!' or '?', or an '&' followed by '#' or a letter. A fast pre-check so that
    /// plain titles skip the work; false positives (`x<y`) are fine, `fromHTML` keeps such text.
    static func looksLikeHTML(_ s: String) -> Bool {
        withBytes(s) { looksLikeHTML($0) }
    }

    static func looksLikeHTML(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        var i = 0
        while i + 1 < n {
            let c = b[i]
            if c == 0x3C {
                let d = b[i + 1]
                if isLetter(d) || d == 0x2F || d == 0x21 || d == 0x3F { return true }
            } else if c == 0x26 {
                let d = b[i + 1]
                if isLetter(d) || d == 0x23 { return true }
            }
            i += 1
        }
        return false
    }

    // MARK: - Runs and white space

    /// `collapseWhitespace` on the bytes `b` (of `s`, when given).
    static func collapse(_ s: String?, _ b: UnsafeBufferPointer<UInt8>) -> String {
        // Already clean (no white space but single spaces between words): the input itself.
        let n = b.count
        var clean = n == 0 || (b[0] != 0x20 && b[n - 1] != 0x20)
        if clean, let p = b.baseAddress {
            var i = 0
            // Sixteen bytes at a time while they hold no white space but single spaces (the byte
            // after each is read too); the rest, and a block that may not be clean, a byte at a time.
            let space = ByteScan.Vector(repeating: 0x20)
            while n - i >= 17 {
                let v = ByteScan.load(p + i)
                let w = ByteScan.load(p + i + 1)
                if ByteScan.anyTrue(controlSpaces(v) .| ((v .== space) .& (w .== space))) { break }
                i += 16
            }
            while i < n {
                let c = b[i]
                if c <= 0x20, isSpace(c), c != 0x20 || b[i + 1] == 0x20 { clean = false; break }  // b[n-1] is no space
                i += 1
            }
        }
        if clean { return s ?? String(decoding: b, as: UTF8.self) }
        return withWriter(capacity: n) { w in
            var i = 0
            while i < n {
                if isSpace(b[i]) { w.space(); i += 1; continue }
                let j = endOfRun(b, from: i + 1, plainText: true)
                w.run(UnsafeBufferPointer(rebasing: b[i..<j]))
                i = j
            }
        }
    }

    /// A byte that is text as it stands: not white space, '<' nor '&'.
    @inline(__always)
    static func isOrdinary(_ c: UInt8) -> Bool {
        c > 0x3C || !(c == 0x3C || c == 0x26 || isSpace(c))
    }

    /// The end of a run of text from `j` on: ordinary bytes, and single spaces between them. With
    /// `plainText`, '<' and '&' count as ordinary.
    @inline(__always)
    static func endOfRun(_ b: UnsafeBufferPointer<UInt8>, from j: Int, plainText: Bool = false) -> Int {
        let n = b.count
        var j = j
        // Sixteen bytes at a time while none of them ends the run: the byte after each is read
        // too (a space ends the run when what follows it is no ordinary byte), so a block needs
        // seventeen bytes. Most runs are sentences: a byte at a time cost five instructions a byte.
        if let p = b.baseAddress {
            let space = ByteScan.Vector(repeating: 0x20), lt = ByteScan.Vector(repeating: 0x3C)
            let amp = ByteScan.Vector(repeating: 0x26)
            while n - j >= 17 {
                let v = ByteScan.load(p + j)
                let w = ByteScan.load(p + j + 1)
                var ends = controlSpaces(v)
                var next = controlSpaces(w) .| (w .== space)
                if !plainText {
                    ends = ends .| (v .== lt) .| (v .== amp)
                    next = next .| (w .== lt) .| (w .== amp)
                }
                if ByteScan.anyTrue(ends .| ((v .== space) .& next)) { break }
                j += 16
            }
        }
        while j < n {
            let d = b[j]
            if d > 0x3C { j += 1; continue }
            if isSpace(d) {
                // One space followed by more text stays in the run.
                if d == 0x20, j + 1 < n {
                    let e = b[j + 1]
                    if plainText ? !isSpace(e) : isOrdinary(e) { j += 2; continue }
                }
                return j
            }
            if !plainText && (d == 0x3C || d == 0x26) { return j }
            j += 1
        }
        return n
    }

    /// The lanes of `v` that hold tab, LF, VT, FF or CR (0x09...0x0D): HTML's white space but the
    /// space, and VT, which is none but stops a block all the same (the bytes after it are read a
    /// byte at a time, which tells it apart).
    @inline(__always)
    static func controlSpaces(_ v: ByteScan.Vector) -> SIMDMask<SIMD16<Int8>> {
        (v &- ByteScan.Vector(repeating: 0x09)) .<= ByteScan.Vector(repeating: 4)
    }

    /// The most bytes the output of `n` input bytes can take. Only a few named references write more
    /// bytes than they read, one more at most (`&nLt;`: 5 bytes in, 6 out; checked over the whole table
    /// in the tests); everything else writes at most what it reads. So n + n/5 is enough; the writer
    /// checks anyway.
    @inline(__always)
    static func maxOutput(_ n: Int) -> Int { n + n / 4 + 8 }

    /// The first `byte` at or after `from`.
    @inline(__always)
    static func firstIndex(of byte: UInt8, in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var i = from
        while i < b.count {
            if b[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// Runs `body` on the UTF-8 bytes of `s`, without copying them when `s` is native.
    @inline(__always)
    static func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
        var copy = s
        return copy.withUTF8(body)
    }

    /// Runs `body` on a writer of `capacity` bytes and makes a string of what it wrote.
    @inline(__always)
    static func withWriter(capacity: Int, _ body: (inout Writer) -> Void) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(capacity, 1)) { buffer -> String in
            guard let base = buffer.baseAddress else { return "" }
            var w = Writer(base: base, capacity: buffer.count)
            body(&w)
            return String(checkedUTF8: UnsafeBufferPointer(start: base, count: w.count))
        }
    }

    // MARK: - Character references

    /// What a reference stands for.
    enum Reference {
        /// One code point.
        case scalar(UInt32)
        /// The UTF-8 text of a named reference (in `HTMLEntities.table.values`, which lives forever).
        case named(UnsafeBufferPointer<UInt8>)
        /// Nothing (a reference to a control character or a noncharacter).
        case nothing
    }

    /// Reads the character reference at `i` (which holds '&'), as Python's `html.unescape` does:
    /// where it ends and what it stands for, or nil when the '&' starts no reference (it is then text).
    /// `inAttribute` applies HTML5's attribute-value exception for legacy names (see `decodeEntities`).
    static func reference(_ b: UnsafeBufferPointer<UInt8>, at i: Int, inAttribute: Bool = false) -> (Int, Reference)? {
        let n = b.count
        var j = i + 1
        guard j < n else { return nil }
        if b[j] == 0x23 {  // '#'
            j += 1
            let hex = j < n && (b[j] | 0x20) == 0x78  // 'x' or 'X'
            if hex { j += 1 }
            let digitsStart = j
            var v: UInt32 = 0
            while j < n {
                let c = b[j]
                let d: UInt32
                if c >= 0x30 && c <= 0x39 {
                    d = UInt32(c - 0x30)
                } else if hex, (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 {
                    d = UInt32((c | 0x20) - 0x61 + 10)
                } else {
                    break
                }
                v = v &* (hex ? 16 : 10) &+ d
                if v > 0x10FFFF { v = 0x110000 }  // saturate: any longer number is out of range too
                j += 1
            }
            guard j > digitsStart else { return nil }
            if j < n && b[j] == 0x3B { j += 1 }
            return (j, numeric(v))
        }
        // Named: the longest run of letters and digits (every name is ASCII alphanumeric), then ';'.
        guard isAlphanumeric(b[j]) else { return nil }  // "& ", "&&": the usual bare ampersands
        let start = j
        let table = HTMLEntities.table
        let maxName = table.maxNameLength
        while j < n, j - start < maxName, isAlphanumeric(b[j]) { j += 1 }
        let length = j - start
        guard length > 0 else { return nil }
        if j < n && b[j] == 0x3B, let r = table.find(UnsafeBufferPointer(rebasing: b[start...j])) {
            return (j + 1, .named(UnsafeBufferPointer(rebasing: table.values[r])))
        }
        // No `name;`: the longest legacy name (listed without ';') the run starts with.
        var l = min(length, table.maxLegacyLength)
        while l >= 2 {
            if let r = table.find(UnsafeBufferPointer(rebasing: b[start..<(start + l)])) {
                let next = start + l
                if inAttribute, next < n, b[next] == 0x3D || isAlphanumeric(b[next]) { return nil }
                return (next, .named(UnsafeBufferPointer(rebasing: table.values[r])))
            }
            l -= 1
        }
        return nil
    }

    /// A numeric reference's value, as HTML5 and Python's `html.unescape` map it.
    static func numeric(_ v: UInt32) -> Reference {
        switch v {
        case 0: return .scalar(0xFFFD)
        case 0x0D: return .scalar(0x0D)
        case 0x80...0x9F: return .scalar(UInt32(windows1252C1[Int(v - 0x80)]))
        case 0xD800...0xDFFF, 0x110000...: return .scalar(0xFFFD)
        case 0x01...0x08, 0x0B, 0x0E...0x1F, 0x7F, 0xFDD0...0xFDEF: return .nothing
        default: return v & 0xFFFE == 0xFFFE ? .nothing : .scalar(v)
        }
    }

    /// The windows-1252 characters of bytes 0x80-0x9F (HTML5 §13.2.5.80 numeric character reference
    /// end state; the five undefined bytes stay as their C1 code points, as there and in Python).
    static let windows1252C1: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    // MARK: - Bytes

    /// HTML's ASCII white space: space, tab, LF, FF, CR.
    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C
    }

    @inline(__always)
    static func isLetter(_ c: UInt8) -> Bool {
        let l = c | 0x20
        return l >= 0x61 && l <= 0x7A
    }

    @inline(__always)
    static func isAlphanumeric(_ c: UInt8) -> Bool {
        isLetter(c) || (c >= 0x30 && c <= 0x39)
    }

    /// Output into a fixed buffer (sized by `maxOutput`; a write past its end is dropped, which the
    /// bound makes unreachable). The collapsing writes (`run`, `byte`, `space`, `reference`, `text`)
    /// hold a space back until more text follows, so there is never one first, last, or two in a row.
    struct Writer {
        let base: UnsafeMutablePointer<UInt8>
        let capacity: Int
        var count = 0
        var pendingSpace = false

        init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
            self.base = base
            self.capacity = capacity
        }

        /// Bytes as they are.
        @inline(__always)
        mutating func raw(_ r: UnsafeBufferPointer<UInt8>) {
            guard let from = r.baseAddress else { return }
            let k = min(r.count, capacity - count)
            guard k > 0 else { return }
            if k <= 8 {  // words and references: a call to memmove costs more than the copy
                for t in 0..<k { base[count + t] = from[t] }
            } else {
                (base + count).update(from: from, count: k)
            }
            count += k
        }

        @inline(__always)
        mutating func put(_ c: UInt8) {
            if count < capacity { base[count] = c; count += 1 }
        }

        /// A code point as UTF-8 (the caller passes a valid scalar value).
        @inline(__always)
        mutating func putScalar(_ v: UInt32) {
            switch v {
            case 0..<0x80:
                put(UInt8(v))
            case 0x80..<0x800:
                put(UInt8(0xC0 | (v >> 6)))
                put(UInt8(0x80 | (v & 0x3F)))
            case 0x800..<0x10000:
                put(UInt8(0xE0 | (v >> 12)))
                put(UInt8(0x80 | ((v >> 6) & 0x3F)))
                put(UInt8(0x80 | (v & 0x3F)))
            default:
                put(UInt8(0xF0 | ((v >> 18) & 0x07)))
                put(UInt8(0x80 | ((v >> 12) & 0x3F)))
                put(UInt8(0x80 | ((v >> 6) & 0x3F)))
                put(UInt8(0x80 | (v & 0x3F)))
            }
        }

        /// A reference's text as it is.
        mutating func rawReference(_ ref: Reference) {
            switch ref {
            case .scalar(let v): putScalar(v)
            case .named(let text): raw(text)
            case .nothing: break
            }
        }

        @inline(__always)
        mutating func flushSpace() {
            if pendingSpace { put(0x20); pendingSpace = false }
        }

        /// White space (or a word break): one space if more text follows.
        @inline(__always)
        mutating func space() {
            if count > 0 { pendingSpace = true }
        }

        /// Text that neither starts nor ends with white space, and holds single spaces only.
        @inline(__always)
        mutating func run(_ r: UnsafeBufferPointer<UInt8>) {
            flushSpace()
            raw(r)
        }

        /// One byte of text, white space or not.
        @inline(__always)
        mutating func byte(_ c: UInt8) {
            if isSpace(c) { space(); return }
            flushSpace()
            put(c)
        }

        /// Any text (a CDATA section): white space collapsed like the rest.
        mutating func text(_ r: UnsafeBufferPointer<UInt8>) {
            for c in r { byte(c) }
        }

        /// A reference's text, its white space (`&#10;`, `&Tab;`) collapsed like the rest.
        mutating func reference(_ ref: Reference) {
            switch ref {
            case .scalar(let v):
                if v < 0x80 { byte(UInt8(v)); return }
                flushSpace()
                putScalar(v)
            case .named(let text):
                for c in text { byte(c) }
            case .nothing:
                break
            }
        }
    }

    // MARK: - Markup

    /// Recognises and skips markup in HTML text, remembering what it learnt about the rest of the input.
    struct MarkupScanner {
        let b: UnsafeBufferPointer<UInt8>
        /// No '>' at or after this index (found out by a failed search); `b.count + 1` when unknown.
        var noGreaterThanFrom: Int

        init(_ b: UnsafeBufferPointer<UInt8>) {
            self.b = b
            noGreaterThanFrom = b.count + 1
        }

        /// The markup starting at `i` (which holds '<'): its end, having written what it holds (CDATA
        /// text, or a word break for a block element) to `w`; nil when this '<' is text.
        mutating func markup(at i: Int, into w: inout Writer) -> Int? {
            let n = b.count
            let j = i + 1
            guard j < n else { return nil }
            let c = b[j]
            if isLetter(c) {
                if i >= noGreaterThanFrom { return nil }  // no tag can end: don't rescan
                guard let end = startTag(at: i, into: &w) else {
                    noGreaterThanFrom = min(noGreaterThanFrom, i)  // nor in its name: no '>' from `i` on
                    return nil
                }
                return end
            }
            if c == 0x2F {  // '/'
                guard j + 1 < n else { return nil }
                if b[j + 1] == 0x3E { return j + 2 }  // "</>" is dropped
                guard isLetter(b[j + 1]), i < noGreaterThanFrom else { return nil }
                let (name, afterName) = tagName(from: j + 1)
                guard let end = tagEnd(from: afterName) else {
                    noGreaterThanFrom = min(noGreaterThanFrom, i)
                    return nil
                }
                if PlainText.breaksWords(name) { w.space() }
                return end
            }
            if c == 0x21 {  // '!'
                if matches(j + 1, "--") {
                    // Comment. "<!-->" and "<!--->" are (empty) comments too; unterminated: to the end.
                    let k = j + 3
                    if matches(k, ">") { return k + 1 }
                    if matches(k, "->") { return k + 2 }
                    var m = k
                    while m + 2 < n {
                        if b[m] == 0x2D && b[m + 1] == 0x2D {
                            if b[m + 2] == 0x3E { return m + 3 }
                            if b[m + 2] == 0x21 && m + 3 < n && b[m + 3] == 0x3E { return m + 4 }  // "--!>"
                        }
                        m += 1
                    }
                    return n
                }
                if matches(j + 1, "[CDATA[") {
                    let start = j + 8
                    var m = start
                    while m + 2 < n {
                        if b[m] == 0x5D && b[m + 1] == 0x5D && b[m + 2] == 0x3E { break }
                        m += 1
                    }
                    let textEnd = m + 2 < n ? m : n
                    w.text(UnsafeBufferPointer(rebasing: b[start..<textEnd]))
                    return m + 2 < n ? m + 3 : n
                }
                // <!DOCTYPE ...> and other declarations.
                return find(0x3E, from: j + 1).map { $0 + 1 }
            }
            if c == 0x3F {  // '?': a processing instruction
                return find(0x3E, from: j + 1).map { $0 + 1 }
            }
            return nil
        }

        /// A start tag at `i`: its end (after '>'), or the end of the script or style it opens.
        mutating func startTag(at i: Int, into w: inout Writer) -> Int? {
            let (name, afterName) = tagName(from: i + 1)
            guard let end = tagEnd(from: afterName) else { return nil }
            if name == PlainText.scriptName || name == PlainText.styleName {
                return rawTextEnd(from: end, name: name == PlainText.scriptName ? "script" : "style")
            }
            if PlainText.breaksWords(name) { w.space() }
            return end
        }

        /// The tag name from `k` (a letter) up to white space, '/' or '>', packed lower-case into a
        /// UInt64 (0 when longer than 8 bytes, with `blockquote`/`figcaption` given their own codes),
        /// and where it ends.
        func tagName(from k: Int) -> (UInt64, Int) {
            let n = b.count
            var m = k
            var packed: UInt64 = 0
            while m < n {
                let c = b[m]
                if isSpace(c) || c == 0x2F || c == 0x3E { break }
                if m - k < 8 { packed = packed << 8 | UInt64(c >= 0x41 && c <= 0x5A ? c | 0x20 : c) }
                m += 1
            }
            let length = m - k
            if length > 8 {
                packed = 0
                if length == 10 {
                    if matchesLowercased(k, "blockquote") { packed = PlainText.blockquoteName }
                    if matchesLowercased(k, "figcaption") { packed = PlainText.figcaptionName }
                }
            }
            return (packed, m)
        }

        /// The end (after '>') of a tag whose attributes start at `k` (just after the tag name), read
        /// as HTML5's tokenizer reads attributes: a quoted value may hold '>' (`<a title="a>b">`).
        /// nil when there is no '>' at all from `k` on (the '<' is then text). When there is one but
        /// an open quote swallows it (`<a title="x>y`), the tag runs to the end of the input, as in
        /// HTML5 (which also keeps this linear: no later '<' rescans the input).
        mutating func tagEnd(from k: Int) -> Int? {
            enum State { case beforeName, name, afterName, beforeValue, unquoted }
            if k >= noGreaterThanFrom { return nil }
            let n = b.count
            var state = State.beforeName
            var m = k
            while m < n {
                let c = b[m]
                if c == 0x3E { return m + 1 }  // '>' ends the tag in every state but a quoted value
                let space = isSpace(c)
                switch state {
                case .beforeName:
                    if !space && c != 0x2F { state = .name }  // '=' here starts a name, as in HTML5
                case .name:
                    if space { state = .afterName } else if c == 0x2F { state = .beforeName } else if c == 0x3D { state = .beforeValue }
                case .afterName:
                    if c == 0x3D { state = .beforeValue } else if c == 0x2F { state = .beforeName } else if !space { state = .name }
                case .beforeValue:
                    if c == 0x22 || c == 0x27 {
                        // The closing quote (or the end), 16 bytes at a time: values are mostly URLs.
                        m = ByteScan.first(c, b.baseAddress!, from: m + 1, end: n)  // what follows starts a new attribute
                        state = .beforeName
                    } else if !space {
                        state = .unquoted
                    }
                case .unquoted:
                    if space { state = .beforeName }
                }
                m += 1
            }
            return find(0x3E, from: k) == nil ? nil : n
        }

        /// The end of the raw text of a script or style element whose content starts at `k`: after
        /// its end tag, or the end of the input when it has none.
        mutating func rawTextEnd(from k: Int, name: StaticString) -> Int {
            let n = b.count
            let nameLength = name.utf8CodeUnitCount
            var m = k
            while m < n {
                if b[m] == 0x3C, m + 1 < n, b[m + 1] == 0x2F, matchesLowercased(m + 2, name) {
                    let after = m + 2 + nameLength
                    if after >= n { return n }
                    let c = b[after]
                    if isSpace(c) || c == 0x2F || c == 0x3E {
                        return tagEnd(from: after) ?? n
                    }
                }
                m += 1
            }
            return n
        }

        /// The index of the first `byte` at or after `k`; searches for '>' remember their failures.
        mutating func find(_ byte: UInt8, from k: Int) -> Int? {
            let isGT = byte == 0x3E
            if isGT && k >= noGreaterThanFrom { return nil }
            var m = k
            while m < b.count {
                if b[m] == byte { return m }
                m += 1
            }
            if isGT { noGreaterThanFrom = min(noGreaterThanFrom, k) }
            return nil
        }

        func matches(_ k: Int, _ s: StaticString) -> Bool {
            let count = s.utf8CodeUnitCount
            guard k >= 0, count <= b.count - k else { return false }
            return s.withUTF8Buffer { p in
                for t in 0..<count where b[k + t] != p[t] { return false }
                return true
            }
        }

        /// ASCII case-insensitive match of a lower-case `s` at `k`.
        func matchesLowercased(_ k: Int, _ s: StaticString) -> Bool {
            let count = s.utf8CodeUnitCount
            guard k >= 0, count <= b.count - k else { return false }
            return s.withUTF8Buffer { p in
                for t in 0..<count {
                    let c = b[k + t]
                    let l = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
                    if l != p[t] { return false }
                }
                return true
            }
        }
    }

    /// A tag name of up to 8 ASCII bytes packed as `MarkupScanner.tagName` packs it (big-endian:
    /// "div" is 0x646976).
    static func pack(_ name: StaticString) -> UInt64 {
        name.withUTF8Buffer { p in p.reduce(0) { $0 << 8 | UInt64($1) } }
    }

    static let scriptName: UInt64 = 0x736372697074  // "script"
    static let styleName: UInt64 = 0x7374796C65  // "style"
    // Codes for the two word-breaking names longer than 8 bytes. Only a tag name made of control
    // bytes packs to them, and that costs no more than a space.
    static let blockquoteName: UInt64 = 0x0101_0101_0101_0101
    static let figcaptionName: UInt64 = 0x0101_0101_0101_0102

    /// The elements that end a word: `<br>` and the block-level elements (a reader shows their text
    /// apart). `breaksWords` holds them packed; the tests check the two lists agree.
    static let wordBreakingElements: [StaticString] = [
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
        "tfoot", "th", "thead", "tr", "ul",
    ]

    /// Whether a packed tag name is one of `wordBreakingElements` (a switch over constants: no hashing
    /// and no lazy global on a path taken at every tag).
    @inline(__always)
    static func breaksWords(_ packedName: UInt64) -> Bool {
        switch packedName {
        case 0x0101_0101_0101_0101 /* blockquote */, 0x0101_0101_0101_0102 /* figcaption */,
            0x61646472657373 /* address */, 0x61727469636C65 /* article */, 0x6173696465 /* aside */,
            0x6272 /* br */, 0x63617074696F6E /* caption */, 0x6464 /* dd */, 0x64657461696C73 /* details */,
            0x6469616C6F67 /* dialog */, 0x646976 /* div */, 0x646C /* dl */, 0x6474 /* dt */,
            0x6669656C64736574 /* fieldset */, 0x666967757265 /* figure */, 0x666F6F746572 /* footer */,
            0x666F726D /* form */, 0x6831 /* h1 */, 0x6832 /* h2 */, 0x6833 /* h3 */, 0x6834 /* h4 */,
            0x6835 /* h5 */, 0x6836 /* h6 */, 0x686561646572 /* header */, 0x6872 /* hr */, 0x6C69 /* li */,
            0x6D61696E /* main */, 0x6E6176 /* nav */, 0x6F6C /* ol */, 0x70 /* p */, 0x707265 /* pre */,
            0x73656374696F6E /* section */, 0x73756D6D617279 /* summary */, 0x7461626C65 /* table */,
            0x74626F6479 /* tbody */, 0x7464 /* td */, 0x74666F6F74 /* tfoot */, 0x7468 /* th */,
            0x7468656164 /* thead */, 0x7472 /* tr */, 0x756C /* ul */:
            return true
        default:
            return false
        }
    }
}
