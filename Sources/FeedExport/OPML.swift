public import FeedModel

/// Writes a subscription list as OPML 2.0 (http://opml.org/spec2.opml). Reading is
/// `OPMLReader` in FeedParse, which has the XML parser.
public enum OPML {
    /// One flat list, an outline per feed:
    /// `<outline type="rss" text="NPR News" title="NPR News" xmlUrl="…" category="/news,/us"/>`.
    /// Tags go in `category` (comma-separated slash-paths, spec §"category") rather than in
    /// folder outlines, so a feed with two tags is listed once; readers that know folders only
    /// (most) still import every feed. `every` is kept in feedsift's namespace, which other
    /// readers ignore. `text` is required by the spec: a feed without a name gets its URL there (and
    /// no `title`), which `OPMLReader` reads back as no name.
    public static func write(_ feeds: [OPMLFeed], title: String) -> [UInt8] {
        var x = XMLOutput()
        x.open("opml", ["version": "2.0", "xmlns:feedsift": FeedWriter.namespace])
        x.open("head")
        x.element("title", title)
        x.close("head")
        x.open("body")
        for feed in feeds {
            let category = feed.tags.isEmpty ? nil : feed.tags.map { "/" + $0 }.joined(separator: ",")
            x.element("outline", "", ["type": "rss", "text": feed.name ?? feed.url, "title": feed.name, "xmlUrl": feed.url,
                                      "category": category, "feedsift:every": feed.every])
        }
        x.close("body")
        x.close("opml")
        return x.bytes
    }
}
