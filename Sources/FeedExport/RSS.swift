internal import FeedModel

extension FeedWriter {
    /// RSS 2.0 (https://www.rssboard.org/rss-specification), with the Atom `self` link the RSS
    /// Advisory Board recommends when the feed's address is known.
    ///
    /// The channel's required `link` is the feed's own address when it is served, else the
    /// program's home: a file written by `feedsift export -o` has no web page of its own.
    /// An item's `pubDate` is its publication date, else the date it was matched (RSS items
    /// carry no other date, and readers sort by this one). `guid` is the same id as Atom's and
    /// JSON Feed's, marked `isPermaLink="false"`.
    public static func rss(_ feed: ExportFeed) -> [UInt8] {
        var x = XMLOutput()
        x.open("rss", ["version": "2.0", "xmlns:atom": "http://www.w3.org/2005/Atom", "xmlns:fs": namespace])
        x.open("channel")
        x.element("title", feed.title)
        x.element("link", feed.selfURL ?? home)
        x.element("description", "Items that matched \(feed.topicPhrase), filtered by feedsift")
        if let selfURL = feed.selfURL {
            x.element("atom:link", "", ["href": selfURL, "rel": "self", "type": "application/rss+xml"])
        }
        x.element("lastBuildDate", feed.updated.rfc822)
        x.element("generator", "feedsift")
        if let topic = feed.topic { x.element("category", topic) }
        for entry in feed.entries { rssItem(entry, into: &x) }
        x.close("channel")
        x.close("rss")
        return x.bytes
    }

    static func rssItem(_ e: ExportEntry, into x: inout XMLOutput) {
        x.open("item")
        x.element("title", e.title)
        x.element("link", e.link)
        // `description` is HTML, escaped (the RSS profile's "entity-encoded HTML"); plain text
        // becomes HTML by escaping it once more.
        x.element("description", e.summaryHTML ?? (e.text.isEmpty ? nil : escapeHTML(e.text)))
        x.element("guid", entryID(e.id), ["isPermaLink": "false"])
        x.element("pubDate", (e.published ?? e.matched).rfc822)
        x.element("category", e.topic)
        x.element("source", e.sourceTitle ?? e.sourceURL, ["url": e.sourceURL])
        xmlMatch(e, into: &x)
        x.close("item")
    }

    /// Plain text as HTML: `&`, `<`, `>` and `"` as references.
    static func escapeHTML(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
