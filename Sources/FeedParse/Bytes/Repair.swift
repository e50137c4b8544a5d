#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Mends the faults of real-world XML that libxml2 cannot recover from well, before it sees them.
///
/// - Anything before the first `<` (blank lines, a stray byte, a PHP warning) is dropped.
/// - Every entity reference becomes a character reference: the five XML ones, the whole HTML5 named
///   set that feeds use without declaring (`&nbsp;`, `&eacute;`), and C1 references (`&#150;`)
///   remapped to the windows-1252 characters their authors meant (as HTML5 §13.2.5.80 does).
///   libxml2 2.9 drops *every* named reference, `&amp;` included, once a document has had one error
///   in recover mode; character references survive.
/// - A bare `&`, or one that starts no known name, is escaped; an invalid character reference
///   becomes U+FFFD.
/// - CDATA sections, comments, processing instructions and the DOCTYPE are copied untouched. The
///   general entities the DOCTYPE's internal subset declares are expanded here, within bounds
///   (`DeclaredEntities`), so libxml2 never substitutes an entity itself (nor meets a billion laughs).
enum Repair {
    struct Result {
        var bytes: [UInt8]
        var problem: String?
        /// Character data taken out of `bytes`, for `XMLReader` to put back (`Sections`).
        var sections = Sections()
        /// Escaped text or CDATA was rewritten (`rewritesText`).
        var rewrote = false
    }

    /// `rewritesText: false` leaves escaped text and CDATA sections as they are (`EscapedText`,
    /// `Sections`): the reading they are checked against.
    static func document(_ raw: [UInt8], rewritesText: Bool = true) -> Result {
        var problem: String?
        // XML 1.0 forbids C0 controls but tab, LF and CR anywhere, CDATA included; libxml2 stops
        // reading at the first one, so they go before anything else.
        var input = raw
        if raw.withUnsafeBufferPointer(hasForbiddenControl) {
            input.removeAll { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
            problem = "control characters in the document were dropped"
        }
        func note(_ p: String) { if problem == nil { problem = p } }

        var start = 0
        while start < input.count, input[start] != 0x3C { start += 1 }
        if start > 0 {
            let junk = input[0..<start].contains { !isSpace($0) }
            let declFollows = input[start...].starts(with: Array("<?xml".utf8))
            if junk { note("junk before the first tag") } else if declFollows { note("white space before the XML declaration") }
        }

        // The repaired document, written only once something changes (a raw buffer: a feed of
        // escaped HTML has a reference every few bytes, and Array appends cost more than the bytes).
        var out = ByteBuffer(capacity: 0)
        defer { out.deallocate() }
        var sections = Sections()
        sections.expectedBytes = input.count
        var rewrote = false
        // Where the first HTML entity XML does not define (`&nbsp;`, `&eacute;`) was read as
        // HTML's: the document is not well-formed (feedparser calls it bozo), though read whole.
        var htmlEntity = -1
        var copied = start  // input[copied...] not yet copied to out (only used once out is started)
        var changed = start > 0
        if changed { out.reserve(input.count + input.count / 8 + 64) }

        input.withUnsafeBufferPointer { buf in
            let n = buf.count
            var i = start
            func flush(to end: Int) {
                if !changed { changed = true; out.reserve(n + n / 8 + 64); out.append(UnsafeBufferPointer(rebasing: buf[start..<end])) }
                else { out.append(UnsafeBufferPointer(rebasing: buf[copied..<end])) }
            }
            guard let base = buf.baseAddress else { return }
            var closeCache = CloseCache()
            var declared = DeclaredEntities()
            var content = ContentTracker()
            var rewrites = rewritesText
            while true {
                i = nextSpecial(base, i, n)
                if i >= n { break }
                let c = buf[i]
                if c == 0x26 {  // '&'
                    // Escaped text in content: a CDATA section of what it stands for (`EscapedText`).
                    if rewrites, declared.isEmpty, content.isContent(buf, i), let (end, fix) = unescaped(buf, i) {
                        flush(to: i)
                        rewrote = true
                        if htmlEntity < 0, case .entity = fix { htmlEntity = i }
                        i = writeEscapedText(buf, end, fix, to: &out, sections: &sections, htmlEntity: &htmlEntity)
                        copied = i
                        continue
                    }
                    // The four references escaped text is made of, to the character references
                    // `reference` would give, without its general reading.
                    if let (length, value) = commonReference(base, i, n) {
                        flush(to: i)
                        appendTwoDigitCharRef(value, to: &out)
                        i += length
                        copied = i
                        continue
                    }
                    if !declared.isEmpty, let (end, value) = declared.lookup(buf, i) {
                        flush(to: i)
                        if let issue = declared.expand(value, into: &out) { note(issue) }
                        copied = end
                        i = end
                        continue
                    }
                    let (fix, issue) = reference(buf, i)
                    if let issue { note(issue) }
                    if htmlEntity < 0, case .entity = fix { htmlEntity = i }
                    if case let .keep(end) = fix {
                        i = end
                        continue
                    }
                    flush(to: i)
                    i = fix.write(to: &out)
                    copied = i
                    continue
                }
                // '!' or '?': only "<!" and "<?" open sections. The byte before `i` was never part of
                // what was handled before (that ends in ';', '>', '&' or a plain byte).
                guard i > start, buf[i - 1] == 0x3C else { i += 1; continue }
                let lt = i - 1
                if c == 0x21, matches(buf, i, "![CDATA[") {
                    let bodyStart = lt + 9
                    let close = closeCache.find(buf, from: bodyStart)
                    let nextOpen = cdataOpen(buf, from: bodyStart, before: close ?? n)
                    if let close, nextOpen == nil {
                        let body = UnsafeBufferPointer(rebasing: buf[bodyStart..<close])
                        if rewrites, Sections.canTake(body), content.isContent(buf, lt) {
                            flush(to: lt)
                            rewrote = true
                            sections.take(body, writingTo: &out)
                            copied = close + 3
                        }
                        i = close + 3
                        continue
                    }
                    // Not closed before the next section opens (or at all): close it where its
                    // element ends, so that element and the rest survive.
                    let limit = min(nextOpen ?? max(bodyStart, n - 2), n)
                    if let end = unterminatedCDATA(buf, lt, limit: limit) {
                        note("unterminated CDATA section")
                        flush(to: end)
                        out.append("]]>")
                        copied = end
                        i = end
                        continue
                    }
                    i = close.map { $0 + 3 } ?? n
                    continue
                }
                if let end = skipMarkupSection(buf, lt) {
                    if matches(buf, lt + 2, "DOCTYPE") || matches(buf, lt + 2, "doctype") {
                        if declared.isEmpty { declared = DeclaredEntities.read(buf, from: lt, to: end) }
                        // An internal subset: where it ends, libxml2 and this reading may not agree
                        // in a broken one, and what is markup to one is text to the other.
                        if buf[lt..<end].contains(0x5B) { rewrites = false }
                    } else if c == 0x3F, !isWellFormedInstruction(buf, lt, end: end, documentStart: start) {
                        // A PI without a target, unclosed, or an XML declaration past the start:
                        // libxml2 resyncs after it where it will, perhaps not at the `?>` found here.
                        rewrites = false
                    }
                    i = end
                    continue
                }
                i += 1
            }
            if changed { out.append(UnsafeBufferPointer(rebasing: buf[copied..<n])) }
            if htmlEntity >= 0 {
                var end = htmlEntity + 1
                while end < n, buf[end] != 0x3B { end += 1 }
                note("undefined entity \(String(decoding: buf[htmlEntity...min(end, n - 1)], as: UTF8.self)) (HTML's, which XML does not define: read as HTML reads it)")
            }
        }
        return Result(bytes: changed ? Array(out.buffer) : input, problem: problem, sections: sections, rewrote: rewrote)
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// Whether the processing instruction `b[lt..<end]` reads as one to libxml2 too: closed, a
    /// target that starts with a name character, and `xml` only as the declaration at the start.
    static func isWellFormedInstruction(_ b: UnsafeBufferPointer<UInt8>, _ lt: Int, end: Int, documentStart: Int) -> Bool {
        guard end - lt >= 4, b[end - 2] == 0x3F, b[end - 1] == 0x3E else { return false }
        let first = b[lt + 2]
        guard first >= 0x80 || first == 0x5F || first == 0x3A || (first | 0x20) &- 0x61 < 26 else { return false }
        var k = lt + 2
        while k < end - 2, !isSpace(b[k]), b[k] != 0x3F { k += 1 }
        let isXML = k - (lt + 2) == 3 && (b[lt + 2] | 0x20) == 0x78 && (b[lt + 3] | 0x20) == 0x6D && (b[lt + 4] | 0x20) == 0x6C
        return !isXML || lt == documentStart
    }

    /// The end of a CDATA section, comment, PI or DOCTYPE starting at `i`, or nil for a plain tag.
    /// An unterminated section runs to the end of the input.
    static func skipMarkupSection(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let n = b.count
        guard i + 1 < n else { return nil }
        if b[i + 1] == 0x3F { return find(b, from: i + 2, "?>").map { $0 + 2 } ?? n }  // <? … ?>
        guard b[i + 1] == 0x21 else { return nil }
        if matches(b, i + 2, "--") { return find(b, from: i + 4, "-->").map { $0 + 3 } ?? n }
        if matches(b, i + 2, "[CDATA[") { return find(b, from: i + 9, "]]>").map { $0 + 3 } ?? n }
        if matches(b, i + 2, "DOCTYPE") || matches(b, i + 2, "doctype") {
            var j = i + 9
            var inSubset = false
            var quote: UInt8 = 0
            while j < n {
                let c = b[j]
                if quote != 0 { if c == quote { quote = 0 } }
                else if c == 0x22 || c == 0x27 { quote = c }
                else if c == 0x5B { inSubset = true }
                else if c == 0x5D { inSubset = false }
                else if c == 0x3E && !inSubset { return j + 1 }
                j += 1
            }
            return n
        }
        return nil
    }

    /// Where to end a CDATA section that starts at `i` and is never closed (no `]]>` before the
    /// next `<![CDATA[` or the end, which is `limit`): before the end tag of the element it was
    /// opened in. Nil when no such end tag comes before `limit`.
    static func unterminatedCDATA(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, limit: Int) -> Int? {
        let bodyStart = i + 9
        // The element the section was opened in: the start tag just before it.
        var k = i - 1
        while k >= 0, isSpace(b[k]) { k -= 1 }
        guard k >= 0, b[k] == 0x3E else { return nil }
        var open = k
        while open >= 0, b[open] != 0x3C { open -= 1 }
        guard open >= 0, open + 1 < k else { return nil }
        var nameEnd = open + 1
        while nameEnd < k, !isSpace(b[nameEnd]), b[nameEnd] != 0x3E, b[nameEnd] != 0x2F { nameEnd += 1 }
        let name = Array(b[(open + 1)..<nameEnd])
        guard !name.isEmpty, name[0] != 0x2F, name[0] != 0x21, name[0] != 0x3F else { return nil }
        let endTag: [UInt8] = [0x3C, 0x2F] + name
        var m = bodyStart
        while m + endTag.count <= limit {
            if b[m] == 0x3C, b[m + 1] == 0x2F {
                var q = 0
                while q < endTag.count, b[m + q] == endTag[q] { q += 1 }
                if q == endTag.count { return m }
            }
            m += 1
        }
        return nil
    }

    /// The first `]]>` at or after a position, remembering the last answer so that many unclosed
    /// sections do not each search the rest of the document.
    struct CloseCache {
        var from = Int.max
        var at: Int?

        mutating func find(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
            if from >= self.from, at.map({ from <= $0 }) ?? true { return at }
            let found = Repair.find(b, from: from, "]]>")
            self.from = from
            at = found
            return found
        }
    }

    /// The first `<![CDATA[` starting in `from..<before`.
    static func cdataOpen(_ b: UnsafeBufferPointer<UInt8>, from: Int, before: Int) -> Int? {
        guard let base = b.baseAddress else { return nil }
        var p = from + 1  // the '!'
        let end = min(before + 1, b.count)
        while p < end {
            guard let hit = memchr(base + p, 0x21, end - p) else { return nil }
            let q = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if b[q - 1] == 0x3C, matches(b, q, "![CDATA[") { return q - 1 }
            p = q + 1
        }
        return nil
    }

    /// The start of the first occurrence of `s` at or after `from`, found with memchr.
    static func find(_ b: UnsafeBufferPointer<UInt8>, from: Int, _ s: StaticString) -> Int? {
        guard let base = b.baseAddress else { return nil }
        let len = s.utf8CodeUnitCount
        let first = Int32(s.utf8Start[0])
        var p = from
        let last = b.count - len + 1  // exclusive bound of a match's start
        while p < last {
            guard let hit = memchr(base + p, first, last - p) else { return nil }
            let q = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if matches(b, q, s) { return q }
            p = q + 1
        }
        return nil
    }

    /// The first index at or after `from` holding '&', '!' or '?', or `n`.
    @inline(__always)
    static func nextSpecial(_ p: UnsafePointer<UInt8>, _ from: Int, _ n: Int) -> Int {
        firstOf(0x26, 0x21, 0x3F, 0x3F, p, from, n)
    }

    /// The first index at or after `from` holding `a`, `b`, `c` or `d`, or `n`: blocks of 16 bytes
    /// without one skipped (`ByteScan`), the rest byte by byte.
    @inline(__always)
    static func firstOf(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ p: UnsafePointer<UInt8>, _ from: Int, _ n: Int) -> Int {
        let va = ByteScan.Vector(repeating: a), vb = ByteScan.Vector(repeating: b)
        let vc = ByteScan.Vector(repeating: c), vd = ByteScan.Vector(repeating: d)
        var i = from
        while n - i >= 16 {
            let v = ByteScan.load(p + i)
            if ByteScan.anyTrue((v .== va) .| (v .== vb) .| (v .== vc) .| (v .== vd)) { break }
            i += 16
        }
        // Which byte of the block: eight at a time, the first match found from a mask (the lowest
        // bit of `(x - 0x01…) & ~x & 0x80…` is exact; only bits above it can be borrows).
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        while n - i >= 8 {
            let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            let xa = x ^ (ones &* UInt64(a)), xb = x ^ (ones &* UInt64(b))
            let xc = x ^ (ones &* UInt64(c)), xd = x ^ (ones &* UInt64(d))
            let m = (((xa &- ones) & ~xa) | ((xb &- ones) & ~xb) | ((xc &- ones) & ~xc) | ((xd &- ones) & ~xd)) & high
            if m != 0 { return i + m.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < n {
            let x = p[i]
            if x == a || x == b || x == c || x == d { return i }
            i += 1
        }
        return n
    }

    /// True when the bytes hold a C0 control other than tab, LF and CR: 16 bytes at a time.
    static func hasForbiddenControl(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = b.baseAddress else { return false }
        let n = b.count
        let top = ByteScan.Vector(repeating: 0xE0), zero = ByteScan.Vector(repeating: 0)
        let tab = ByteScan.Vector(repeating: 0x09), lf = ByteScan.Vector(repeating: 0x0A)
        let cr = ByteScan.Vector(repeating: 0x0D)
        var i = 0
        while n - i >= 16 {
            let v = ByteScan.load(p + i)
            // Bytes below 0x20 that are not tab, LF or CR.
            if ByteScan.anyTrue(((v & top) .== zero) .& .!((v .== tab) .| (v .== lf) .| (v .== cr))) { return true }
            i += 16
        }
        while i < n {
            let c = p[i]
            if c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D { return true }
            i += 1
        }
        return false
    }

    static func matches(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ s: StaticString) -> Bool {
        let len = s.utf8CodeUnitCount
        guard at + len <= b.count else { return false }
        let p = s.utf8Start
        for k in 0..<len where b[at + k] != p[k] { return false }
        return true
    }

    /// What to do with the reference at `i` (which holds '&').
    enum Fix {
        /// Keep the bytes up to `end` as they are.
        case keep(end: Int)
        /// Write the scalars as character references instead of the bytes up to `end`.
        case scalars(end: Int, UInt32, UInt32?)
        /// Write the replacement text (bytes of the entity table's values) as character references.
        case entity(end: Int, Range<Int>)

        /// Writes what replaces the bytes (nothing for `keep`); returns where they end.
        func write(to out: inout ByteBuffer) -> Int {
            switch self {
            case let .keep(end):
                return end
            case let .scalars(end, first, second):
                Repair.appendCharRef(first, to: &out)
                if let second { Repair.appendCharRef(second, to: &out) }
                return end
            case let .entity(end, range):
                var scalars = HTMLEntities.table.values[range].makeIterator()
                var utf8 = UTF8()
                while case let .scalarValue(scalar) = utf8.decode(&scalars) { Repair.appendCharRef(scalar.value, to: &out) }
                return end
            }
        }
    }

    /// Reads the reference at `i`: what to write instead, and the problem it shows.
    static func reference(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Fix, String?) {
        let n = b.count
        var j = i + 1
        let bare = (Fix.scalars(end: i + 1, 0x26, nil), Optional("bare & (not a reference)"))
        if j < n, b[j] == 0x23 {  // '#'
            j += 1
            var hex = false
            if j < n, b[j] == 0x78 || b[j] == 0x58 { hex = true; j += 1 }
            let digitsStart = j
            var value: UInt32 = 0
            while j < n, j - digitsStart < 9, let d = digit(b[j], hex: hex) {
                value = value &* (hex ? 16 : 10) &+ d
                j += 1
            }
            guard j > digitsStart, j < n, b[j] == 0x3B else { return bare }
            j += 1
            if j - digitsStart > 9 { return (.scalars(end: j, 0xFFFD, nil), "invalid character reference") }
            if (0x80...0x9F).contains(value) { return (.scalars(end: j, UInt32(Transcode.cp1252High[Int(value - 0x80)]), nil), nil) }
            if !isXMLChar(value) { return (.scalars(end: j, 0xFFFD, nil), "invalid character reference") }
            // `&#X41;` is HTML, not XML (which wants a small x): written out, as HTML reads it.
            if hex, b[digitsStart - 1] == 0x58 { return (.scalars(end: j, value, nil), "a character reference with a capital X (&#X)") }
            return (.keep(end: j), nil)
        }
        let nameStart = j
        while j < n, j - nameStart < 40, isNameByte(b[j]) { j += 1 }
        guard j > nameStart, j < n, b[j] == 0x3B else { return bare }
        j += 1
        let name = UnsafeBufferPointer(rebasing: b[nameStart..<j])  // with its ';'
        if name.count <= 5 {
            switch (name.count, name[0], name[1]) {
            case (4, 0x61, 0x6D) where name[2] == 0x70: return (.scalars(end: j, 0x26, nil), nil)  // amp;
            case (3, 0x6C, 0x74): return (.scalars(end: j, 0x3C, nil), nil)  // lt;
            case (3, 0x67, 0x74): return (.scalars(end: j, 0x3E, nil), nil)  // gt;
            case (5, 0x71, 0x75) where name[2] == 0x6F && name[3] == 0x74: return (.scalars(end: j, 0x22, nil), nil)  // quot;
            case (5, 0x61, 0x70) where name[2] == 0x6F && name[3] == 0x73: return (.scalars(end: j, 0x27, nil), nil)  // apos;
            default: break
            }
        }
        if let range = HTMLEntities.lookupUTF8(name) { return (.entity(end: j, range), nil) }
        return (.scalars(end: i + 1, 0x26, nil), "undefined entity &\(String(decoding: name.dropLast(), as: UTF8.self));")
    }

    /// `&lt;`, `&gt;`, `&amp;` or `&quot;` at `i`: its length and the value it stands for.
    @inline(__always)
    static func commonReference(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> (Int, UInt8)? {
        guard n - i >= 5 else { return nil }
        let w = UnsafeRawPointer(p + i + 1).loadUnaligned(as: UInt32.self).littleEndian  // the 4 bytes after '&'
        switch w & 0x00FF_FFFF {
        case 0x3B_746C: return (4, 0x3C)  // lt;
        case 0x3B_7467: return (4, 0x3E)  // gt;
        default: break
        }
        if w == 0x3B70_6D61 { return (5, 0x26) }  // amp;
        if w == 0x746F_7571, n - i >= 6, p[i + 5] == 0x3B { return (6, 0x22) }  // quot;
        return nil
    }

    /// Appends `&#NN;` for a value of two digits (as `appendCharRef` writes it).
    @inline(__always)
    static func appendTwoDigitCharRef(_ v: UInt8, to out: inout ByteBuffer) {
        out.reserve(5)
        out.append(0x26); out.append(0x23)
        out.append(0x30 &+ v / 10); out.append(0x30 &+ v % 10)
        out.append(0x3B)
    }

    /// Appends `&#N;` for a scalar value.
    static func appendCharRef(_ v: UInt32, to out: inout ByteBuffer) {
        out.append(0x26); out.append(0x23)
        if v < 100 {  // the XML five and most C0/ASCII values
            if v >= 10 { out.append(UInt8(truncatingIfNeeded: v / 10) &+ 0x30) }
            out.append(UInt8(truncatingIfNeeded: v % 10) &+ 0x30)
        } else {
            // At most 8 digits, the last one pushed (the most significant) in the lowest byte.
            var digits: UInt64 = 0
            var count = 0
            var x = v
            repeat { digits = digits << 8 | UInt64(x % 10 + 0x30); x /= 10; count += 1 } while x > 0 && count < 8
            for _ in 0..<count { out.append(UInt8(truncatingIfNeeded: digits)); digits >>= 8 }
        }
        out.append(0x3B)
    }

    static func digit(_ c: UInt8, hex: Bool) -> UInt32? {
        switch c {
        case 0x30...0x39: return UInt32(c - 0x30)
        case 0x61...0x66 where hex: return UInt32(c - 0x61 + 10)
        case 0x41...0x46 where hex: return UInt32(c - 0x41 + 10)
        default: return nil
        }
    }

    static func isNameByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D || c == 0x2E || c == 0x3A
    }

    /// XML 1.0 §2.2 `Char`.
    static func isXMLChar(_ v: UInt32) -> Bool {
        v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v)
            || (0x10000...0x10FFFF).contains(v)
    }
}
