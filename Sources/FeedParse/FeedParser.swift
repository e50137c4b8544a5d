public import FeedModel

/// Why a document could not be read as a feed.
public enum ParseError: Error, Equatable, CustomStringConvertible {
    /// Not a feed at all: an HTML page, an empty body, JSON of another kind. The text says what was found.
    case notAFeed(String)
    case tooLarge(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case let .notAFeed(found): return "not a feed (\(found))"
        case let .tooLarge(bytes, limit): return "document of \(bytes) bytes is over the \(limit)-byte limit"
        }
    }
}

/// Bytes in, feed out: the whole parser, a pure function (no I/O, no clock, no global state).
///
///     bytes -> Decode (BOM, HTTP charset, XML declaration -> UTF-8)
///           -> JSON Feed                                  when it starts with '{'
///           -> Repair (junk, entities) -> XMLReader (libxml2 SAX) -> RSS | Atom
///
/// What went wrong on the way is reported, not thrown: `bozo` and the first problem met.
public enum FeedParser {
    /// Whether the document's start holds `<html` or `<!doctype html`, in any case.
    static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let html = Array("<html".utf8), doctype = Array("<!doctype html".utf8)
        return head.indices.contains { i in head[i...].starts(with: html) || head[i...].starts(with: doctype) }
    }

    /// Largest document accepted (the fetcher's own cap is lower by default).
    public static let maxBytes = 64 << 20

    /// Parses one document. `url` is the document's address (after redirects, or its
    /// `Content-Location`), against which relative links resolve; `contentType` is the HTTP
    /// `Content-Type`, whose charset outranks the XML declaration.
    ///
    /// `makesText`: the items' HTML summaries and contents come with their plain text too
    /// (`Item.summaryText`, `Content.text`), made while they are sanitized, for a caller that reads
    /// it (the classifier): cheaper than `plainText(html:)` reading the HTML again.
    public static func parse(_ bytes: [UInt8], url: String? = nil, contentType: String? = nil, makesText: Bool = false) throws(ParseError) -> ParsedFeed {
        try parse(bytes, url: url, contentType: contentType, rewritesText: true, makesText: makesText)
    }

    /// The same; `rewritesText: false` leaves escaped text and CDATA sections to libxml2
    /// (`Repair.document`), for checks that the rewriting changes nothing (tests, the fuzz target).
    @_spi(Checks)
    public static func parse(_ bytes: [UInt8], url: String?, contentType: String?, rewritesText: Bool, makesText: Bool = false) throws(ParseError) -> ParsedFeed {
        guard bytes.count <= maxBytes else { throw .tooLarge(bytes: bytes.count, limit: maxBytes) }
        let decoded = Decode.document(bytes, httpCharset: contentType.flatMap(charset(ofContentType:)))
        guard let first = decoded.utf8.first(where: { !Repair.isSpace($0) }) else { throw .notAFeed("found an empty document") }
        let base = url.flatMap { URLResolver.isAbsolute($0) ? $0 : nil }

        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            switch JSONFeed.parse(decoded.utf8, encoding: decoded.encoding, base: base, text: makesText) {
            case let .notAFeed(why): throw .notAFeed(why)
            case var .feed(result):
                if let problem = decoded.problem { result.bozo = true; result.bozoMessage = problem }
                return result
            }
        }

        var repaired = Repair.document(decoded.utf8, rewritesText: rewritesText)
        var document = XMLReader.read(repaired.bytes, sections: repaired.sections, base: base)
        if document.hadErrors, repaired.rewrote {
            // libxml2 met an error and recovered: how depends on what it was given, so it reads
            // the document as written, without the rewriting (design.md, "Speed, fifth session").
            repaired = Repair.document(decoded.utf8, rewritesText: false)
            document = XMLReader.read(repaired.bytes, sections: repaired.sections, base: base)
        }
        if document.hadErrors, let mended = MarkupMend.mend(decoded.utf8) {
            // HTML written raw (`<br>`, `a < b`), which libxml2's recovery reads badly: the same
            // document with it mended, when that reads without an error or keeps more of the feed.
            let again = Repair.document(mended, rewritesText: false)
            let read = XMLReader.read(again.bytes, sections: again.sections, base: base)
            if !read.hadErrors || (read.root?.tree.elements.count ?? 0) > (document.root?.tree.elements.count ?? 0) {
                repaired = again
                document = read
                if repaired.problem == nil { repaired.problem = "HTML written raw in the feed was read as markup (a bare '<', an element left open)" }
            }
        }
        guard var root = document.root else {
            // An HTML page XML cannot read at all (`<!doctype html>` in small letters) is still
            // told as the page it is.
            throw .notAFeed(first != UInt8(ascii: "<") ? "found text, not markup" : looksLikeHTML(decoded.utf8) ? "found <html>" : "found no element")
        }
        var embedded = false
        if !isFeedRoot(root), let inner = embeddedFeed(in: root) {
            // An XHTML page wrapping a real feed (a server template gone wrong): read the feed.
            root = inner
            embedded = true
        }
        var result: ParsedFeed
        switch (root.name.lowercased(), root.ns) {
        case ("rss", _), ("rdf", .rdf), ("channel", _):
            result = ParsedFeed(format: RSS.format(root: root, doctype: (document.doctypePublicID, document.doctypeSystemID)),
                                encoding: decoded.encoding)
            RSS.parse(root: root, into: &result, text: makesText)
        case ("feed", .atom10), ("feed", .atom03), ("feed", .none):
            result = ParsedFeed(format: Atom.format(root: root), encoding: decoded.encoding)
            Atom.parse(root: root, into: &result, text: makesText)
        default:
            throw .notAFeed("found <\(root.name)>")
        }
        if let problem = decoded.problem ?? repaired.problem ?? document.problem
            ?? (embedded ? "the feed is inside an <\(document.root?.name ?? "")> page" : nil) {
            result.bozo = true
            result.bozoMessage = problem
        }
        return result
    }

    static func isFeedRoot(_ n: XMLNode) -> Bool {
        switch (n.name.lowercased(), n.ns) {
        case ("rss", _), ("rdf", .rdf), ("channel", _), ("feed", .atom10), ("feed", .atom03), ("feed", .none): return true
        default: return false
        }
    }

    /// A feed element in the Atom namespace, or an `rss` element, a few levels inside a page.
    static func embeddedFeed(in root: XMLNode) -> XMLNode? {
        var level = [root]
        for _ in 0..<4 {
            var next: [XMLNode] = []
            for n in level {
                for c in n.children {
                    if (c.name == "feed" && (c.ns == .atom10 || c.ns == .atom03)) || (c.name == "rss" && c.ns == .none) { return c }
                    next.append(c)
                }
            }
            level = next
        }
        return nil
    }

    /// HTML (a summary or content) as plain text, the way titles are shown: tags dropped,
    /// references decoded, white space collapsed.
    public static func plainText(html: String) -> String {
        PlainText.fromHTML(html)
    }

    /// The URL a fetched document's relative links resolve against (interface.md): its
    /// `Content-Location` resolved against the URL after redirects, else that URL.
    public static func documentURL(effectiveURL: String, contentLocation: String?) -> String {
        guard let location = contentLocation?.trimmingWhitespace, !location.isEmpty else { return effectiveURL }
        return URLResolver.resolve(location, against: effectiveURL)
    }

    /// The `charset` parameter of a Content-Type header value (RFC 9110 §8.3).
    static func charset(ofContentType value: String) -> String? {
        for param in value.split(separator: ";").dropFirst() {
            let parts = param.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingWhitespace.lowercased() == "charset" else { continue }
            let v = parts[1].trimmingWhitespace.trimming(quotes: "\"'")
            return v.isEmpty ? nil : v
        }
        return nil
    }
}

extension ParsedFeed {
    /// The feed without the plain text `FeedParser.parse(makesText: true)` adds: for checks that
    /// asking for it changes nothing else (tests, the fuzz target).
    @_spi(Checks)
    public func withoutMadeText() -> ParsedFeed {
        var feed = self
        for k in feed.items.indices {
            feed.items[k].summaryText = nil
            for c in feed.items[k].content.indices { feed.items[k].content[c].text = nil }
        }
        return feed
    }
}

extension String {
    func trimming(quotes set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
