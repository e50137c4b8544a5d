/// A second mending, for a document libxml2 found broken: HTML written raw into a feed, which
/// its recovery cannot read well. A raw `<br>` in a description left the element open, and libxml2
/// nested the rest of the feed inside it: every later item was lost. A bare `<` (`a < b`, `I <3`)
/// stopped the parse.
///
/// - A `<` that opens no markup (not followed by a letter, `_`, `:`, `/`, `!` or `?`) becomes `&lt;`,
///   and so does a `<` inside a quoted attribute value.
/// - An HTML void element written as a start tag (`<br>`, `<img src="x">`, `<hr>`) is closed where
///   it stands (`<br/>`), unless the document closes that element somewhere (`</img>`: XHTML
///   written out in full).
/// - Elements are balanced as an HTML parser balances them: an end tag closes the elements left
///   open inside its element (`<description><p>text</description>`: a `<p>` left open nested the
///   rest of the feed in the description, and its items were lost), an end tag nothing opened is
///   dropped, an `<item>` or `<entry>` closes the one left open before it, and what is open at the
///   end is closed there.
/// - CDATA sections, comments, processing instructions and the DOCTYPE are copied as they are.
///
/// nil when nothing was mended. Run only on a document libxml2 reported errors in: a well-formed
/// document never needs it, and the parse of one stays what it was.
enum MarkupMend {
    /// HTML's void elements (HTML §13.1.2) that are not also feed elements: `link`, `source`,
    /// `meta` and `base` mean something else in RSS, Atom and their extensions.
    static let voidElements: Set<String> = ["br", "img", "hr", "wbr", "input", "area", "col", "embed", "param", "track",
                                            "keygen", "basefont", "bgsound", "frame", "spacer", "image"]

    static let sections: [(open: [UInt8], close: [UInt8])] = [("<![CDATA[", "]]>"), ("<!--", "-->"), ("<?", "?>")].map { (Array($0.utf8), Array($1.utf8)) }

    static func mend(_ input: [UInt8]) -> [UInt8]? {
        let n = input.count
        var out: [UInt8] = []
        out.reserveCapacity(n + 64)
        var changed = false
        let closed = closedNames(input)
        var open: [String] = []  // the elements open, as written
        func closeTo(_ k: Int) {
            for name in open[k...].reversed() { out += Array("</\(name)>".utf8) }
            open.removeSubrange(k...)
        }
        var i = 0
        func isNameStart(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 || c == 0x5F || c == 0x3A || c >= 0x80 }
        func isNameByte(_ c: UInt8) -> Bool { isNameStart(c) || (c &- 0x30 < 10) || c == 0x2D || c == 0x2E }
        while i < n {
            let c = input[i]
            guard c == 0x3C else { out.append(c); i += 1; continue }
            // Sections copied as they are, to their end (or the document's).
            if let (open, close) = sections.first(where: { input[i...].starts(with: $0.open) }) {
                let end = Decode.find(close, in: input, from: i + open.count).map { $0 + close.count } ?? n
                out.append(contentsOf: input[i..<end])
                i = end
                continue
            }
            let next = i + 1 < n ? input[i + 1] : 0
            if next == 0x2F {
                // An end tag: it closes its element and those left open inside it; one nothing opened goes.
                let end = (input[(i + 1)...].firstIndex(of: 0x3E)).map { $0 + 1 } ?? n
                var k = i + 2
                while k < end, isNameByte(input[k]) { k += 1 }
                let name = String(decoding: input[(i + 2)..<k], as: UTF8.self)
                if let at = open.lastIndex(where: { $0.lowercased() == name.lowercased() }) {
                    if at < open.count - 1 || open[at] != name { changed = true }
                    closeTo(at)
                } else {
                    changed = true
                }
                i = end
                continue
            }
            if next == 0x21 || next == 0x3F {
                // A DOCTYPE or other declaration: to its '>'.
                let end = (input[(i + 1)...].firstIndex(of: 0x3E)).map { $0 + 1 } ?? n
                out.append(contentsOf: input[i..<end])
                i = end
                continue
            }
            guard isNameStart(next) else {
                out.append(contentsOf: Array("&lt;".utf8))
                changed = true
                i += 1
                continue
            }
            // A start tag: its name, then attributes to the '>' outside quotes.
            var k = i + 1
            while k < n, isNameByte(input[k]) { k += 1 }
            let name = String(decoding: input[(i + 1)..<k], as: UTF8.self)
            // An item or entry inside one left open: that one ends here.
            let lower = name.lowercased()
            if lower == "item" || lower == "entry", let at = open.lastIndex(where: { $0.lowercased() == lower }) {
                closeTo(at)
                changed = true
            }
            out.append(contentsOf: input[i..<k])
            var quote: UInt8 = 0
            var selfClosed = false
            while k < n {
                let b = input[k]
                if quote != 0 {
                    if b == quote { quote = 0 } else if b == 0x3C { out.append(contentsOf: Array("&lt;".utf8)); changed = true; k += 1; continue }
                } else if b == 0x22 || b == 0x27 {
                    quote = b
                } else if b == 0x3E {
                    selfClosed = k > i && input[k - 1] == 0x2F
                    break
                } else if b == 0x3C {
                    break  // a tag left open: libxml2 reports it, and nothing here can tell where it meant to end
                }
                out.append(b)
                k += 1
            }
            if k < n, input[k] == 0x3E {
                if !selfClosed, voidElements.contains(lower), !closed.contains(lower) {
                    out.append(0x2F)
                    changed = true
                } else if !selfClosed {
                    open.append(name)
                }
                out.append(0x3E)
                k += 1
            }
            i = k
        }
        if !open.isEmpty {
            closeTo(0)
            changed = true
        }
        return changed ? out : nil
    }

    /// The names (lowercased) of the void elements the document closes with an end tag somewhere.
    static func closedNames(_ input: [UInt8]) -> Set<String> {
        var names: Set<String> = []
        var from = 0
        while let at = Decode.find([0x3C, 0x2F], in: input, from: from) {  // "</"
            var k = at + 2
            while k < input.count, (input[k] | 0x20) &- 0x61 < 26 { k += 1 }
            let name = String(decoding: input[(at + 2)..<k], as: UTF8.self).lowercased()
            if voidElements.contains(name) { names.insert(name) }
            from = k
        }
        return names
    }
}
