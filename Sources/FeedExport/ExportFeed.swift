public import FeedModel

/// The matches of one topic, ready to be written as a feed: what `feedsift export` and the
/// daemon's HTTP server hand to `FeedWriter`.
public struct ExportFeed: Sendable, Equatable {
    public var title: String
    /// A stable id for the feed, a tag URI (RFC 4151) or URN: `tag:feedsift,2026:topic/immigration-policy`.
    public var id: String
    /// Where this feed itself can be fetched, when it is served.
    public var selfURL: String?
    /// When the feed last changed: the newest match.
    public var updated: Timestamp
    /// The topic of every entry; nil for a feed of every topic's matches.
    public var topic: String?
    public var entries: [ExportEntry]

    /// "the topic T", or "any topic", for descriptions.
    var topicPhrase: String { topic.map { "the topic \($0)" } ?? "any topic" }

    public init(title: String, id: String, selfURL: String? = nil, updated: Timestamp, topic: String?,
                entries: [ExportEntry]) {
        self.title = title
        self.id = id
        self.selfURL = selfURL
        self.updated = updated
        self.topic = topic
        self.entries = entries
    }
}

/// One match: the item as its feed gave it, and why feedsift kept it.
public struct ExportEntry: Sendable, Equatable {
    /// The stable match id (`Id:` of the stored match); `FeedWriter.entryID` makes the id written.
    public var id: String
    /// Plain text.
    public var title: String
    /// An http(s) address only (`PublicURL.link`: the init drops others).
    public var link: String?
    /// HTML as the parser gives it: already sanitized (no script, no handlers, absolute URLs).
    /// The writers do not sanitize again (FeedExport does not depend on FeedParse): build this
    /// only from `Item.summary` or `Item.content` of a parsed feed.
    public var summaryHTML: String?
    /// Plain text, written when there is no HTML.
    public var text: String
    public var published: Timestamp?
    /// When feedsift matched the item: the entry's `updated`.
    public var matched: Timestamp
    public var topic: String
    public var score: Double?
    /// The rule terms that hit.
    public var hits: [String]
    /// The feed the item came from, without credentials (`PublicURL.withoutCredentials`, in the init).
    public var sourceURL: String
    public var sourceTitle: String?

    public init(id: String, title: String, link: String? = nil, summaryHTML: String? = nil, text: String = "",
                published: Timestamp? = nil, matched: Timestamp, topic: String, score: Double? = nil,
                hits: [String] = [], sourceURL: String, sourceTitle: String? = nil) {
        self.id = id
        self.title = title
        self.link = PublicURL.link(link)
        self.summaryHTML = summaryHTML
        self.text = text
        self.published = published
        self.matched = matched
        self.topic = topic
        self.score = score
        self.hits = hits
        self.sourceURL = PublicURL.withoutCredentials(sourceURL)
        self.sourceTitle = sourceTitle
    }
}
