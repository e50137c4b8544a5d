import FeedModel

/// The readable form of `feedsift parse`: the feed's title and kind, then a line or two an item.
enum Summary {
    static func text(of feed: ParsedFeed, source: String) -> String {
        var lines: [String] = []
        let title = feed.feed.title.map { $0.isEmpty ? "(untitled)" : $0 } ?? "(untitled)"
        lines.append("\(title)  [\(feed.format.rawValue), \(feed.encoding), \(feed.items.count) item\(feed.items.count == 1 ? "" : "s")]")
        if let link = feed.feed.link { lines.append("  \(link)") }
        if feed.bozo { lines.append("  warning: \(feed.bozoMessage ?? "not well-formed")") }
        for item in feed.items {
            let date = (item.published ?? item.updated).map { String($0.rfc3339.prefix(16)).replacingT() } ?? "                "
            lines.append("\(date)  \(item.title ?? "(untitled)")")
            if let link = item.link { lines.append("                  \(link)") }
        }
        return lines.joined(separator: "\n")
    }
}

private extension String {
    func replacingT() -> String { String(map { $0 == "T" ? " " : $0 }) }
}
