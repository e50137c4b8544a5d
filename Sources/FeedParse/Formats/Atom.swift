internal import FeedModel

/// Atom 1.0 (RFC 4287) and Atom 0.3 (draft-nottingham-atom-format-02) into the model.
enum Atom {
    static func format(root: XMLNode) -> FeedFormat {
        // The 0.3 namespace without `version="0.3"` states no version (as feedparser reads it).
        root.ns == .atom10 ? .atom10 : root.attr("version") == "0.3" ? .atom03 : .atom
    }

    static func parse(root: XMLNode, into result: inout ParsedFeed, text: Bool = false) {
        let ns = root.ns
        var feed = FeedInfo()
        feed.language = root.lang
        var entries: [XMLNode] = []
        // Without a document address or xml:base (a file), relative URLs resolve against the
        // feed's own alternate link, as RSS items do (interface.md: "or the feed's link").
        let linkBase = root.base == nil ? alternateLink(root, ns: ns) : nil
        for n in root.children {
            let base = n.base ?? linkBase
            guard n.ns == ns else { Extensions.feed(n, &feed, base: base); continue }
            switch n.name {
            case "entry": entries.append(n)
            case "title": feed.title = plain(n)
            case "subtitle", "tagline": feed.subtitle = plain(n)
            case "link":
                if let link = link(n, base: n.base) {
                    feed.links.append(link)
                    if feed.link == nil, link.rel == "alternate" { feed.link = link.href }
                }
            case "id": feed.id = n.allText.trimmingWhitespace
            case "updated", "modified": feed.updated = Values.date(n)
            case "published", "issued": feed.published = Values.date(n)
            case "author": Extensions.addPerson(person(n, base: base), to: &feed.authors)
            case "contributor": Extensions.addPerson(person(n, base: base), to: &feed.contributors)
            case "generator":
                feed.generator = Generator(name: Values.plain(n), uri: Values.url(n.attr("uri") ?? n.attr("url"), base: base),
                                           version: n.attr("version"))
            case "icon": feed.icon = Values.url(n.allText, base: base)
            case "logo": feed.logo = Values.url(n.allText, base: base)
            case "rights", "copyright": feed.rights = plain(n)
            case "category": if let c = category(n) { feed.categories.append(c) }
            default: break
            }
        }
        result.feed = feed
        result.items = entries.map { entry($0, ns: ns, feed: feed, linkBase: linkBase, text: text) }
    }

    /// The feed's alternate link (or its first link without `rel`), when it is absolute.
    static func alternateLink(_ root: XMLNode, ns: NS) -> String? {
        let link = root.children.first { $0.ns == ns && $0.name == "link" && ($0.attr("rel") ?? "alternate") == "alternate" }
        // Through `Values.url`, which refuses a `javascript:` or `data:` address.
        return Values.url(link?.attr("href"), base: nil).flatMap { URLResolver.isAbsolute($0) ? $0 : nil }
    }

    /// One entry; `text`: with the plain text of its HTML (`FeedParser.parse`'s `makesText`).
    static func entry(_ node: XMLNode, ns: NS, feed: FeedInfo, linkBase: String? = nil, text: Bool = false) -> Item {
        var item = Item()
        var extra = Fallbacks()
        item.language = node.lang ?? feed.language
        var created: Timestamp?
        for n in node.children {
            let base = n.base ?? linkBase
            guard n.ns == ns else { Extensions.item(n, &item, &extra, base: base, text: text); continue }
            switch n.name {
            case "id": item.id = n.allText.trimmingWhitespace
            case "title": item.title = plain(n)
            case "link":
                if let link = link(n, base: base) {
                    item.links.append(link)
                    if link.rel == "enclosure" { item.enclosures.append(Enclosure(url: link.href, type: link.type, length: link.length)) }
                }
            case "summary": item.setSummary(html(n, base: base, text: text))
            case "content": if let c = content(n, base: base, text: text) { item.content.append(c) }
            case "published", "issued": item.published = Values.date(n)
            case "created": created = Values.date(n)
            case "updated", "modified": item.updated = Values.date(n)
            case "author": Extensions.addPerson(person(n, base: base), to: &item.authors)
            case "contributor": Extensions.addPerson(person(n, base: base), to: &item.contributors)
            case "category": if let c = category(n) { item.categories.append(c) }
            case "rights", "copyright": item.rights = plain(n)
            case "source": item.source = source(n, ns: ns)
            default: break
            }
        }
        if item.published == nil { item.published = created }
        // RFC 4287 §4.2.1: without its own authors, an entry has its source's, else its feed's.
        if item.authors.isEmpty { item.authors = item.source.map(\.authors).flatMap { $0.isEmpty ? nil : $0 } ?? feed.authors }
        if item.title == nil { item.title = extra.title }
        if item.summary == nil, let summary = extra.summary { item.setSummary(summary) }
        item.link = item.links.first { $0.rel == "alternate" }?.href
        if item.id == nil || item.id == "" {
            item.id = item.link ?? Values.hashID([item.title ?? "", item.published?.rfc3339 ?? item.updated?.rfc3339 ?? "",
                                                  item.summary ?? item.content.first?.value ?? ""])
        }
        return item
    }

    /// The kind of an Atom text construct (RFC 4287 §3.1), folding in Atom 0.3's MIME types and modes.
    enum Kind { case text, html, xhtml, other }

    static func kind(_ n: XMLNode) -> Kind {
        let type = (n.attr("type") ?? "text").lowercased()
        switch type {
        case "text", "text/plain": return .text
        case "html", "text/html": return .html
        case "xhtml", "application/xhtml+xml": return n.attr("mode") == "escaped" ? .html : .xhtml
        default:
            if n.attr("mode") == "escaped" { return .html }
            return type.hasPrefix("text/") ? .text : (type.hasSuffix("+xml") || type.hasSuffix("/xml") ? .xhtml : .other)
        }
    }

    /// The text of a base64 construct, when it is UTF-8: Atom 0.3's `mode="base64"`, or Atom 1.0
    /// content of a MIME type that is neither text nor XML (RFC 4287 §4.1.3.3), without `src`.
    /// Its kind is `.text` for a `text/plain` type, else `.html` (as feedparser reads it).
    static func base64(_ n: XMLNode) -> (String, Kind)? {
        guard n.attr("mode") == "base64" || (n.ns == .atom10 && n.attr("src") == nil && kind(n) == .other) else { return nil }
        guard let bytes = Values.base64(n.allText), let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let type = (n.attr("type") ?? "text").lowercased()
        return (text, type == "text" || type == "text/plain" ? .text : .html)
    }

    /// The XHTML payload: the children of the wrapping `div` (RFC 4287 §3.1.1.3), or of the element.
    /// Atom 0.3 has no such rule: its `mode="xml"` content is all of the markup, the div included.
    static func xhtmlContainer(_ n: XMLNode) -> XMLNode {
        if n.ns != .atom03, n.children.count == 1, let div = n.children.first, div.name == "div", div.ns == .xhtml || div.ns == .none,
           n.text.trimmingWhitespace.isEmpty, div.tail.trimmingWhitespace.isEmpty {
            return div
        }
        return n
    }

    static func plain(_ n: XMLNode) -> String {
        if let (text, kind) = base64(n) { return kind == .text ? PlainText.collapseWhitespace(text) : Values.plain(text) }
        switch kind(n) {
        case .text: return n.hasElements ? Values.plain(n) : PlainText.collapseWhitespace(n.text)
        case .html: return n.hasElements ? Values.plain(n) : Values.plain(n.allText)
        case .xhtml:
            // The sanitizer's plain text is `fromHTML` of its HTML, made in its own pass.
            let clean = Sanitizer.clean(children: xhtmlContainer(n), base: nil, text: true)
            return clean.text ?? PlainText.fromHTML(clean.html)
        case .other: return Values.plain(n)
        }
    }

    /// A text construct as HTML; `text`: with its plain text where sanitizing makes it.
    static func html(_ n: XMLNode, base: String?, text makesText: Bool = false) -> CleanHTML {
        if let (text, kind) = base64(n) {
            return kind == .text ? CleanHTML(html: Values.escapeHTML(text.trimmingWhitespace))
                : Sanitizer.clean(text, base: base, text: makesText).trimmed()
        }
        switch kind(n) {
        case .text: return CleanHTML(html: Values.escapeHTML(n.allText.trimmingWhitespace))
        case .html: return Values.html(n, base: base, text: makesText)
        case .xhtml: return Sanitizer.clean(children: xhtmlContainer(n), base: base, text: makesText).trimmed()
        case .other: return CleanHTML(html: "")
        }
    }

    static func content(_ n: XMLNode, base: String?, text makesText: Bool = false) -> Content? {
        if let (text, kind) = base64(n) {
            return kind == .text ? Content(type: "text/plain", value: text.trimmingWhitespace, language: n.lang)
                : Content(html: html(n, base: base, text: makesText), language: n.lang)
        }
        switch kind(n) {
        case .text: return Content(type: "text/plain", value: n.allText.trimmingWhitespace, language: n.lang)
        case .html, .xhtml: return Content(html: html(n, base: base, text: makesText), language: n.lang)
        case .other: return nil  // binary or out-of-line (`src`) content: nothing to show as text
        }
    }

    static func link(_ n: XMLNode, base: String?) -> Link? {
        guard let raw = n.attr("href"), let href = Values.url(raw, base: n.base ?? base) else { return nil }
        var rel = (n.attr("rel") ?? "alternate").trimmingWhitespace
        if rel.isEmpty { rel = "alternate" }
        // RFC 4287 §4.2.7.2: a rel that is an IANA URI is the same as its short name.
        if rel.hasPrefix("http://www.iana.org/assignments/relation/") { rel = String(rel.dropFirst(41)) }
        return Link(href: href, rel: rel, type: n.attr("type"), title: n.attr("title"), hreflang: n.attr("hreflang"),
                    length: Values.int64(n.attr("length")))
    }

    static func person(_ n: XMLNode, base: String?) -> Person {
        var p = Person()
        for c in n.children {
            switch c.name {
            case "name": p.name = Values.plain(c)
            case "email": p.email = c.allText.trimmingWhitespace
            case "uri", "url": p.uri = Values.url(c.allText, base: c.base ?? base)
            default: break
            }
        }
        if p.isEmpty {
            let text = Values.plain(n)
            if !text.isEmpty { p = Values.person(text) }
        }
        return p
    }

    static func category(_ n: XMLNode) -> Category? {
        let term = (n.attr("term") ?? Values.plain(n)).trimmingWhitespace
        guard !term.isEmpty else { return nil }
        return Category(term: term, scheme: n.attr("scheme"), label: n.attr("label").map { Values.plain($0) })
    }

    static func source(_ n: XMLNode, ns: NS) -> Source {
        var s = Source()
        for c in n.children where c.ns == ns {
            switch c.name {
            case "title": s.title = plain(c)
            case "id": s.id = c.allText.trimmingWhitespace
            case "updated", "modified": s.updated = Values.date(c)
            case "author": Extensions.addPerson(person(c, base: c.base), to: &s.authors)
            case "link":
                if let link = link(c, base: c.base) {
                    if link.rel == "self", s.url == nil { s.url = link.href }
                    if link.rel == "alternate", s.link == nil { s.link = link.href }
                }
            default: break
            }
        }
        return s
    }
}
