internal import FeedModel

/// What an item's extension elements offer when the core elements are missing: media RSS and
/// iTunes text, kept aside and used at the end.
struct Fallbacks {
    var title: String?
    var summary: CleanHTML?
    var guidPermalink: String?
}

/// Namespaced elements met inside RSS and Atom alike: Dublin Core and dcterms, content:encoded,
/// Media RSS (content, group, thumbnail, title, description), iTunes, Atom links inside RSS and
/// XHTML bodies. Elements they do not know are ignored.
enum Extensions {
    /// `text`: with the plain text of the HTML met (`FeedParser.parse`'s `makesText`).
    static func item(_ n: XMLNode, _ item: inout Item, _ extra: inout Fallbacks, base: String?, text: Bool = false) {
        switch (n.ns, n.name) {
        case (.content, "encoded"):
            item.content.append(Content(html: Values.html(n, base: base, text: text), language: n.lang))
        case (.xhtml, "body"), (.xhtml, "div"):
            item.content.append(Content(html: Sanitizer.clean(children: n, base: base, text: text).trimmed(), language: n.lang))
        case (.dc, "date"), (.dcterms, "modified"):
            if item.updated == nil { item.updated = Values.date(n) }
        case (.dcterms, "issued"), (.dcterms, "created"):
            if item.published == nil { item.published = Values.date(n) }
        case (.dc, "creator"), (.itunes, "author"):
            addPerson(Values.person(n.allText), to: &item.authors)
        case (.dc, "contributor"):
            addPerson(Person(name: Values.plain(n)), to: &item.contributors)
        case (.dc, "subject"):
            let term = Values.plain(n)
            if !term.isEmpty { item.categories.append(Category(term: term)) }
        case (.dc, "rights"), (.dcterms, "rights"):
            if item.rights == nil { item.rights = Values.plain(n) }
        case (.dc, "title"):
            if extra.title == nil { extra.title = Values.plain(n) }
        case (.dc, "description"), (.itunes, "summary"):
            if extra.summary == nil { extra.summary = Values.html(n, base: base, text: text) }
        case (.dc, "identifier"):
            if item.id == nil { item.id = n.allText.trimmingWhitespace }
        case (.media, "group"):
            for c in n.children { self.item(c, &item, &extra, base: base, text: text) }
        case (.media, "content"):
            if let href = Values.url(n.attr("url"), base: n.base ?? base), !href.isEmpty,
               !item.enclosures.contains(where: { $0.url == href }) {
                item.enclosures.append(Enclosure(url: href, type: n.attr("type"),
                                                 length: Values.int64(n.attr("fileSize"))))
            }
            for c in n.children { self.item(c, &item, &extra, base: base, text: text) }
        case (.media, "title"):
            if extra.title == nil { extra.title = Values.plain(n) }
        case (.media, "description"):
            if extra.summary == nil {
                extra.summary = n.attr("type") == "html" ? Values.html(n, base: base, text: text) : CleanHTML(html: Values.escapeHTML(Values.plain(n)))
            }
        case (.atom10, "link"):
            let link = Atom.link(n, base: base)
            if let link {
                item.links.append(link)
                if link.rel == "enclosure" { item.enclosures.append(Enclosure(url: link.href, type: link.type, length: link.length)) }
            }
        case (.atom10, "updated"):
            if item.updated == nil { item.updated = Values.date(n) }
        case (.atom10, "published"):
            if item.published == nil { item.published = Values.date(n) }
        case (.atom10, "author"):
            addPerson(Atom.person(n, base: base), to: &item.authors)
        case (.atom10, "id"):
            if item.id == nil { item.id = n.allText.trimmingWhitespace }
        case (.atom10, "summary"):
            if extra.summary == nil { extra.summary = Atom.html(n, base: base, text: text) }
        case (.atom10, "content"):
            if let c = Atom.content(n, base: base, text: text) { item.content.append(c) }
        case (.other(let uri), "license") where isCreativeCommons(uri):
            if let link = license(n, base: base) { item.links.append(link) }
        default:
            break
        }
    }

    /// The Creative Commons license modules (RDF `cc:license rdf:resource`, RSS
    /// `creativeCommons:license` text), whose license feedparser gives as a `rel="license"` link.
    static func isCreativeCommons(_ uri: String) -> Bool {
        switch uri {
        case "http://creativecommons.org/ns#", "http://web.resource.org/cc/",
             "http://cyber.law.harvard.edu/rss/creativeCommonsRssModule.html",
             "http://backend.userland.com/creativeCommonsRssModule": return true
        default: return false
        }
    }

    static func license(_ n: XMLNode, base: String?) -> Link? {
        guard let href = Values.url(n.attr("resource", ns: .rdf) ?? n.attr("resource") ?? n.allText, base: base), !href.isEmpty else { return nil }
        return Link(href: href, rel: "license")
    }

    static func feed(_ n: XMLNode, _ feed: inout FeedInfo, base: String?) {
        switch (n.ns, n.name) {
        case (.dc, "language"):
            if feed.language == nil { feed.language = n.allText.trimmingWhitespace }
        case (.dc, "rights"), (.dcterms, "rights"):
            if feed.rights == nil { feed.rights = Values.plain(n) }
        case (.dc, "date"), (.dcterms, "modified"):
            if feed.updated == nil { feed.updated = Values.date(n) }
        case (.dcterms, "issued"), (.dcterms, "created"):
            if feed.published == nil { feed.published = Values.date(n) }
        case (.dc, "creator"), (.itunes, "author"):
            addPerson(Values.person(n.allText), to: &feed.authors)
        case (.dc, "contributor"):
            addPerson(Person(name: Values.plain(n)), to: &feed.contributors)
        case (.dc, "subject"):
            let term = Values.plain(n)
            if !term.isEmpty { feed.categories.append(Category(term: term)) }
        case (.dc, "title"):
            if feed.title == nil { feed.title = Values.plain(n) }
        case (.dc, "description"), (.itunes, "summary"), (.itunes, "subtitle"):
            if feed.subtitle == nil { feed.subtitle = Values.plain(n) }
        case (.itunes, "image"):
            if feed.image == nil, let href = Values.url(n.attr("href") ?? n.allText, base: base), !href.isEmpty {
                var image = Image()
                image.url = href
                feed.image = image
            }
        case (.itunes, "category"):
            addITunesCategory(n, to: &feed.categories)
        case (.atom10, "link"):
            if let link = Atom.link(n, base: base) { feed.links.append(link) }
        case (.atom10, "id"):
            if feed.id == nil { feed.id = n.allText.trimmingWhitespace }
        case (.atom10, "updated"):
            if feed.updated == nil { feed.updated = Values.date(n) }
        case (.other(let uri), "license") where isCreativeCommons(uri):
            if let link = license(n, base: base) { feed.links.append(link) }
        default:
            break
        }
    }

    static func addPerson(_ p: Person, to list: inout [Person]) {
        guard !p.isEmpty, p.name != "" || p.email != nil else { return }
        if !list.contains(p) { list.append(p) }
    }

    static func addITunesCategory(_ n: XMLNode, to list: inout [Category]) {
        if let text = n.attr("text"), !text.isEmpty {
            let c = Category(term: text, scheme: "http://www.itunes.com/")
            if !list.contains(c) { list.append(c) }
        }
        for child in n.children where child.ns == .itunes && child.name == "category" { addITunesCategory(child, to: &list) }
    }
}
