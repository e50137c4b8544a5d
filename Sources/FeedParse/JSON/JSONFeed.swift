internal import FeedModel

/// JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/) into the model, read leniently
/// from `JSONValue`: every field optional, strings that may arrive as numbers, `author` (1.0)
/// beside `authors` (1.1), a field of the wrong shape read as absent, elements of the wrong shape
/// skipped.
enum JSONFeed {
    enum Outcome {
        case feed(ParsedFeed)
        case notAFeed(String)
    }

    static func parse(_ utf8: [UInt8], encoding: String, base: String?, text: Bool = false) -> Outcome {
        let root: JSONValue
        var repaired = false
        do {
            root = try JSONValue.parse(utf8, repaired: &repaired)
        } catch {
            return .notAFeed("found JSON that does not parse")
        }
        guard root.isObject else { return .notAFeed("found JSON that is not an object") }  // every field below the top is lenient
        let version = root.text("version") ?? ""
        let items = root.elements("items")
        guard version.contains("jsonfeed.org") || items != nil else {
            return .notAFeed("found a JSON object that is not a JSON Feed")
        }
        var result = ParsedFeed(format: version.hasSuffix("/1") || version.hasSuffix("/1.0") ? .json10 : .json11,
                                encoding: encoding)
        var feed = FeedInfo()
        feed.title = root.text("title").map(Values.plain)
        let home = url(root, "home_page_url", base)
        feed.link = home
        if let home { feed.links.append(Link(href: home, rel: "alternate")) }
        if let selfURL = url(root, "feed_url", base) { feed.links.append(Link(href: selfURL, rel: "self")) }
        feed.subtitle = root.text("description").map(Values.plain)
        feed.logo = url(root, "icon", base)
        feed.icon = url(root, "favicon", base)
        feed.language = root.text("language")
        feed.authors = people(root, base)
        result.feed = feed
        let linkBase = base ?? home
        result.items = (items ?? []).filter(\.isObject).map { item($0, base: linkBase, feed: feed, text: text) }
        if items == nil {
            result.bozo = true
            result.bozoMessage = "JSON Feed without an items array"
        } else if repaired {
            result.bozo = true
            result.bozoMessage = "strings with an unpaired surrogate (read as U+FFFD) or a raw control character"
        }
        return .feed(result)
    }

    /// One item; `text`: with the plain text of its HTML (`FeedParser.parse`'s `makesText`).
    static func item(_ o: JSONValue, base: String?, feed: FeedInfo, text makesText: Bool = false) -> Item {
        var item = Item()
        item.title = o.text("title").map(Values.plain)
        if let link = url(o, "url", base) {
            item.link = link
            item.links.append(Link(href: link, rel: "alternate"))
        }
        if let external = url(o, "external_url", base) { item.links.append(Link(href: external, rel: "related")) }
        item.language = o.text("language") ?? feed.language
        if let html = o.text("content_html") {
            item.content.append(Content(html: Sanitizer.clean(html, base: base, text: makesText).trimmed(), language: item.language))
        }
        if let text = o.text("content_text") {
            item.content.append(Content(type: "text/plain", value: text, language: item.language))
        }
        if let summary = o.text("summary") { item.summary = Values.escapeHTML(Values.plain(summary)) }
        item.published = o.text("date_published").flatMap(FeedDate.parse)
        item.updated = o.text("date_modified").flatMap(FeedDate.parse)
        item.authors = people(o, base)
        // JSON Feed 1.1: an item without authors has the feed's.
        if item.authors.isEmpty { item.authors = feed.authors }
        item.categories = (o.elements("tags") ?? []).compactMap(\.text).filter { !$0.isEmpty }.map { Category(term: $0) }
        for a in (o.elements("attachments") ?? []) where a.isObject {
            guard let href = url(a, "url", base), !href.isEmpty else { continue }
            let type = a.text("mime_type")
            let length = a.text("size_in_bytes").flatMap { Int64($0) ?? Double($0).flatMap { $0.isFinite && abs($0) < 1e15 ? Int64($0) : nil } }
            item.enclosures.append(Enclosure(url: href, type: type, length: length))
            item.links.append(Link(href: href, rel: "enclosure", type: type, title: a.text("title"), length: length))
        }
        if let id = o.text("id"), !id.isEmpty {
            item.id = id
        } else {
            item.id = item.link ?? Values.hashID([item.title ?? "", item.published?.rfc3339 ?? "",
                                                  item.summary ?? item.content.first?.value ?? ""])
        }
        return item
    }

    /// `authors` (1.1) when it holds an object, else `author` (1.0) when it is one.
    static func people(_ o: JSONValue, _ base: String?) -> [Person] {
        let many = (o.elements("authors") ?? []).filter(\.isObject)
        let list = many.isEmpty ? [o.member("author")].compactMap { $0 }.filter(\.isObject) : many
        return list.compactMap { a in
            let p = Person(name: a.text("name").map(Values.plain), uri: url(a, "url", base))
            return p.isEmpty ? nil : p
        }
    }

    static func url(_ o: JSONValue, _ name: String, _ base: String?) -> String? {
        o.text(name).flatMap { Values.url($0, base: base) }
    }
}
