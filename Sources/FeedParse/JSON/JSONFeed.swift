import Foundation
internal import FeedModel

/// JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/) into the model.
///
/// Read leniently, as feeds in the wild are written: ids that are numbers, `author` (1.0) and
/// `authors` (1.1), strings where numbers belong.
enum JSONFeed {
    enum Outcome {
        case feed(ParsedFeed)
        case notAFeed(String)
    }

    static func parse(_ utf8: [UInt8], encoding: String, base: String?) -> Outcome {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(utf8), options: [.fragmentsAllowed])
        } catch {
            return .notAFeed("found JSON that does not parse")
        }
        guard let top = object as? [String: Any] else { return .notAFeed("found JSON that is not an object") }
        let version = string(top["version"]) ?? ""
        guard version.contains("jsonfeed.org") || top["items"] is [Any] else {
            return .notAFeed("found a JSON object that is not a JSON Feed")
        }
        var result = ParsedFeed(format: version.hasSuffix("/1") || version.hasSuffix("/1.0") ? .json10 : .json11,
                                encoding: encoding)
        var feed = FeedInfo()
        feed.title = string(top["title"]).map(Values.plain)
        let home = url(top["home_page_url"], base)
        feed.link = home
        if let home { feed.links.append(Link(href: home, rel: "alternate")) }
        if let self_ = url(top["feed_url"], base) { feed.links.append(Link(href: self_, rel: "self")) }
        feed.subtitle = string(top["description"]).map(Values.plain)
        feed.logo = url(top["icon"], base)
        feed.icon = url(top["favicon"], base)
        feed.language = string(top["language"])
        feed.authors = people(top, base)
        result.feed = feed
        let linkBase = base ?? home
        if let items = top["items"] as? [Any] {
            result.items = items.compactMap { ($0 as? [String: Any]).map { item($0, base: linkBase, feed: feed) } }
        }
        if !(top["items"] is [Any]) {
            result.bozo = true
            result.bozoMessage = "JSON Feed without an items array"
        }
        return .feed(result)
    }

    static func item(_ o: [String: Any], base: String?, feed: FeedInfo) -> Item {
        var item = Item()
        item.title = string(o["title"]).map(Values.plain)
        if let link = url(o["url"], base) {
            item.link = link
            item.links.append(Link(href: link, rel: "alternate"))
        }
        if let external = url(o["external_url"], base) { item.links.append(Link(href: external, rel: "related")) }
        item.language = string(o["language"]) ?? feed.language
        if let html = string(o["content_html"]) {
            item.content.append(Content(type: "text/html", value: Sanitizer.clean(html, base: base).trimmingWhitespace,
                                        language: item.language))
        }
        if let text = string(o["content_text"]) {
            item.content.append(Content(type: "text/plain", value: text, language: item.language))
        }
        if let summary = string(o["summary"]) { item.summary = Values.escapeHTML(Values.plain(summary)) }
        item.published = string(o["date_published"]).flatMap(FeedDate.parse)
        item.updated = string(o["date_modified"]).flatMap(FeedDate.parse)
        item.authors = people(o, base)
        // JSON Feed 1.1: an item without authors has the feed's.
        if item.authors.isEmpty { item.authors = feed.authors }
        if let tags = o["tags"] as? [Any] {
            item.categories = tags.compactMap { string($0) }.filter { !$0.isEmpty }.map { Category(term: $0) }
        }
        if let attachments = o["attachments"] as? [Any] {
            for case let a as [String: Any] in attachments {
                guard let href = url(a["url"], base), !href.isEmpty else { continue }
                let type = string(a["mime_type"])
                let length = number(a["size_in_bytes"])
                item.enclosures.append(Enclosure(url: href, type: type, length: length))
                item.links.append(Link(href: href, rel: "enclosure", type: type, title: string(a["title"]), length: length))
            }
        }
        if let id = string(o["id"]), !id.isEmpty {
            item.id = id
        } else {
            item.id = item.link ?? Values.hashID([item.title ?? "", item.published?.rfc3339 ?? "",
                                                  item.summary ?? item.content.first?.value ?? ""])
        }
        return item
    }

    static func people(_ o: [String: Any], _ base: String?) -> [Person] {
        var list: [Any] = (o["authors"] as? [Any]) ?? []
        if list.isEmpty, let one = o["author"] { list = [one] }
        return list.compactMap { any -> Person? in
            guard let a = any as? [String: Any] else { return nil }
            let p = Person(name: string(a["name"]).map(Values.plain), uri: url(a["url"], base))
            return p.isEmpty ? nil : p
        }
    }

    static func string(_ v: Any?) -> String? {
        switch v {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }

    static func number(_ v: Any?) -> Int64? {
        switch v {
        case let n as NSNumber: return n.int64Value
        case let s as String: return Int64(s.trimmingWhitespace)
        default: return nil
        }
    }

    static func url(_ v: Any?, _ base: String?) -> String? {
        guard let s = string(v) else { return nil }
        return Values.url(s, base: base)
    }
}
