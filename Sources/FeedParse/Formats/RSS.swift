internal import FeedModel

/// RSS 0.90, 0.91 (Netscape and UserLand), 0.92-0.94, 2.0 and RSS 1.0 (RDF) into the model.
///
/// Specs: https://www.rssboard.org/rss-specification (2.0), https://web.resource.org/rss/1.0/spec,
/// https://www.rssboard.org/rss-0-9-1-netscape, https://www.rssboard.org/rss-0-9-0. The RDF
/// versions hold the same elements in a namespace, with items beside the channel rather than in it.
enum RSS {
    static func format(root: XMLNode, doctype: (String?, String?)) -> FeedFormat {
        if root.ns == .rdf { return root.children.contains { $0.ns == .rss090 } ? .rss090 : .rss10 }
        guard root.name == "rss" else { return .rss }
        let version = (root.attr("version") ?? "").trimmingWhitespace
        switch version {
        case "0.91":
            let id = ((doctype.0 ?? "") + " " + (doctype.1 ?? "")).lowercased()
            return id.contains("netscape") ? .rss091n : .rss091u
        case "0.92": return .rss092
        case "0.93": return .rss093
        case "0.94": return .rss094
        case "0.90", "0.9": return .rss090
        default: return version.hasPrefix("2") ? .rss20 : .rss
        }
    }

    static func isCore(_ n: XMLNode) -> Bool { n.ns == .none || n.ns == .rss10 || n.ns == .rss090 }

    static func parse(root: XMLNode, into result: inout ParsedFeed, text: Bool = false) {
        let channel = root.children.first { $0.name == "channel" && isCore($0) } ?? root
        var itemNodes: [XMLNode] = []
        var feed = FeedInfo()
        feed.language = channel.lang ?? root.lang
        // Relative URLs resolve against the channel's link when neither the document's address
        // nor xml:base gives a base (a file): the items' as the channel's own (its image, its
        // extensions' links), as interface.md says ("or the feed's link").
        let linkBase = channel.children.lazy.filter { $0.name == "link" && isCore($0) }
            .compactMap { Values.url($0.allText, base: $0.base) }.first.flatMap { URLResolver.isAbsolute($0) ? $0 : nil }

        func readChannel(_ parent: XMLNode) {
            for n in parent.children {
                if n.name == "item", isCore(n) { itemNodes.append(n); continue }
                if n.name == "image", isCore(n) { feed.image = image(n, linkBase: linkBase) ?? feed.image; continue }
                if isCore(n) { channelElement(n, &feed) } else { Extensions.feed(n, &feed, base: n.base ?? linkBase) }
            }
        }
        readChannel(channel)
        if channel != root {
            // RSS 1.0 puts items and the image beside the channel; broken RSS 2.0 does too.
            for n in root.children where n != channel {
                if n.name == "item", isCore(n) { itemNodes.append(n) }
                else if n.name == "image", isCore(n), feed.image == nil { feed.image = image(n, linkBase: linkBase) }
            }
        }
        result.feed = feed
        result.items = itemNodes.map { item($0, feed: feed, linkBase: linkBase, text: text) }
    }

    static func channelElement(_ n: XMLNode, _ feed: inout FeedInfo) {
        switch n.name {
        case "title": if feed.title == nil { feed.title = Values.plain(n) }
        case "link":
            if let href = Values.url(n.allText, base: n.base) {
                if feed.link == nil { feed.link = href }
                if !href.isEmpty { feed.links.append(Link(href: href)) }
            }
        case "description": if feed.subtitle == nil { feed.subtitle = Values.plain(n) }
        case "language": if feed.language == nil || n.lang == nil { feed.language = n.allText.trimmingWhitespace }
        case "copyright": if feed.rights == nil { feed.rights = Values.plain(n) }
        case "managingEditor": Extensions.addPerson(Values.person(n.allText), to: &feed.authors)
        case "pubDate": if feed.published == nil { feed.published = Values.date(n) }
        case "lastBuildDate": feed.updated = Values.date(n) ?? feed.updated
        case "generator": feed.generator = Generator(name: Values.plain(n))
        case "ttl": feed.ttl = Values.int(n.allText)
        case "category":
            let term = Values.plain(n)
            if !term.isEmpty { feed.categories.append(Category(term: term, scheme: n.attr("domain"))) }
        default: break
        }
    }

    static func image(_ n: XMLNode, linkBase: String? = nil) -> Image? {
        var image = Image()
        for c in n.children where isCore(c) {
            switch c.name {
            case "url": image.url = Values.url(c.allText, base: c.base ?? linkBase)
            case "title": image.title = Values.plain(c)
            case "link": image.link = Values.url(c.allText, base: c.base ?? linkBase)
            case "width": image.width = Values.int(c.allText)
            case "height": image.height = Values.int(c.allText)
            default: break
            }
        }
        if image.url == nil, let about = n.attr("resource") ?? n.attr("about") { image.url = about }
        return image == Image() ? nil : image
    }

    /// One item; `text`: with the plain text of its HTML (`FeedParser.parse`'s `makesText`).
    static func item(_ node: XMLNode, feed: FeedInfo, linkBase: String?, text: Bool = false) -> Item {
        var item = Item()
        var extra = Fallbacks()
        var guid: String?
        item.language = node.lang ?? feed.language
        for n in node.children {
            let base = n.base ?? linkBase
            guard isCore(n) else {
                Extensions.item(n, &item, &extra, base: base, text: text)
                continue
            }
            switch n.name {
            case "title": if item.title == nil { item.title = Values.plain(n) }
            case "link":
                if let href = Values.url(n.allText, base: base) {
                    if !href.isEmpty { item.links.append(Link(href: href)) }
                    if item.link == nil || item.link == "" { item.link = href }
                }
            case "description": if item.summary == nil { item.setSummary(Values.html(n, base: base, text: text)) }
            case "guid":
                guid = n.allText.trimmingWhitespace
                if n.attr("isPermaLink")?.lowercased() != "false", let g = guid, g.hasPrefix("http://") || g.hasPrefix("https://") {
                    extra.guidPermalink = g
                }
            case "pubDate": if item.published == nil { item.published = Values.date(n) }
            case "author": Extensions.addPerson(Values.person(n.allText), to: &item.authors)
            case "category":
                let term = Values.plain(n)
                if !term.isEmpty { item.categories.append(Category(term: term, scheme: n.attr("domain"))) }
            case "enclosure":
                if let url = Values.url(n.attr("url"), base: base), !url.isEmpty {
                    let length = Values.int64(n.attr("length"))
                    let type = n.attr("type")
                    item.enclosures.append(Enclosure(url: url, type: type, length: length))
                    item.links.append(Link(href: url, rel: "enclosure", type: type, length: length))
                }
            case "comments": item.comments = Values.url(n.allText, base: base)
            case "source":
                var source = Source()
                source.title = Values.plain(n)
                source.url = n.attr("url").map { $0.trimmingWhitespace }.flatMap { Values.isSafeURL($0) ? $0 : nil }
                item.source = source
            case "copyright": if item.rights == nil { item.rights = Values.plain(n) }
            default: break
            }
        }
        if item.title == nil { item.title = extra.title }
        if item.summary == nil, let summary = extra.summary { item.setSummary(summary) }
        if let g = guid, !g.isEmpty { item.id = g }
        // RSS 1.0 §5.5: an item's rdf:about is its URI (feedparser takes it as the id).
        if item.id == nil, let about = node.attr("about", ns: .rdf), !about.trimmingWhitespace.isEmpty { item.id = about.trimmingWhitespace }
        if item.link == nil || item.link == "" {
            item.link = item.links.first { $0.rel == "alternate" }?.href ?? extra.guidPermalink ?? item.link
        }
        if item.id == nil || item.id == "" {
            item.id = item.link.flatMap { $0.isEmpty ? nil : $0 } ?? Values.hashID([item.title ?? "", item.published?.rfc3339 ?? item.updated?.rfc3339 ?? "",
                                                  item.summary ?? item.content.first?.value ?? ""])
        }
        return item
    }
}
