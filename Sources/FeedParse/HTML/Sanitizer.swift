internal import FeedModel

/// Makes feed HTML safe to show: an allow-list of elements and attributes, URLs made absolute and
/// limited to safe schemes, styles cut down to properties that can neither hide nor run anything,
/// and every open element closed.
///
/// The lists follow feedparser's `_HTMLSanitizer` (sanitizer.py) and the OWASP guidance
/// (https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html):
/// no `<script>`, `<style>`, SVG or MathML (dropped with their content); no `<iframe>`, `<object>`,
/// `<embed>` or form controls (their tags dropped, their text kept, as feedparser does); no `on*`
/// handler; no `javascript:`, `vbscript:` or `data:` URL, except `data:image/*` raster images in
/// `<img src>`. What we keep out of feedparser's lists on purpose: docs/design.md.
/// HTMLNames.swift is generated from the lists below by scripts/gen_html_names.py.
///
/// It works over UTF-8 bytes, as `PlainText` does: names are matched packed (`HTMLElement`,
/// `HTMLAttribute`: the lists below as switches, in HTMLNames.swift), text and kept attribute values
/// are copied, escaped and decoded straight from the input into one output buffer, and strings are
/// made only where the string functions decide: relative URLs to resolve, `data:` URLs, non-ASCII
/// styles, non-ASCII URLs with white space or controls at an end, names with non-ASCII bytes. The
/// open elements are counted by name, so an end tag of an element that is not open costs nothing,
/// and closing costs one step per element closed (no rescan of the open elements: no n²).
///
/// Asked for it (`text: true`), it writes in the same pass the plain text of what it writes: what
/// `PlainText.fromHTML` would make of its output (the classifier reads that), without reading the
/// output again. Its text runs go there decoded and with white space collapsed, and the tags it
/// writes of `PlainText.wordBreakingElements` end a word; what it drops leaves nothing there either.
struct Sanitizer {
    private var out: ByteBuffer
    /// Decoded attribute values, while they are checked.
    private var scratch: ByteBuffer
    /// The open elements (codes), innermost last; `openCounts[code]` counts each.
    private var open: [UInt8] = []
    private var openCounts: [Int] = []
    /// The elements dropped with their content that are open (codes), innermost last.
    private var dropping: [UInt8] = []
    private let base: String?
    /// The start tag being written, and the attributes it has (bit `code % 64` of word `code / 64`).
    private var tag = HTMLElement.unknown
    private var writingTag = false
    private var seen = SIMD4<UInt64>()
    /// The plain text, when asked for (`makesText`), and a space owed to it before more text.
    private let makesText: Bool
    private var plain: ByteBuffer
    private var pendingSpace = false

    private init(base: String?, capacity: Int, text: Bool) {
        // A base HTML may not link to (an xml:base or a feed's link of `javascript:` or `data:`)
        // is none: a relative link resolved against it became a `javascript:` link.
        self.base = base.flatMap { b in
            switch PlainText.withBytes(b, { Sanitizer.scheme($0) }) {
            case .allowed, .none: b
            case .data, .other: nil
            }
        }
        out = ByteBuffer(capacity: capacity)
        scratch = ByteBuffer(capacity: 0)
        makesText = text
        plain = ByteBuffer(capacity: text ? capacity : 0)
    }

    private func deallocate() {
        out.deallocate()
        scratch.deallocate()
        plain.deallocate()
    }

    /// Sanitizes an HTML string; `base` resolves relative URLs. With `text`, the plain text too.
    static func clean(_ html: String, base: String?, text: Bool = false) -> CleanHTML {
        PlainText.withBytes(html) { clean($0, original: html, base: base, text: text) }
    }

    /// `clean` on UTF-8 bytes; `original`, when given, is the string they are the bytes of
    /// (returned as it is when it is already safe). The bytes must be valid UTF-8 (a String's, or
    /// an XML text node's): the HTML is checked and repaired as a whole, the plain text too, and
    /// a character broken across a tag would be repaired differently in the two.
    static func clean(_ b: UnsafeBufferPointer<UInt8>, original html: String? = nil, base: String?, text: Bool = false) -> CleanHTML {
        // Fast path: text without markup or references is already safe HTML.
        guard let p = b.baseAddress else { return CleanHTML(html: html ?? "", text: text ? "" : nil) }
        var i = ByteScan.skipText(p, from: 0, end: b.count, quote: false)
        while i < b.count, p[i] != 0x3C, p[i] != 0x26, p[i] != 0x3E { i += 1 }
        if i == b.count {
            let same = html ?? String(decoding: b, as: UTF8.self)
            return CleanHTML(html: same, text: text ? PlainText.collapse(same, b) : nil)
        }
        var s = Sanitizer(base: base, capacity: b.count + b.count / 8 + 64, text: text)
        defer { s.deallocate() }
        HTMLTokenizer.tokenize(b, into: &s)
        return s.finish()
    }

    /// Sanitizes inline XHTML (Atom `type="xhtml"`, or markup written unescaped in RSS) from the tree.
    static func clean(children node: XMLNode, base: String?, text: Bool = false) -> CleanHTML {
        var s = Sanitizer(base: base, capacity: 256, text: text)
        defer { s.deallocate() }
        s.text(node.text)
        for child in node.children { s.walk(child) }
        return s.finish()
    }

    private mutating func walk(_ node: XMLNode) {
        let name = PlainText.withBytes(node.name) { HTMLElement($0) }
        if name.dropsContent { text(node.tail); return }
        if startTag(name) {
            for a in node.attributes where a.ns != .xml {
                PlainText.withBytes(a.name) { attributeName in
                    PlainText.withBytes(a.value) { value in attribute(HTMLAttribute(attributeName), value, decoded: true) }
                }
            }
        }
        endStartTag(name, selfClosing: false)
        if !name.isVoid {
            text(node.text)
            for child in node.children { walk(child) }
            endTag(name)
        }
        text(node.tail)
    }

    private mutating func text(_ s: String) {
        guard dropping.isEmpty, !s.isEmpty else { return }
        PlainText.withBytes(s) {
            out.appendEscaped($0, quote: false)
            if makesText { plainText($0) }
        }
    }

    /// Text as it reads (decoded) to the plain text, its white space collapsed as `PlainText.Writer`
    /// collapses it.
    @inline(never)
    private mutating func plainText(_ b: UnsafeBufferPointer<UInt8>) {
        plain.appendCollapsed(b, pendingSpace: &pendingSpace)
    }

    /// White space, or a tag that ends a word: one space in the plain text if more text follows.
    @inline(__always)
    private mutating func wordBreak() {
        if plain.count > 0 { pendingSpace = true }
    }

    private mutating func push(_ name: HTMLElement) {
        if openCounts.isEmpty { openCounts = Array(repeating: 0, count: HTMLElement.count) }
        open.append(name.code)
        openCounts[Int(name.code)] += 1
    }

    private mutating func finish() -> CleanHTML {
        // Closing what the feed left open: the white space before the cut belongs outside.
        while let last = out.last, last == 0x20 || last == 0x0A || last == 0x09 || last == 0x0D { out.removeLast() }
        while let code = open.popLast() { writeEndTag(HTMLElement(code: code)) }
        return CleanHTML(html: out.string, text: makesText ? plain.string : nil)
    }

    private mutating func writeEndTag(_ name: HTMLElement) {
        if makesText, name.breaksWords { wordBreak() }
        out.append("</")
        out.append(name.name)
        out.append(0x3E)
    }
}

extension Sanitizer: HTMLTokenSink {
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, _ flags: HTMLTokenizer.TextFlags) {
        guard dropping.isEmpty else { return }
        if flags.contains(.ampersand) {
            if makesText { appendDecodedText(bytes) } else { appendDecoded(bytes, inAttribute: false) }
        } else if flags.contains(.angleBracket) {
            out.appendEscaped(bytes, quote: false)
            if makesText { plainText(bytes) }
        } else {
            out.append(bytes)
            if makesText { plainText(bytes) }
        }
    }

    mutating func startTag(_ name: HTMLElement) -> Bool {
        if !dropping.isEmpty {
            if name.dropsContent, !name.isVoid { dropping.append(name.code) }
            return false
        }
        if name.dropsContent {
            if !name.isVoid, name != .script, name != .style { dropping.append(name.code) }
            return false
        }
        guard name.isAllowed else { return false }
        if makesText, name.breaksWords { wordBreak() }
        out.append(0x3C)
        out.append(name.name)
        tag = name
        writingTag = true
        seen = SIMD4()
        return true
    }

    mutating func attribute(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        attribute(HTMLAttribute(name), value, decoded: false)
    }

    mutating func endStartTag(_ name: HTMLElement, selfClosing: Bool) {
        if writingTag {
            writingTag = false
            if name.isVoid {
                out.append(" />")
            } else {
                out.append(0x3E)
                push(name)
            }
        }
        if selfClosing, !name.isVoid, name.isAllowed { endTag(name) }
    }

    mutating func endTag(_ name: HTMLElement) {
        if !dropping.isEmpty {
            if dropping.last == name.code { dropping.removeLast() }
            return
        }
        guard name.isAllowed, !openCounts.isEmpty, openCounts[Int(name.code)] > 0 else { return }
        while let code = open.popLast() {
            openCounts[Int(code)] -= 1
            writeEndTag(HTMLElement(code: code))
            if code == name.code { break }
        }
    }
}

// MARK: - Attributes

extension Sanitizer {
    /// One attribute of the start tag being written: kept if allowed, the first of its name, and safe.
    /// `value` is as written (references to decode), or already `decoded` (from the XML tree).
    private mutating func attribute(_ name: HTMLAttribute, _ value: UnsafeBufferPointer<UInt8>, decoded: Bool) {
        guard name.code != 0 else { return }
        let word = Int(name.code >> 6)
        let bit: UInt64 = 1 << UInt64(name.code & 63)
        guard seen[word] & bit == 0 else { return }
        seen[word] |= bit
        let hasReference = !decoded && value.count > 0 && ByteScan.first(0x26, value.baseAddress!, from: 0, end: value.count) < value.count
        guard name.isURL || name == .style else {
            writeAttributeStart(name)
            if hasReference { appendDecoded(value, inAttribute: true) } else { out.appendEscaped(value, quote: true) }
            out.append(0x22)
            return
        }
        var value = value
        if hasReference {
            scratch.removeAll()
            Sanitizer.decodeReferences(value, inAttribute: true) { scratch.append($0) }
            value = scratch.buffer
        }
        if name == .style { writeStyle(value) } else { writeURL(name, value) }
    }

    private mutating func writeAttributeStart(_ name: HTMLAttribute) {
        out.append(0x20)
        out.append(name.name)
        out.append("=\"")
    }

    private mutating func writeAttribute(_ name: HTMLAttribute, _ value: UnsafeBufferPointer<UInt8>) {
        writeAttributeStart(name)
        out.appendEscaped(value, quote: true)
        out.append(0x22)
    }

    /// A URL attribute, kept when its scheme is safe (`data:` only for raster images in `<img src>`),
    /// resolved against the base when it has none.
    private mutating func writeURL(_ name: HTMLAttribute, _ value: UnsafeBufferPointer<UInt8>) {
        // Trimmed as `trimmingWhitespace` trims (in bytes while the ends are ASCII).
        let n = value.count
        if n > 0, value[0] > 0x20, value[0] < 0x80, value[n - 1] > 0x20, value[n - 1] < 0x80 {
            writeTrimmedURL(name, value)
        } else if !value.contains(where: { $0 >= 0x80 }) {
            var start = 0
            var end = n
            while start < end, Sanitizer.isASCIIWhitespace(value[start]) { start += 1 }
            while end > start, Sanitizer.isASCIIWhitespace(value[end - 1]) { end -= 1 }
            writeTrimmedURL(name, UnsafeBufferPointer(rebasing: value[start..<end]))
        } else {
            let trimmed = String(decoding: value, as: UTF8.self).trimmingWhitespace
            PlainText.withBytes(trimmed) { writeTrimmedURL(name, $0) }
        }
    }

    private mutating func writeTrimmedURL(_ name: HTMLAttribute, _ url: UnsafeBufferPointer<UInt8>) {
        switch Sanitizer.scheme(url) {
        case .allowed:
            writeAttribute(name, url)
        case .other:
            return
        case .data:
            guard tag == .img, name == .src, Sanitizer.isRasterImageData(String(decoding: url, as: UTF8.self)) else { return }
            writeAttribute(name, url)
        case .none:
            let resolved = URLResolver.resolve(String(decoding: url, as: UTF8.self), against: base)
            PlainText.withBytes(resolved) { writeAttribute(name, $0) }
        }
    }

    /// A `style` attribute, kept if `cleanStyle` keeps any of it.
    private mutating func writeStyle(_ value: UnsafeBufferPointer<UInt8>) {
        guard !value.contains(where: { $0 >= 0x80 }) else {
            let kept = Sanitizer.cleanStyle(String(decoding: value, as: UTF8.self))
            if !kept.isEmpty { PlainText.withBytes(kept) { writeAttribute(.style, $0) } }
            return
        }
        let mark = out.count
        writeAttributeStart(.style)
        if Sanitizer.cleanASCIIStyle(value, into: &out) {
            out.append(0x22)
        } else {
            out.removeLast(out.count - mark)
        }
    }

    /// Text or an attribute value with its references decoded, escaped.
    private mutating func appendDecoded(_ b: UnsafeBufferPointer<UInt8>, inAttribute: Bool) {
        let quote = inAttribute
        Sanitizer.decodeReferences(b, inAttribute: inAttribute) { out.appendEscaped($0, quote: quote) }
    }

    /// Text with its references decoded: escaped to the HTML, and to the plain text as it reads.
    @inline(never)
    private mutating func appendDecodedText(_ b: UnsafeBufferPointer<UInt8>) {
        Sanitizer.decodeReferences(b, inAttribute: false) {
            out.appendEscaped($0, quote: false)
            plainText($0)
        }
    }
}

/// Sanitized HTML, and its plain text (what `PlainText.fromHTML` makes of it) when it was asked for.
struct CleanHTML {
    var html: String
    var text: String?

    init(html: String, text: String? = nil) {
        self.html = html
        self.text = text
    }

    /// Trimmed as `trimmingWhitespace` trims the HTML. The plain text stays as it is when only
    /// HTML's white space went (its ends drop that anyway), else it is made again from what is
    /// left: a no-break space, say, at an end of the HTML is in the text until it is trimmed.
    func trimmed() -> CleanHTML {
        let trimmed = html.trimmingWhitespace
        let cut = html.utf8.count - trimmed.utf8.count
        guard cut > 0, let text else { return CleanHTML(html: trimmed, text: text) }
        if trimmed.isEmpty { return CleanHTML(html: trimmed, text: "") }
        let u = html.utf8
        let spaces = u.prefix { PlainText.isSpace($0) }.count + u.reversed().prefix { PlainText.isSpace($0) }.count
        return CleanHTML(html: trimmed, text: spaces == cut ? text : PlainText.fromHTML(trimmed))
    }
}

// MARK: - Bytes

extension Sanitizer {
    /// What a URL's scheme allows.
    enum Scheme { case none, data, allowed, other }

    /// The scheme of a (trimmed) URL as `URLResolver.scheme` reads it: leading C0 controls and spaces
    /// skipped, tabs and newlines ignored, lower-cased.
    static func scheme(_ b: UnsafeBufferPointer<UInt8>) -> Scheme {
        let n = b.count
        var i = 0
        while i < n, b[i] <= 0x20 { i += 1 }
        var packed: UInt64 = 0
        var length = 0
        while i < n {
            let c = b[i]
            i += 1
            if c == 0x09 || c == 0x0A || c == 0x0D { continue }
            if c == 0x3A {
                if length == 0 { return .none }
                if length > 8 { return .other }
                if packed == HTMLScheme.data { return .data }
                return HTMLScheme.isAllowed(packed: packed) ? .allowed : .other
            }
            let l = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
            guard (l >= 0x61 && l <= 0x7A) || (length > 0 && ((l >= 0x30 && l <= 0x39) || l == 0x2B || l == 0x2D || l == 0x2E)) else {
                return .none
            }
            if length < 8 { packed = packed << 8 | UInt64(l) }
            length += 1
        }
        return .none
    }

    /// `b` with its references decoded as `PlainText.decodeEntities` decodes them, handed to `emit` in
    /// pieces: runs of `b` and the text of each reference.
    @inline(__always)
    static func decodeReferences(_ b: UnsafeBufferPointer<UInt8>, inAttribute: Bool, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        let n = b.count
        var copied = 0
        var i = 0
        guard n > 0, let p = b.baseAddress else { return }
        while i < n {
            i = ByteScan.first(0x26, p, from: i, end: n)
            guard i < n else { break }
            guard let (end, ref) = PlainText.reference(b, at: i, inAttribute: inAttribute) else { i += 1; continue }
            emit(UnsafeBufferPointer(rebasing: b[copied..<i]))
            switch ref {
            case .scalar(let v): emitScalar(v, emit)
            case .named(let text): emit(text)
            case .nothing: break
            }
            i = end
            copied = end
        }
        emit(UnsafeBufferPointer(rebasing: b[copied..<n]))
    }

    /// A code point (a valid scalar value) as UTF-8.
    static func emitScalar(_ v: UInt32, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var bytes: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        let count: Int
        switch v {
        case 0..<0x80:
            bytes.0 = UInt8(v)
            count = 1
        case 0x80..<0x800:
            bytes = (UInt8(0xC0 | (v >> 6)), UInt8(0x80 | (v & 0x3F)), 0, 0)
            count = 2
        case 0x800..<0x10000:
            bytes = (UInt8(0xE0 | (v >> 12)), UInt8(0x80 | ((v >> 6) & 0x3F)), UInt8(0x80 | (v & 0x3F)), 0)
            count = 3
        default:
            bytes = (UInt8(0xF0 | ((v >> 18) & 0x07)), UInt8(0x80 | ((v >> 12) & 0x3F)), UInt8(0x80 | ((v >> 6) & 0x3F)), UInt8(0x80 | (v & 0x3F)))
            count = 4
        }
        withUnsafeBytes(of: &bytes) { raw in
            emit(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: count))
        }
    }

    /// White space as `Character.isWhitespace` has it, among ASCII bytes.
    @inline(__always)
    static func isASCIIWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || (c >= 0x09 && c <= 0x0D)
    }

    /// `cleanStyle` for an ASCII style (where every byte is a `Character` but CR LF, which is white
    /// space as its bytes are), writing the kept declarations escaped; false when it keeps none.
    static func cleanASCIIStyle(_ style: UnsafeBufferPointer<UInt8>, into out: inout ByteBuffer) -> Bool {
        let n = style.count
        var kept = false
        var k = 0
        while k < n {
            var e = k
            while e < n, style[e] != 0x3B { e += 1 }  // ';'
            let declaration = UnsafeBufferPointer(rebasing: style[k..<e])
            k = e + 1
            guard let colon = declaration.firstIndex(of: 0x3A) else { continue }
            let property = trimmed(UnsafeBufferPointer(rebasing: declaration[..<colon]))
            guard let (_, check) = styleProperty(property) else { continue }
            let value = trimmed(UnsafeBufferPointer(rebasing: declaration[(colon + 1)...]))
            guard !value.isEmpty, value.count < 200, isInert(value), passes(check, value) else { continue }
            // As feedparser writes them: `name: value;`, one space apart, the name as written.
            if kept { out.append(0x20) }
            out.append(property)
            out.append(": ")
            out.appendEscaped(value, quote: true)
            out.append(0x3B)
            kept = true
        }
        return kept
    }

    /// ASCII bytes without the white space at their ends.
    @inline(__always)
    static func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = b.count
        while start < end, isASCIIWhitespace(b[start]) { start += 1 }
        while end > start, isASCIIWhitespace(b[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: b[start..<end])
    }

    /// How the value of a kept style property is checked, beyond `isInert`.
    enum StyleCheck {
        /// Any inert value.
        case inert
        /// A size: not zero or less, which could hide text.
        case size
        /// `display`: not `none`.
        case display
        /// `background-*`, `border-*`, `margin-*`, `padding-*` (feedparser's rule): every word one
        /// of `styleKeywords` or a colour or small unsigned length (`isStyleWord`).
        case keywords
    }

    /// Whether a (trimmed, inert) style value passes its property's check. ASCII values are checked
    /// on their bytes (where every `Character` is a byte, or CR LF, white space as its bytes are);
    /// others as `String`s.
    static func passes(_ check: StyleCheck, _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        switch check {
        case .inert:
            return true
        case .size:
            var m = 0
            while m < value.count, (value[m] >= 0x30 && value[m] <= 0x39) || value[m] == 0x2E || value[m] == 0x2D { m += 1 }
            if let number = Double(String(decoding: UnsafeBufferPointer(rebasing: value[..<m]), as: UTF8.self)), number <= 0 { return false }
            return true
        case .display:
            guard value.allSatisfy({ $0 < 0x80 }) else { return !String(decoding: value, as: UTF8.self).lowercased().contains("none") }
            var k = 0
            while k + 4 <= value.count {
                if HTMLNames.equalsLowercased(UnsafeBufferPointer(rebasing: value[k..<(k + 4)]), "none") { return false }
                k += 1
            }
            return true
        case .keywords:
            guard value.allSatisfy({ $0 < 0x80 }) else {
                return String(decoding: value, as: UTF8.self).split(whereSeparator: { $0.isWhitespace }).allSatisfy {
                    styleKeywords.contains(String($0)) || PlainText.withBytes(String($0)) { isStyleWord($0) }
                }
            }
            let n = value.count
            var k = 0
            while k < n {
                while k < n, isASCIIWhitespace(value[k]) { k += 1 }
                guard k < n else { break }
                var e = k
                while e < n, !isASCIIWhitespace(value[e]) { e += 1 }
                let word = UnsafeBufferPointer(rebasing: value[k..<e])
                guard isStyleKeyword(word) || isStyleWord(word) else { return false }
                k = e
            }
            return true
        }
    }

    /// Whether the bytes are one of `styleKeywords` (as written: the check is case-sensitive).
    static func isStyleKeyword(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        guard w.count >= 3, w.count <= 11 else { return false }
        for keyword in styleKeywordList where keyword.utf8CodeUnitCount == w.count && equals(w, keyword) { return true }
        return false
    }

    /// Whether the bytes are exactly `text`'s.
    @inline(__always)
    static func equals(_ b: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard b.count == count else { return false }
        let t = text.utf8Start
        for k in 0..<count where b[k] != t[k] { return false }
        return true
    }

    /// A word of feedparser's `valid_css_values`: `#` and lower-case hex digits; `rgb(` numbers
    /// `)`; or up to two digits, a point, up to two digits and a unit (no sign: nothing moved away).
    static func isStyleWord(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = w.count
        func digits(_ i: inout Int, max: Int = .max) { var k = 0; while i < n, k < max, w[i] >= 0x30, w[i] <= 0x39 { i += 1; k += 1 } }
        func skip(_ c: UInt8, _ i: inout Int) { if i < n, w[i] == c { i += 1 } }
        if n > 0, w[0] == 0x23 {  // #
            return n > 1 && w[1...].allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
        }
        var i = 0
        if n >= 4, w[0] == 0x72, w[1] == 0x67, w[2] == 0x62, w[3] == 0x28 {  // rgb(
            i = 4
            let start = i
            digits(&i)
            guard i > start else { return false }
            skip(0x25, &i)
            guard i < n, w[i] == 0x2C else { return false }  // ,
            i += 1
            digits(&i); skip(0x25, &i); skip(0x2C, &i); digits(&i); skip(0x25, &i); skip(0x29, &i)
            return i == n
        }
        digits(&i, max: 2); skip(0x2E, &i); digits(&i, max: 2)
        let unit = UnsafeBufferPointer(rebasing: w[i...])
        switch unit.count {
        case 0: return true
        case 1: return unit[0] == 0x25 || unit[0] == 0x2C || unit[0] == 0x29  // % , )
        case 2:
            return equals(unit, "cm") || equals(unit, "em") || equals(unit, "ex") || equals(unit, "in") || equals(unit, "mm")
                || equals(unit, "pc") || equals(unit, "pt") || equals(unit, "px")
        default: return false
        }
    }

    /// The words feedparser's `acceptable_css_keywords` lets through in `background-*`, `border-*`,
    /// `margin-*` and `padding-*` values.
    static let styleKeywords: Set<String> = Set(styleKeywordList.map { $0.description })
    static let styleKeywordList: [StaticString] = [
        "!important", "aqua", "auto", "black", "block", "blue", "bold", "both", "bottom", "brown", "center",
        "collapse", "dashed", "dotted", "fuchsia", "gray", "green", "italic", "left", "lime", "maroon",
        "medium", "navy", "none", "normal", "nowrap", "olive", "pointer", "purple", "red", "right", "silver",
        "solid", "teal", "top", "transparent", "underline", "white", "yellow",
    ]

    /// The kept style property named by ASCII bytes (any case), lower-cased, and how its value is checked.
    static func styleProperty(_ b: UnsafeBufferPointer<UInt8>) -> (StaticString, StyleCheck)? {
        let n = b.count
        guard n > 0, n <= 16 else { return n > 16 ? keywordProperty(b) : nil }
        var hi: UInt64 = 0
        var lo: UInt64 = 0
        for k in 0..<n {
            let c = b[k]
            let l = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
            guard (l >= 0x61 && l <= 0x7A) || l == 0x2D else { return nil }  // every name is [a-z-]
            if k < 8 { hi = hi << 8 | UInt64(l) } else { lo = lo << 8 | UInt64(l) }
        }
        guard let name = HTMLStyleProperty.name(hi, lo) else { return keywordProperty(b) }
        if HTMLStyleProperty.isSize(hi, lo) { return (name, .size) }
        return (name, HTMLStyleProperty.isDisplay(hi, lo) ? .display : .inert)
    }

    /// feedparser's rule for the properties not in the table: `background`, `border`, `margin`,
    /// `padding` and their `-*` forms (names of letters and '-') take keyword values only.
    static func keywordProperty(_ b: UnsafeBufferPointer<UInt8>) -> (StaticString, StyleCheck)? {
        guard b.count <= 40, b.allSatisfy({ PlainText.isLetter($0) || $0 == 0x2D }) else { return nil }
        var dash = 0
        while dash < b.count, b[dash] != 0x2D { dash += 1 }
        let family = UnsafeBufferPointer(rebasing: b[..<dash])
        if HTMLNames.equalsLowercased(family, "background") { return ("background", .keywords) }
        if HTMLNames.equalsLowercased(family, "border") { return ("border", .keywords) }
        if HTMLNames.equalsLowercased(family, "margin") { return ("margin", .keywords) }
        if HTMLNames.equalsLowercased(family, "padding") { return ("padding", .keywords) }
        return nil
    }
}

/// A growing byte buffer: the sanitizer's output. Its owner deallocates it.
struct ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    func deallocate() { base.deallocate() }

    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
    /// The bytes as a string. They are UTF-8 by construction (input cut at ASCII bytes, and text
    /// made by strings or from code points); still checked, with repair should they ever not be.
    var string: String { String(checkedUTF8: buffer) }
    var last: UInt8? { count > 0 ? base[count - 1] : nil }

    mutating func removeAll() { count = 0 }
    mutating func removeLast(_ k: Int = 1) { count -= min(k, count) }

    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if capacity - count < extra { grow(extra) }
    }

    @inline(never)
    mutating func grow(_ extra: Int) {
        capacity = max(capacity * 2, count + extra)
        base = base.moved(count: count, toCapacity: capacity)
    }

    @inline(__always)
    mutating func append(_ c: UInt8) {
        reserve(1)
        base[count] = c
        count += 1
    }

    @inline(__always)
    mutating func append(_ b: UnsafeBufferPointer<UInt8>) {
        let k = b.count
        guard k > 0, let from = b.baseAddress else { return }
        reserve(k)
        if k <= 8 {
            for t in 0..<k { base[count + t] = from[t] }
        } else {
            (base + count).initialize(from: from, count: k)
        }
        count += k
    }

    @inline(__always)
    mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { append($0) }
    }

    /// `b` with '&', '<', '>' (and '"' when `quote`) escaped.
    @inline(__always)
    mutating func appendEscaped(_ b: UnsafeBufferPointer<UInt8>, quote: Bool) {
        let n = b.count
        guard n > 0, let p = b.baseAddress else { return }
        let special: UInt64 = quote ? ByteBuffer.attributeSpecial : ByteBuffer.textSpecial
        var run = 0
        var k = 0
        while k < n {
            k = ByteScan.skipText(p, from: k, end: n, quote: quote)
            let stop = min(k + 16, n)
            while k < stop {
                let c = p[k]
                if c <= 0x3E && (special >> UInt64(c)) & 1 != 0 {
                    append(UnsafeBufferPointer(start: p + run, count: k - run))
                    appendEntity(c)
                    run = k + 1
                }
                k += 1
            }
        }
        append(UnsafeBufferPointer(start: p + run, count: n - run))
    }

    /// `b`, text as it reads, with its white space collapsed as `PlainText.Writer` collapses it:
    /// white space (or `pendingSpace`, a word break before it) is one space before the next text,
    /// none at the start. Runs of text and single spaces are copied sixteen bytes at a time as they
    /// are scanned (`PlainText.endOfRun`'s test), so a run costs no copy call: the texts of feeds'
    /// HTML break at every line and reference, and a call a run cost more than its bytes.
    mutating func appendCollapsed(_ b: UnsafeBufferPointer<UInt8>, pendingSpace: inout Bool) {
        guard let src = b.baseAddress, b.count > 0 else { return }
        let n = b.count
        // A single white space (the line feed between two tags, a third of the texts of feeds'
        // HTML): owed as a space, without the loop, whose ends the branch predictor missed.
        if n == 1, PlainText.isSpace(src[0]) {
            pendingSpace = pendingSpace || count > 0
            return
        }
        reserve(n + 1)  // the text, and one space before it
        let dst = base
        var o = count
        var i = 0
        let space = ByteScan.Vector(repeating: 0x20)
        while i < n {
            let c = src[i]
            if PlainText.isSpace(c) {
                if o > 0 { pendingSpace = true }
                i += 1
                continue
            }
            if pendingSpace {
                dst[o] = 0x20
                o += 1
                pendingSpace = false
            }
            // A run: blocks with no white space but single spaces followed by text (the byte
            // after the block read too), then a byte at a time to where it ends.
            while n - i >= 17 {
                let v = ByteScan.load(src + i)
                let w = ByteScan.load(src + i + 1)
                let next = PlainText.controlSpaces(w) .| (w .== space)
                if ByteScan.anyTrue(PlainText.controlSpaces(v) .| ((v .== space) .& next)) { break }
                UnsafeMutableRawPointer(dst + o).storeBytes(of: v, as: ByteScan.Vector.self)
                i += 16
                o += 16
            }
            while i < n {
                let d = src[i]
                if d == 0x20 {
                    guard i + 1 < n, !PlainText.isSpace(src[i + 1]) else { break }
                } else if PlainText.isSpace(d) {
                    break
                }
                dst[o] = d
                o += 1
                i += 1
            }
        }
        count = o
    }

    static let textSpecial: UInt64 = 1 << 0x26 | 1 << 0x3C | 1 << 0x3E
    static let attributeSpecial: UInt64 = textSpecial | 1 << 0x22

    mutating func appendEntity(_ c: UInt8) {
        switch c {
        case 0x26: append("&amp;")
        case 0x3C: append("&lt;")
        case 0x3E: append("&gt;")
        default: append("&quot;")
        }
    }
}

extension Sanitizer {
    static let elements: Set<String> = [
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "bdi", "bdo", "big",
        "blockquote", "br", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "command",
        "datagrid", "datalist", "dd", "del", "details", "dfn", "dir", "div", "dl", "dt", "em",
        "event-source", "fieldset", "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hr", "i", "img", "ins", "kbd", "label", "legend", "li", "m", "map", "mark", "menu",
        "meter", "multicol", "nav", "nextid", "noscript", "ol", "optgroup", "option", "output", "p",
        "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "sound",
        "source", "spacer", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td",
        "tfoot", "th", "thead", "time", "tr", "track", "tt", "u", "ul", "var", "video", "wbr",
    ]

    /// Dropped together with everything inside them.
    static let dropWithContent: Set<String> = [
        "applet", "base", "frame", "frameset", "head", "link", "math", "meta", "noembed", "noframes",
        "param", "plaintext", "script", "style", "svg", "template", "title", "xmp",
    ]

    static let void: Set<String> = [
        "area", "base", "br", "col", "command", "frame", "hr", "img", "link", "meta", "param", "source",
        "track", "wbr",
    ]

    static let attributes: Set<String> = [
        "abbr", "accept", "accept-charset", "action", "align", "alt", "autocomplete", "axis", "background",
        "balance", "bgcolor", "bgproperties", "border", "bordercolor", "bordercolordark",
        "bordercolorlight", "bottompadding", "cellpadding", "cellspacing", "ch", "challenge", "char",
        "charoff", "charset", "checked", "choff", "cite", "class", "clear", "color", "cols", "colspan",
        "compact", "contenteditable", "controls", "coords", "data", "datafld", "datapagesize", "datasrc",
        "datetime", "default", "delay", "dir", "disabled", "draggable", "dynsrc", "enctype", "end", "face",
        "for", "frame", "galleryimg", "gutter", "headers", "height", "hidefocus", "high", "href",
        "hreflang", "hspace", "icon", "id", "inputmode", "ismap", "keytype", "kind", "label", "lang",
        "leftspacing", "list", "longdesc", "loop", "loopcount", "loopend", "loopstart", "low", "lowsrc",
        "max", "maxlength", "media", "method", "min", "multiple", "muted", "name", "nohref", "noshade",
        "nowrap", "open", "optimum", "pattern", "point-size", "poster", "pqg", "preload", "prompt",
        "radiogroup", "readonly", "rel", "repeat-max", "repeat-min", "replace", "required", "rev",
        "reversed", "rightspacing", "rows", "rowspan", "rules", "scope", "selected", "shape", "size",
        "span", "src", "srclang", "start", "step", "style", "summary", "suppress", "tabindex", "target",
        "template", "title", "toppadding", "type", "unselectable", "urn", "usemap", "valign", "value",
        "variable", "volume", "vrml", "vspace", "width", "wrap",
    ]

    static let urlAttributes: Set<String> = [
        "action", "background", "cite", "data", "datasrc", "dynsrc", "href", "icon", "longdesc", "lowsrc",
        "poster", "src", "template", "usemap", "vrml",
    ]

    static let schemes: Set<String> = [
        "http", "https", "ftp", "ftps", "mailto", "news", "nntp", "tel", "sms", "irc", "ircs", "magnet",
        "feed", "xmpp", "geo", "gopher", "sip", "webcal",
    ]

    static func isRasterImageData(_ url: String) -> Bool {
        let lower = url.prefix(32).lowercased()
        return ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/jpg", "data:image/webp", "data:image/avif"]
            .contains { lower.hasPrefix($0) }
    }

    /// Properties kept in `style`: presentation that cannot hide content or load anything.
    static let styleProperties: Set<String> = [
        "azimuth", "background-color", "border", "border-collapse", "border-color", "border-style",
        "border-width", "clear", "color", "cursor", "direction", "display", "elevation", "float",
        "font-family", "font-size", "font-style", "font-variant", "font-weight", "height", "letter-spacing",
        "line-height", "list-style-type", "pause", "pause-after", "pause-before", "pitch", "pitch-range",
        "richness", "speak", "speak-header", "speak-numeral", "speech-rate", "stress", "text-align",
        "text-decoration", "text-indent", "text-transform", "unicode-bidi", "vertical-align",
        "voice-family", "volume", "white-space", "width", "word-spacing",
    ]

    /// Keeps the allowed declarations of a `style` attribute whose values hold nothing active:
    /// no `\\` escapes, comments, `<`, `@` or `&`, and no function but colours (`rgb()`, `hsl()`),
    /// which rules out `url()` and `expression()`; and no size that could hide text (`passes`).
    /// Written as feedparser writes them: `name: value;`, one space apart, the name as written.
    static func cleanStyle(_ style: String) -> String {
        var kept: [String] = []
        for declaration in style.split(separator: ";") {
            guard let colon = declaration.firstIndex(of: ":") else { continue }
            let property = declaration[..<colon].trimmingWhitespace
            guard property.utf8.allSatisfy({ $0 < 0x80 }),
                  let (_, check) = PlainText.withBytes(property, { styleProperty($0) }) else { continue }
            let value = declaration[declaration.index(after: colon)...].trimmingWhitespace
            guard !value.isEmpty, value.utf8.count < 200, isInert(value),
                  PlainText.withBytes(value, { passes(check, $0) }) else { continue }
            kept.append(property + ": " + value + ";")
        }
        return kept.joined(separator: " ")
    }

    static func isInert(_ value: String) -> Bool {
        PlainText.withBytes(value) { isInert($0) }
    }

    static func isInert(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for k in 0..<bytes.count {
            switch bytes[k] {
            case UInt8(ascii: "\\"), UInt8(ascii: "<"), UInt8(ascii: "@"), UInt8(ascii: "&"), UInt8(ascii: "/"): return false
            case UInt8(ascii: "("):
                // Only a colour function: the letters before '(', lower-cased, are rgb, rgba, hsl or hsla.
                var start = k
                while start > 0, PlainText.isLetter(bytes[start - 1]) { start -= 1 }
                let function = UnsafeBufferPointer(rebasing: bytes[start..<k])
                guard HTMLNames.equalsLowercased(function, "rgb") || HTMLNames.equalsLowercased(function, "rgba")
                    || HTMLNames.equalsLowercased(function, "hsl") || HTMLNames.equalsLowercased(function, "hsla") else { return false }
            default: continue
            }
        }
        return true
    }
}

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// The text without leading and trailing white space (Unicode's definition).
    var trimmingWhitespace: String {
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return String(self)
        }
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
