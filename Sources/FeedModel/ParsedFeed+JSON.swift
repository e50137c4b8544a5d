/// `feedsift parse --json`: the form `interface.md` fixes, keys in its order, unknown keys left out.
extension ParsedFeed {
    public func writeJSON(to w: inout JSONWriter, source: String? = nil) {
        w.beginObject()
        w.field("source", source)
        w.field("format", format.rawValue)
        w.field("encoding", encoding)
        w.field("bozo", bozo)
        if bozo { w.field("bozoMessage", bozoMessage ?? "") }
        w.key("feed"); feed.writeJSON(to: &w)
        w.key("items")
        w.beginArray()
        for item in items { item.writeJSON(to: &w) }
        w.endArray()
        w.endObject()
    }

    public var json: String {
        var w = JSONWriter()
        writeJSON(to: &w)
        return w.string
    }
}

extension FeedInfo {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("title", title)
        w.field("subtitle", subtitle)
        w.field("link", link)
        w.field("id", id)
        w.field("language", language)
        w.field("rights", rights)
        w.field("updated", updated)
        w.field("published", published)
        writePeople("authors", authors, &w)
        writePeople("contributors", contributors, &w)
        if let generator {
            w.key("generator"); w.beginObject()
            w.field("name", generator.name); w.field("uri", generator.uri); w.field("version", generator.version)
            w.endObject()
        }
        if let image {
            w.key("image"); w.beginObject()
            w.field("url", image.url); w.field("title", image.title); w.field("link", image.link)
            w.field("width", image.width); w.field("height", image.height)
            w.endObject()
        }
        w.field("icon", icon)
        w.field("logo", logo)
        writeCategories(categories, &w)
        writeLinks(links, &w)
        w.field("ttl", ttl)
        w.endObject()
    }
}

extension Item {
    func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.field("id", id)
        w.field("title", title)
        w.field("link", link)
        writeLinks(links, &w)
        w.field("summary", summary)
        if !content.isEmpty {
            w.key("content"); w.beginArray()
            for c in content {
                w.beginObject(); w.field("type", c.type); w.field("value", c.value); w.field("language", c.language); w.endObject()
            }
            w.endArray()
        }
        w.field("published", published)
        w.field("updated", updated)
        writePeople("authors", authors, &w)
        writePeople("contributors", contributors, &w)
        writeCategories(categories, &w)
        if !enclosures.isEmpty {
            w.key("enclosures"); w.beginArray()
            for e in enclosures {
                w.beginObject(); w.field("url", e.url); w.field("type", e.type); w.field("length", e.length); w.endObject()
            }
            w.endArray()
        }
        w.field("comments", comments)
        if let source {
            w.key("source"); w.beginObject()
            w.field("title", source.title); w.field("link", source.link); w.field("url", source.url)
            w.field("id", source.id); w.field("updated", source.updated)
            writePeople("authors", source.authors, &w)
            w.endObject()
        }
        w.field("rights", rights)
        w.field("language", language)
        w.endObject()
    }
}

private func writePeople(_ key: StaticString, _ people: [Person], _ w: inout JSONWriter) {
    guard !people.isEmpty else { return }
    w.key(key); w.beginArray()
    for p in people {
        w.beginObject(); w.field("name", p.name); w.field("email", p.email); w.field("uri", p.uri); w.endObject()
    }
    w.endArray()
}

private func writeCategories(_ categories: [Category], _ w: inout JSONWriter) {
    guard !categories.isEmpty else { return }
    w.key("categories"); w.beginArray()
    for c in categories {
        w.beginObject(); w.field("term", c.term); w.field("scheme", c.scheme); w.field("label", c.label); w.endObject()
    }
    w.endArray()
}

private func writeLinks(_ links: [Link], _ w: inout JSONWriter) {
    guard !links.isEmpty else { return }
    w.key("links"); w.beginArray()
    for l in links {
        w.beginObject()
        w.field("href", l.href); w.field("rel", l.rel); w.field("type", l.type); w.field("title", l.title)
        w.field("hreflang", l.hreflang); w.field("length", l.length)
        w.endObject()
    }
    w.endArray()
}
