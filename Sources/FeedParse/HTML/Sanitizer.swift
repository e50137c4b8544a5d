/// Makes feed HTML safe to show: an allow-list of elements and attributes, URLs made absolute and
/// limited to safe schemes, styles cut down to properties that can neither hide nor run anything,
/// and every open element closed.
///
/// The lists follow feedparser's `_HTMLSanitizer` (sanitizer.py) and the OWASP guidance
/// (https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html):
/// no `<script>`, `<style>`, `<iframe>`, `<object>`, `<embed>`, forms or SVG; no `on*` handler; no
/// `javascript:`, `vbscript:` or `data:` URL, except `data:image/*` raster images in `<img src>`.
struct Sanitizer {
    private var out: [UInt8] = []
    private var open: [String] = []
    private var dropping: [String] = []
    private let base: String?

    init(base: String?) {
        self.base = base
    }

    /// Sanitizes an HTML string; `base` resolves relative URLs.
    static func clean(_ html: String, base: String?) -> String {
        // Fast path: text without markup or references is already safe HTML.
        if !html.utf8.contains(where: { $0 == 0x3C || $0 == 0x26 || $0 == 0x3E }) { return html }
        var s = Sanitizer(base: base)
        s.out.reserveCapacity(html.utf8.count)
        HTMLTokenizer.tokenize(html) { s.consume($0) }
        return s.finish()
    }

    /// Sanitizes inline XHTML (Atom `type="xhtml"`, or markup written unescaped in RSS) from the tree.
    static func clean(children node: XMLNode, base: String?) -> String {
        var s = Sanitizer(base: base)
        s.text(node.text)
        for child in node.children { s.walk(child) }
        return s.finish()
    }

    private mutating func walk(_ node: XMLNode) {
        let attributes = node.attributes.filter { $0.ns != .xml }.map { ($0.name.lowercased(), $0.value) }
        let name = node.name.lowercased()
        if Sanitizer.dropWithContent.contains(name) { text(node.tail); return }
        start(name, attributes, decoded: true)
        if !Sanitizer.void.contains(name) {
            text(node.text)
            for child in node.children { walk(child) }
            end(name)
        }
        text(node.tail)
    }

    private mutating func consume(_ token: HTMLTokenizer.Token) {
        switch token {
        case let .start(name, attributes, selfClosing):
            start(name, attributes, decoded: false)
            if selfClosing, !Sanitizer.void.contains(name), Sanitizer.elements.contains(name) { end(name) }
        case let .end(name):
            end(name)
        case let .text(bytes):
            guard dropping.isEmpty else { return }
            if bytes.contains(0x26) {
                appendEscaped(PlainText.decodeEntities(String(decoding: bytes, as: UTF8.self)))
            } else {
                appendEscaped(bytes, attribute: false)
            }
        }
    }

    private mutating func text(_ s: String) {
        guard dropping.isEmpty, !s.isEmpty else { return }
        appendEscaped(s)
    }

    private mutating func start(_ name: String, _ attributes: [(String, String)], decoded: Bool) {
        if !dropping.isEmpty {
            if Sanitizer.dropWithContent.contains(name), !Sanitizer.void.contains(name) { dropping.append(name) }
            return
        }
        if Sanitizer.dropWithContent.contains(name) {
            if !Sanitizer.void.contains(name), name != "script", name != "style" { dropping.append(name) }
            return
        }
        guard Sanitizer.elements.contains(name) else { return }
        append("<" + name)
        var seen: Set<String> = []
        for (attrName, rawValue) in attributes {
            guard Sanitizer.attributes.contains(attrName), seen.insert(attrName).inserted else { continue }
            let value = decoded ? rawValue : PlainText.decodeEntities(rawValue, inAttribute: true)
            guard let safe = safeValue(attrName, value, element: name) else { continue }
            append(" " + attrName + "=\"")
            appendEscaped(safe, attribute: true)
            append("\"")
        }
        if Sanitizer.void.contains(name) {
            append(" />")
        } else {
            append(">")
            open.append(name)
        }
    }

    private mutating func end(_ name: String) {
        if !dropping.isEmpty {
            if dropping.last == name { dropping.removeLast() }
            return
        }
        guard let at = open.lastIndex(of: name) else { return }
        while open.count > at { append("</" + open.removeLast() + ">") }
    }

    private mutating func finish() -> String {
        // Closing what the feed left open: the white space before the cut belongs outside.
        while let last = out.last, last == 0x20 || last == 0x0A || last == 0x09 || last == 0x0D { out.removeLast() }
        while let name = open.popLast() { append("</" + name + ">") }
        return String(decoding: out, as: UTF8.self)
    }

    private func safeValue(_ attr: String, _ value: String, element: String) -> String? {
        if Sanitizer.urlAttributes.contains(attr) {
            let trimmed = value.trimmingWhitespace
            if let scheme = URLResolver.scheme(trimmed) {
                if scheme == "data" {
                    guard element == "img", attr == "src", Sanitizer.isRasterImageData(trimmed) else { return nil }
                    return trimmed
                }
                return Sanitizer.schemes.contains(scheme) ? trimmed : nil
            }
            return URLResolver.resolve(trimmed, against: base)
        }
        if attr == "style" {
            let s = Sanitizer.cleanStyle(value)
            return s.isEmpty ? nil : s
        }
        return value
    }

    private mutating func append(_ s: String) { out.append(contentsOf: s.utf8) }

    private mutating func appendEscaped(_ s: String, attribute: Bool = false) {
        var s = s
        s.withUTF8 { appendEscaped($0, attribute: attribute) }
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, attribute: Bool) {
        do {
            var runStart = 0
            for (k, b) in utf8.enumerated() where b == 0x26 || b == 0x3C || b == 0x3E || (attribute && b == 0x22) {
                if runStart < k { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<k])) }
                runStart = k + 1
                switch b {
                case 0x26: out.append(contentsOf: "&amp;".utf8)
                case 0x3C: out.append(contentsOf: "&lt;".utf8)
                case 0x3E: out.append(contentsOf: "&gt;".utf8)
                default: out.append(contentsOf: "&quot;".utf8)
                }
            }
            if runStart < utf8.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
    }
}

extension Sanitizer {
    static let elements: Set<String> = [
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "bdi", "bdo", "big",
        "blockquote", "br", "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details",
        "dfn", "dir", "div", "dl", "dt", "em", "figcaption", "figure", "font", "footer", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li", "map", "mark", "menu", "nav", "ol",
        "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "source", "span",
        "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
        "tr", "track", "tt", "u", "ul", "var", "video", "wbr",
    ]

    /// Dropped together with everything inside them.
    static let dropWithContent: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "applet", "embed", "noembed", "noframes",
        "template", "svg", "math", "head", "title", "form", "button", "select", "textarea", "input", "param",
        "base", "link", "meta", "noscript", "xmp", "plaintext",
    ]

    static let void: Set<String> = [
        "area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "base", "frame",
    ]

    static let attributes: Set<String> = [
        "abbr", "align", "alt", "axis", "bgcolor", "border", "cellpadding", "cellspacing", "char", "charoff",
        "cite", "class", "clear", "color", "cols", "colspan", "controls", "coords", "datetime", "dir", "face",
        "frame", "headers", "height", "href", "hreflang", "hspace", "kind", "label", "lang", "longdesc",
        "loop", "muted", "name", "nowrap", "open", "poster", "preload", "rel", "rev", "reversed", "rowspan",
        "rules", "scope", "shape", "size", "span", "src", "srclang", "start", "style", "summary", "title",
        "type", "usemap", "valign", "value", "vspace", "width",
    ]

    static let urlAttributes: Set<String> = ["href", "src", "cite", "longdesc", "poster", "usemap"]

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
        "color", "background-color", "font-weight", "font-style", "font-family", "font-variant", "text-align",
        "text-decoration", "vertical-align", "white-space", "list-style-type", "border-collapse", "border",
        "border-color", "border-style", "border-width", "font-size", "line-height", "letter-spacing",
        "word-spacing", "text-transform", "direction", "unicode-bidi",
    ]

    /// Keeps the allowed declarations of a `style` attribute whose values hold nothing active:
    /// no `\\` escapes, comments, `<`, `@` or `&`, and no function but colours (`rgb()`, `hsl()`),
    /// which rules out `url()` and `expression()`; and no size that could hide text.
    static func cleanStyle(_ style: String) -> String {
        var kept: [String] = []
        for declaration in style.split(separator: ";") {
            guard let colon = declaration.firstIndex(of: ":") else { continue }
            let property = declaration[..<colon].trimmingWhitespace.lowercased()
            guard styleProperties.contains(property) else { continue }
            let value = declaration[declaration.index(after: colon)...].trimmingWhitespace
            guard !value.isEmpty, value.utf8.count < 200, isInert(value) else { continue }
            if property == "font-size" || property == "line-height",
               let number = Double(value.prefix { $0.isNumber || $0 == "." || $0 == "-" }), number <= 0 { continue }
            kept.append(property + ": " + value)
        }
        return kept.joined(separator: "; ")
    }

    static func isInert(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        for (k, b) in bytes.enumerated() {
            switch b {
            case UInt8(ascii: "\\"), UInt8(ascii: "<"), UInt8(ascii: "@"), UInt8(ascii: "&"), UInt8(ascii: "/"): return false
            case UInt8(ascii: "("):
                var start = k
                while start > 0, (bytes[start - 1] | 0x20) >= 0x61, (bytes[start - 1] | 0x20) <= 0x7A { start -= 1 }
                let function = String(decoding: bytes[start..<k], as: UTF8.self).lowercased()
                if !["rgb", "rgba", "hsl", "hsla"].contains(function) { return false }
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
