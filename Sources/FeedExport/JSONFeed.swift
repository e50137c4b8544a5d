internal import FeedModel

extension FeedWriter {
    /// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Why an item matched is in the
    /// `_feedsift` extension object (extensions start with `_`, §"Extensions"):
    /// `{"topic": …, "score": 0.41, "hits": […], "source": {"url": …, "title": …}}`.
    /// The feed itself carries `_feedsift: {"topic": …}`.
    public static func json(_ feed: ExportFeed) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("version", "https://jsonfeed.org/version/1.1")
        w.field("title", feed.title)
        w.field("feed_url", feed.selfURL)
        w.field("description", "Items that matched \(feed.topicPhrase), filtered by feedsift")
        w.key("authors"); w.beginArray(); w.beginObject(); w.field("name", "feedsift"); w.field("url", home); w.endObject(); w.endArray()
        w.key("_feedsift"); w.beginObject(); if let topic = feed.topic { w.field("topic", topic) }; w.field("id", feed.id); w.endObject()
        w.key("items")
        w.beginArray()
        for e in feed.entries { jsonItem(e, into: &w) }
        w.endArray()
        w.endObject()
        return w.bytes
    }

    static func jsonItem(_ e: ExportEntry, into w: inout JSONWriter) {
        w.beginObject()
        w.field("id", entryID(e.id))
        w.field("url", e.link)
        w.field("title", e.title)
        if let html = e.summaryHTML {
            w.field("content_html", html)
        } else {
            w.field("content_text", e.text)  // one of the two is required
        }
        w.field("date_published", e.published?.rfc3339)
        w.field("date_modified", e.matched.rfc3339)
        w.key("tags"); w.beginArray(); w.value(e.topic); w.endArray()
        w.key("_feedsift")
        w.beginObject()
        w.field("topic", e.topic)
        if let s = score(e.score), let v = Double(s) { w.key("score"); w.value(v) }
        w.key("hits"); w.beginArray(); for h in e.hits { w.value(h) }; w.endArray()
        w.key("source"); w.beginObject(); w.field("url", e.sourceURL); w.field("title", e.sourceTitle); w.endObject()
        w.endObject()
        w.endObject()
    }
}
