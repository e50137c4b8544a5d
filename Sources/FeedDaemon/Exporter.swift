public import FeedExport
import FeedModel
public import FeedStore

/// The stored matches as a feed: what `feedsift export` writes and the daemon serves.
public enum Exporter {
    public enum Format: String, CaseIterable, Sendable {
        case atom, rss, json

        public var contentType: String {
            switch self {
            case .atom: return "application/atom+xml; charset=utf-8"
            case .rss: return "application/rss+xml; charset=utf-8"
            case .json: return "application/feed+json; charset=utf-8"
            }
        }
    }

    /// The latest `limit` matches (of `topic`, or of every topic), matched at or after `since`,
    /// newest first as feed readers expect.
    public static func feed(_ store: Store, topic: String?, limit: Int, since: Int64? = nil, selfURL: String? = nil,
                            now: Int64) throws -> ExportFeed {
        var exported = feed(try store.matches(topic: topic, since: since, limit: limit), topic: topic, selfURL: selfURL, now: now)
        // A match marked irrelevant changed the feed when it left it.
        if let dismissed = try store.lastDismissal(topic: topic), !exported.entries.isEmpty, dismissed > exported.updated.seconds {
            exported.updated = Timestamp(seconds: dismissed)
        }
        return exported
    }

    /// The feed of these matches (oldest first, as the store gives them), newest first.
    public static func feed(_ stored: [StoredMatch], topic: String?, selfURL: String? = nil, now: Int64) -> ExportFeed {
        let matches = stored.reversed()
        let entries = matches.map { m in
            ExportEntry(id: m.id, title: m.title, link: m.link, summaryHTML: m.summary, text: m.text ?? "",
                        published: m.published.map(Timestamp.init(seconds:)), matched: Timestamp(seconds: m.matched),
                        topic: m.topic, score: m.score, hits: m.hits, sourceURL: m.feed, sourceTitle: m.feedTitle)
        }
        return ExportFeed(title: "feedsift: \(topic ?? "all topics")", id: "tag:feedsift,2026:topic/\(topic ?? "*")", selfURL: selfURL,
                          updated: Timestamp(seconds: matches.first?.matched ?? now), topic: topic, entries: Array(entries))
    }

    public static func bytes(_ feed: ExportFeed, _ format: Format) -> [UInt8] {
        switch format {
        case .atom: return FeedWriter.atom(feed)
        case .rss: return FeedWriter.rss(feed)
        case .json: return FeedWriter.json(feed)
        }
    }
}
