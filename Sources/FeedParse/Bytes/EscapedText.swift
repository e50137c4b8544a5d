/// Escaped text in element content (`&lt;p&gt;Hello &amp; welcome&lt;/p&gt;`, most RSS
/// descriptions) written as a CDATA section of the text it stands for
/// (`<![CDATA[<p>Hello & welcome</p>]]>`): the same character data for the reader, which takes
/// CDATA as text, but libxml2 reads a section in one pass and calls back once, where it parses
/// and calls back once a reference. On the corpus that is half a million references.
///
/// Only where it is sure to mean the same: in element content (`ContentTracker`), no DOCTYPE that
/// declares entities, and only references `reference` reads without a problem to note. A section
/// ends before a `<`, before a `]` (so `]]>` cannot arise) and before a reference that stands for
/// a control character, a carriage return or `]`; what follows goes the usual way. Line ends are
/// written as XML reads them in text (CR LF and CR alone are LF), since libxml2 keeps a CR in a
/// section.
extension Repair {
    /// Writes a CDATA section: what the reference before `j` stands for (`fix`, from
    /// `unescaped`), then the text from `j` on, references unescaped, until it must stop; a long
    /// one is taken out of the document (`Sections`). Returns where it stopped.
    static func writeEscapedText(_ b: UnsafeBufferPointer<UInt8>, _ j: Int, _ fix: Fix, to out: inout ByteBuffer,
                                 sections: inout Sections, htmlEntity: inout Int) -> Int {
        let n = b.count
        var j = j
        out.append("<![CDATA[")
        let textStart = out.count
        writeRaw(fix, to: &out)
        while true {
            let next = firstOf(0x26, 0x3C, 0x5D, 0x0D, b.baseAddress!, j, n)
            if next > j { out.append(UnsafeBufferPointer(rebasing: b[j..<next])) }
            j = next
            guard j < n else { break }
            if b[j] == 0x0D {  // line ends as XML reads them (a section keeps CR as it is)
                if j + 1 >= n || b[j + 1] != 0x0A { out.append(0x0A) }
                j += 1
                continue
            }
            guard b[j] == 0x26, let (end, f) = unescaped(b, j) else { break }
            if htmlEntity < 0, case .entity = f { htmlEntity = j }
            writeRaw(f, to: &out)
            j = end
        }
        let text = UnsafeBufferPointer(start: out.base + textStart, count: out.count - textStart)
        // Long enough is all it needs: its run of text was found clean (`ContentTracker`), and no
        // reference it decoded stands for a noncharacter (`reference` refuses them).
        if text.count >= Sections.minimum {
            let lines = Sections.lineFeeds(text)
            let k = sections.add(text)  // copied out before the section's opening is written over
            out.removeLast(out.count - textStart + 9)
            Sections.writeInstruction(k, lines: lines, to: &out)
        } else {
            out.append("]]>")
        }
        return j
    }

    /// The reference at `i` (a '&') and where it ends, when a CDATA section can hold what it
    /// stands for as is.
    @inline(__always)
    static func unescaped(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Fix)? {
        if let (length, value) = commonReference(b.baseAddress!, i, b.count) { return (i + length, .scalars(end: i + length, UInt32(value), nil)) }
        let (fix, issue) = reference(b, i)
        guard issue == nil else { return nil }
        switch fix {
        case let .keep(end):  // a numeric reference libxml2 would read: its value
            let hex = b[i + 2] == 0x78
            var value: UInt32 = 0
            for k in (hex ? i + 3 : i + 2)..<(end - 1) { value = value &* (hex ? 16 : 10) &+ (digit(b[k], hex: hex) ?? 0) }
            guard fitsSection(value) else { return nil }
            return (end, .scalars(end: end, value, nil))
        case let .scalars(end, first, second):
            guard fitsSection(first), second.map(fitsSection) ?? true else { return nil }
            return (end, fix)
        case let .entity(end, range):
            guard !HTMLEntities.table.values[range].contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A || $0 == 0x5D }) else { return nil }
            return (end, fix)
        }
    }

    /// A character a CDATA section holds as is: no control but tab and line feed, no `]`.
    @inline(__always)
    static func fitsSection(_ v: UInt32) -> Bool {
        (v >= 0x20 && v != 0x5D) || v == 0x09 || v == 0x0A
    }

    /// Writes what a fix stands for as UTF-8 (the document is UTF-8 by now, and read as such).
    static func writeRaw(_ fix: Fix, to out: inout ByteBuffer) {
        switch fix {
        case .keep:
            break
        case let .scalars(_, first, second):
            appendUTF8(first, to: &out)
            if let second { appendUTF8(second, to: &out) }
        case let .entity(_, range):
            out.append(UnsafeBufferPointer(rebasing: HTMLEntities.table.values[range]))
        }
    }

    @inline(__always)
    static func appendUTF8(_ v: UInt32, to out: inout ByteBuffer) {
        if v < 0x80 { out.append(UInt8(truncatingIfNeeded: v)); return }
        if let scalar = Unicode.Scalar(v) { for byte in UTF8.encode(scalar)! { out.append(byte) } }
    }

    /// Whether each '&' met in order is in element content, not inside a tag: the nearest '<' or
    /// '>' before it must be the '>' that ends a tag read from its '<' (`tagEnd`). Unsure is no.
    /// Each byte is looked at a bounded number of times: the scan back stops where the last
    /// question was asked, since nothing between can change the answer.
    ///
    /// And whether the run of text it is in, from that tag's end to the next '<', is one libxml2
    /// reads without an error: no `]]>` and no noncharacter U+FFFE or U+FFFF in it. libxml2's
    /// recovery from those drops text around them (the fuzz target's check found one), so a run
    /// that holds one is left to libxml2 whole, to read as it reads it.
    struct ContentTracker {
        private var checked = 0
        private var inContent = false
        /// Where the run of text of the last answer starts and whether it is clean (-1: not known).
        private var runStart = -1
        private var runIsClean = false

        mutating func isContent(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
            var k = i - 1
            while k >= checked, b[k] != 0x3C, b[k] != 0x3E { k -= 1 }
            let floor = checked
            checked = i
            if k >= floor {  // a '<' or '>' since the last '&'
                inContent = b[k] == 0x3E && Repair.endsTag(b, at: k)
                if inContent, k + 1 != runStart {
                    runStart = k + 1
                    runIsClean = Repair.isCleanText(b, from: k + 1)
                }
            }
            return inContent && runIsClean
        }
    }

    /// Whether the text from `start` to the next '<' holds neither `]]>` nor U+FFFE or U+FFFF.
    static func isCleanText(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        guard let p = b.baseAddress else { return true }
        let n = b.count
        var i = firstOf(0x3C, 0x5D, 0xEF, 0xEF, p, start, n)  // '<' ends the run; ']' and 0xEF may start a fault
        while i < n, p[i] != 0x3C {
            if p[i] == 0x5D {
                if i + 2 < n, p[i + 1] == 0x5D, p[i + 2] == 0x3E { return false }
            } else if Sections.isNoncharacter(p, i, n) {
                return false
            }
            i = firstOf(0x3C, 0x5D, 0xEF, 0xEF, p, i + 1, n)
        }
        return true
    }

    /// Whether the '>' at `k` ends a start or end tag: back to the '<' before it (no other '>'
    /// between), then that tag read forward (`<name`, attributes `name="value"`, an optional `/`)
    /// ends exactly at `k`.
    static func endsTag(_ b: UnsafeBufferPointer<UInt8>, at k: Int) -> Bool {
        var s = k - 1
        while s >= 0, b[s] != 0x3C {
            if b[s] == 0x3E { return false }
            s -= 1
        }
        guard s >= 0 else { return false }
        return tagEnd(b, from: s, limit: k) == k
    }

    /// The '>' that ends the tag whose '<' is at `s`, read strictly as XML, or -1 when it does
    /// not read as a tag before `limit`.
    static func tagEnd(_ b: UnsafeBufferPointer<UInt8>, from s: Int, limit: Int) -> Int {
        @inline(__always) func isNameByte(_ c: UInt8) -> Bool {
            !isSpace(c) && c != 0x2F && c != 0x3E && c != 0x3D && c != 0x3C && c != 0x22 && c != 0x27
        }
        var j = s + 1
        guard j <= limit else { return -1 }
        if b[j] == 0x2F {  // an end tag: </name S?>
            j += 1
            let nameStart = j
            while j <= limit, isNameByte(b[j]) { j += 1 }
            guard j > nameStart else { return -1 }
            while j <= limit, isSpace(b[j]) { j += 1 }
            return j <= limit && b[j] == 0x3E ? j : -1
        }
        guard b[j] != 0x21, b[j] != 0x3F else { return -1 }
        let nameStart = j
        while j <= limit, isNameByte(b[j]) { j += 1 }
        guard j > nameStart else { return -1 }
        while j <= limit {
            var spaced = false
            while j <= limit, isSpace(b[j]) { j += 1; spaced = true }
            guard j <= limit else { return -1 }
            if b[j] == 0x3E { return j }
            if b[j] == 0x2F { return j + 1 <= limit && b[j + 1] == 0x3E ? j + 1 : -1 }
            guard spaced else { return -1 }
            let attributeStart = j
            while j <= limit, isNameByte(b[j]) { j += 1 }
            guard j > attributeStart else { return -1 }
            while j <= limit, isSpace(b[j]) { j += 1 }
            guard j <= limit, b[j] == 0x3D else { return -1 }
            j += 1
            while j <= limit, isSpace(b[j]) { j += 1 }
            guard j <= limit, b[j] == 0x22 || b[j] == 0x27 else { return -1 }
            let quote = b[j]
            j += 1
            while j <= limit, b[j] != quote {
                if b[j] == 0x3C { return -1 }  // no '<' in an attribute value
                j += 1
            }
            j += 1  // past the closing quote
        }
        return -1
    }
}
