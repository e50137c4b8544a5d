internal import FeedModel

/// Turning elements into the model's text, HTML and URL values: the rules every format shares.
enum Values {
    /// A plain-text field (title, name, subtitle): markup removed, references decoded, white space
    /// collapsed. Text that was written as escaped HTML (`&lt;b&gt;`) reads as its text.
    static func plain(_ node: XMLNode) -> String {
        if node.hasElements {
            // Markup written into a title (`ICE<br/>raids`, `<p>…</p>`): its text, with a space
            // where an element HTML breaks words at stands (its text alone ran the words together:
            // `ICEraids`), and without scripts and styles. Every other element's text stays:
            // MathML in a journal's title (`MgB<sub>2</sub>`), SVG text.
            var text = ""
            func walk(_ n: XMLNode) {
                text += n.text
                for c in n.children {
                    let name = c.name.lowercased()
                    if name != "script" && name != "style" {
                        var bytes = Array(name.utf8)
                        let breaks = bytes.withUnsafeMutableBufferPointer { HTMLElement(UnsafeBufferPointer($0)).breaksWords }
                        if breaks { text += " " }
                        walk(c)
                        if breaks { text += " " }
                    }
                    text += c.tail
                }
            }
            walk(node)
            // The text nodes are decoded already: `&lt;script&gt;` in them is text, not markup.
            return PlainText.collapseWhitespace(text)
        }
        return node.withText { PlainText.looksLikeHTML($0) ? PlainText.fromHTML($0) : PlainText.collapse(nil, $0) }
    }

    static func plain(_ text: String) -> String {
        PlainText.looksLikeHTML(text) ? PlainText.fromHTML(text) : PlainText.collapseWhitespace(text)
    }

    /// An HTML field (RSS description, content:encoded): sanitized, URLs made absolute. Markup
    /// written unescaped inside the element is taken as XHTML.
    /// `text`: with its plain text, made while sanitizing.
    static func html(_ node: XMLNode, base: String?, text: Bool = false) -> CleanHTML {
        if node.hasElements { return Sanitizer.clean(children: node, base: base, text: text).trimmed() }
        return node.withText { Sanitizer.clean($0, base: base, text: text) }.trimmed()
    }

    /// Plain text written into an HTML field: escaped, so that it reads the same.
    static func escapeHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// The bytes of base64 text (RFC 4648 §4, white space ignored, padding optional); nil when it
    /// holds any other character.
    static func base64(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        var ended = false
        for c in text.utf8 {
            let v: UInt8
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = c - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = c - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): v = 62
            case UInt8(ascii: "/"): v = 63
            case UInt8(ascii: "="): ended = true; continue
            case 0x20, 0x09, 0x0A, 0x0D: continue
            default: return nil
            }
            guard !ended else { return nil }
            acc = acc << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }

    /// A URL from an element's text or attribute, resolved against the base in scope. One whose
    /// scheme runs code or carries a document (`javascript:`, `vbscript:`, `livescript:`, `data:`)
    /// is left out: a reader acts on `link`, `enclosures` and `comments` as on a link in HTML.
    /// Every other scheme stays (podcasts' `itpc:` and `rtsp:`, `urn:uuid:`, `magnet:`): these are
    /// addresses, not HTML. A base with such a scheme is none: a relative link resolved against
    /// `javascript:` became `javascript://host/path`.
    static func url(_ raw: String?, base: String?) -> String? {
        guard let raw else { return nil }
        let trimmed = raw.trimmingWhitespace
        if trimmed.isEmpty { return "" }
        let safeBase = base.flatMap { isSafeURL($0) ? $0 : nil }
        let resolved = URLResolver.resolve(trimmed, against: safeBase)
        return isSafeURL(resolved) ? resolved : nil
    }

    /// Not a `javascript:`, `vbscript:`, `livescript:` or `data:` URL, its scheme read as a
    /// browser reads it (C0 controls and spaces before it skipped, tabs and line breaks inside
    /// ignored, any case). Read from the bytes, without a String: it runs for every URL field.
    static func isSafeURL(_ url: String) -> Bool {
        PlainText.withBytes(url) { b in
            var i = 0
            while i < b.count, b[i] <= 0x20 { i += 1 }
            guard i < b.count else { return true }
            // Whether the scheme from `i` is `name`, followed by ':'.
            func scheme(is name: StaticString) -> Bool {
                var k = i
                var n = 0
                let bytes = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
                while k < b.count {
                    let c = b[k]
                    k += 1
                    if c == 0x09 || c == 0x0A || c == 0x0D { continue }
                    if n == bytes.count { return c == 0x3A }
                    guard c | 0x20 == bytes[n] else { return false }
                    n += 1
                }
                return false
            }
            switch b[i] | 0x20 {
            case 0x6A: return !scheme(is: "javascript")
            case 0x76: return !scheme(is: "vbscript")
            case 0x6C: return !scheme(is: "livescript")
            case 0x64: return !scheme(is: "data")
            default: return true
            }
        }
    }

    static func date(_ node: XMLNode?) -> Timestamp? {
        guard let node else { return nil }
        return FeedDate.parse(node.allText)
    }

    static func int(_ s: String?) -> Int? {
        guard let s else { return nil }
        let t = s.trimmingWhitespace
        return Int(t) ?? Double(t).flatMap { $0.isFinite && abs($0) < 1e15 ? Int($0) : nil }
    }

    static func int64(_ s: String?) -> Int64? {
        guard let s else { return nil }
        let t = s.trimmingWhitespace
        return Int64(t) ?? Double(t).flatMap { $0.isFinite && abs($0) < 1e15 ? Int64($0) : nil }
    }

    /// An RSS `author` or `managingEditor`: `joe@example.com (Joe)`, `Joe <joe@example.com>`, an
    /// address alone or a name alone (feedparser's `_sync_author_detail`).
    ///
    /// The delimiters are ASCII, found by byte: a Character search walks grapheme clusters, which
    /// cost more than the rest of parsing an author.
    static func person(_ raw: String) -> Person {
        // `Joe <joe@example.com>` before the text is read as HTML, which took `<joe@…>` for a tag.
        let written = raw.trimmingWhitespace
        if written.hasSuffix(">"), let lt = written.lastIndex(of: "<") {
            let inside = written[written.index(after: lt)..<written.index(before: written.endIndex)]
            if inside.contains("@"), !inside.contains(where: { $0 == " " || $0 == "<" || $0 == ">" }) {
                let name = plain(String(written[..<lt]))
                return Person(name: name.isEmpty ? nil : name, email: inside.hasPrefix("mailto:") ? String(inside.dropFirst(7)) : String(inside))
            }
        }
        let s = plain(raw)
        if s.isEmpty { return Person(name: "") }
        let u = s.utf8
        /// The text before `open` and the text between it and the last byte, when that byte is `close`.
        func split(_ open: String.Index?, close: UInt8) -> (outside: String, inside: String)? {
            guard let open, u.last == close else { return nil }
            return (s[..<open].trimmingWhitespace, s[u.index(after: open)..<u.index(before: u.endIndex)].trimmingWhitespace)
        }
        if let (email, name) = split(u.firstIndex(of: 0x28), close: 0x29), email.utf8.contains(0x40) {
            return Person(name: name.isEmpty ? nil : name, email: email)  // `joe@example.com (Joe)`
        }
        if let (name, email) = split(u.lastIndex(of: 0x28), close: 0x29), email.utf8.contains(0x40), !email.utf8.contains(0x20) {
            return Person(name: name.isEmpty ? nil : name, email: email)
        }
        if let (name, email) = split(u.lastIndex(of: 0x3C), close: 0x3E), email.utf8.contains(0x40) {
            return Person(name: name.isEmpty ? nil : name, email: email)
        }
        if !u.contains(0x20), u.contains(0x40), u.first != 0x40 {
            let email = s.hasPrefix("mailto:") ? String(s.dropFirst(7)) : s
            return Person(email: email)
        }
        return Person(name: s)
    }

    /// A stable id for an item that names none: a `StableHash` of its title, date and text, so
    /// the same item gets the same id on every fetch and in every process.
    static func hashID(_ parts: [String]) -> String {
        "feedsift:" + StableHash.hex(parts)
    }
}

extension Item {
    /// The summary, and its plain text when it was made.
    mutating func setSummary(_ summary: CleanHTML) {
        self.summary = summary.html
        summaryText = summary.text
    }
}

extension Content {
    /// HTML content, and its plain text when it was made.
    init(html: CleanHTML, language: String?) {
        self.init(type: "text/html", value: html.html, language: language, text: html.text)
    }
}
