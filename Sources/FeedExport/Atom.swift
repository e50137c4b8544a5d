internal import FeedModel

extension FeedWriter {
    /// Atom 1.0 (RFC 4287), valid against its RELAX NG schema (Appendix B) and its two
    /// Schematron rules, which the schema states but jing does not check:
    /// - the feed has an author (`feedsift`), since the entries we write have none;
    /// - every entry has an alternate link or a content: an entry with a link gets a `summary`,
    ///   one without gets its text as `content`.
    ///
    /// An entry's `source` (§4.2.11) names the feed the item came from by its address (a `self`
    /// link) and title; that feed's own `atom:id` is not known here, so none is written.
    public static func atom(_ feed: ExportFeed) -> [UInt8] {
        var x = XMLOutput()
        x.open("feed", ["xmlns": "http://www.w3.org/2005/Atom", "xmlns:fs": namespace])
        x.element("id", feed.id)
        x.element("title", feed.title)
        x.element("updated", feed.updated.rfc3339)
        if let selfURL = feed.selfURL { x.element("link", "", ["rel": "self", "type": "application/atom+xml", "href": selfURL]) }
        x.open("author")
        x.element("name", "feedsift")
        x.close("author")
        x.element("generator", "feedsift", ["uri": home])
        if let topic = feed.topic { x.element("category", "", ["term": topic]) }
        for entry in feed.entries { atomEntry(entry, into: &x) }
        x.close("feed")
        return x.bytes
    }

    static func atomEntry(_ e: ExportEntry, into x: inout XMLOutput) {
        x.open("entry")
        x.element("id", entryID(e.id))
        x.element("title", e.title)
        x.element("updated", e.matched.rfc3339)
        x.element("published", e.published?.rfc3339)
        let body = e.summaryHTML.map { ($0, "html") } ?? (e.text.isEmpty ? nil : (e.text, "text"))
        if let link = e.link {
            x.element("link", "", ["rel": "alternate", "href": link])
            if let (value, type) = body { x.element("summary", value, ["type": type]) }
        } else {
            let (value, type) = body ?? ("", "text")
            x.element("content", value, ["type": type])
        }
        x.element("category", "", ["term": e.topic])
        x.open("source")
        x.element("link", "", ["rel": "self", "href": e.sourceURL])
        x.element("title", e.sourceTitle)
        x.close("source")
        xmlMatch(e, into: &x)
        x.close("entry")
    }

    /// `<fs:match topic="…" score="0.41"><fs:hit>ICE</fs:hit>…</fs:match>`: why the item
    /// matched, in Atom and RSS alike. Atom allows it as a structured extension element (§6.4.2).
    static func xmlMatch(_ e: ExportEntry, into x: inout XMLOutput) {
        let attributes: KeyValuePairs<String, String?> = ["topic": e.topic, "score": score(e.score)]
        if e.hits.isEmpty {
            x.element("fs:match", "", attributes)
            return
        }
        x.open("fs:match", attributes)
        for hit in e.hits { x.element("fs:hit", hit) }
        x.close("fs:match")
    }
}
