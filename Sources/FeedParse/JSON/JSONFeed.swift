internal import FeedModel

/// JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/) into the model, from the wire
/// form of `JSONFeedWire`.
enum JSONFeed {
    enum Outcome {
        case feed(ParsedFeed)
        case notAFeed(String)
    }

    static func parse(_ utf8: [UInt8], encoding: String, base: String?) -> Outcome {
        let wire: JSONFeedWire
        do {
            wire = try JSONFeedWire.decode(utf8)
        } catch is JSONFeedWire.NotAnObject {
            return .notAFeed("found JSON that is not an object")  // every field below the top is lenient
        } catch {
            return .notAFeed("found JSON that does not parse")
        }
        let version = wire.version?.text ?? ""
        guard version.contains("jsonfeed.org") || wire.items != nil else {
            return .notAFeed("found a JSON object that is not a JSON Feed")
        }
        var result = ParsedFeed(format: version.hasSuffix("/1") || version.hasSuffix("/1.0") ? .json10 : .json11,
                                encoding: encoding)
        var feed = FeedInfo()
        feed.title = wire.title?.text.map(Values.plain)
        let home = url(wire.home_page_url, base)
        feed.link = home
        if let home { feed.links.append(Link(href: home, rel: "alternate")) }
        if let selfURL = url(wire.feed_url, base) { feed.links.append(Link(href: selfURL, rel: "self")) }
        feed.subtitle = wire.description?.text.map(Values.plain)
        feed.logo = url(wire.icon, base)
        feed.icon = url(wire.favicon, base)
        feed.language = wire.language?.text
        feed.authors = people(wire.authors?.values, wire.author?.value, base)
        result.feed = feed
        let linkBase = base ?? home
        result.items = (wire.items?.values ?? []).map { item($0, base: linkBase, feed: feed) }
        if wire.items == nil {
            result.bozo = true
            result.bozoMessage = "JSON Feed without an items array"
        }
        return .feed(result)
    }

    static func item(_ o: JSONFeedWire.Item, base: String?, feed: FeedInfo) -> Item {
        var item = Item()
        item.title = o.title?.text.map(Values.plain)
        if let link = url(o.url, base) {
            item.link = link
            item.links.append(Link(href: link, rel: "alternate"))
        }
        if let external = url(o.external_url, base) { item.links.append(Link(href: external, rel: "related")) }
        item.language = o.language?.text ?? feed.language
        if let html = o.content_html?.text {
            item.content.append(Content(type: "text/html", value: Sanitizer.clean(html, base: base).trimmingWhitespace,
                                        language: item.language))
        }
        if let text = o.content_text?.text {
            item.content.append(Content(type: "text/plain", value: text, language: item.language))
        }
        if let summary = o.summary?.text { item.summary = Values.escapeHTML(Values.plain(summary)) }
        item.published = o.date_published?.text.flatMap(FeedDate.parse)
        item.updated = o.date_modified?.text.flatMap(FeedDate.parse)
        item.authors = people(o.authors?.values, o.author?.value, base)
        // JSON Feed 1.1: an item without authors has the feed's.
        if item.authors.isEmpty { item.authors = feed.authors }
        item.categories = (o.tags?.values ?? []).compactMap(\.text).filter { !$0.isEmpty }.map { Category(term: $0) }
        for a in o.attachments?.values ?? [] {
            guard let href = url(a.url, base), !href.isEmpty else { continue }
            let type = a.mime_type?.text
            let length = a.size_in_bytes?.text.flatMap { Int64($0) ?? Double($0).flatMap { $0.isFinite && abs($0) < 1e15 ? Int64($0) : nil } }
            item.enclosures.append(Enclosure(url: href, type: type, length: length))
            item.links.append(Link(href: href, rel: "enclosure", type: type, title: a.title?.text, length: length))
        }
        if let id = o.id?.text, !id.isEmpty {
            item.id = id
        } else {
            item.id = item.link ?? Values.hashID([item.title ?? "", item.published?.rfc3339 ?? "",
                                                  item.summary ?? item.content.first?.value ?? ""])
        }
        return item
    }

    static func people(_ many: [JSONFeedWire.Author]?, _ one: JSONFeedWire.Author?, _ base: String?) -> [Person] {
        let list = many.flatMap { $0.isEmpty ? nil : $0 } ?? [one].compactMap { $0 }
        return list.compactMap { a in
            let p = Person(name: a.name?.text.map(Values.plain), uri: url(a.url, base))
            return p.isEmpty ? nil : p
        }
    }

    static func url(_ v: JSONFeedWire.Lenient?, _ base: String?) -> String? {
        v?.text.flatMap { Values.url($0, base: base) }
    }
}
