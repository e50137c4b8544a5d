/// The result of parsing one feed document: what `feedsift parse --json` prints.
///
/// Field rules are those of `interface.md` ("`feedsift parse --json`"): a nil field is unknown and
/// left out; an empty string means the element was present but empty.
public struct ParsedFeed: Sendable, Equatable {
    public var format: FeedFormat
    /// The encoding actually used to decode the bytes, lowercase (`utf-8`, `windows-1252`, …).
    public var encoding: String
    /// True when the input was not well-formed, was repaired, or declared one encoding and used another.
    public var bozo: Bool = false
    public var bozoMessage: String?
    public var feed = FeedInfo()
    public var items: [Item] = []

    public init(format: FeedFormat, encoding: String) {
        self.format = format
        self.encoding = encoding
    }
}

/// The formats we read, named as `interface.md` names them.
public enum FeedFormat: String, Sendable, Equatable, CaseIterable {
    case rss090, rss091u, rss091n, rss092, rss093, rss094, rss20, rss10, rss
    case atom03, atom10, atom
    case json10, json11
}

/// Channel-level metadata.
public struct FeedInfo: Sendable, Equatable {
    public var title: String?
    public var subtitle: String?
    public var link: String?
    public var id: String?
    public var language: String?
    public var rights: String?
    public var updated: Timestamp?
    public var published: Timestamp?
    public var authors: [Person] = []
    public var contributors: [Person] = []
    public var generator: Generator?
    public var image: Image?
    public var icon: String?
    public var logo: String?
    public var categories: [Category] = []
    public var links: [Link] = []
    public var ttl: Int?

    public init() {}
}

public struct Item: Sendable, Equatable {
    public var id: String?
    public var title: String?
    public var link: String?
    public var links: [Link] = []
    public var summary: String?
    /// The summary as plain text (what `FeedParser.plainText(html:)` makes of it), when the parser
    /// was asked to make it (`makesText`) and made it while sanitizing; else nil.
    public var summaryText: String?
    public var content: [Content] = []
    public var published: Timestamp?
    public var updated: Timestamp?
    public var authors: [Person] = []
    public var contributors: [Person] = []
    public var categories: [Category] = []
    public var enclosures: [Enclosure] = []
    public var comments: String?
    public var source: Source?
    public var rights: String?
    public var language: String?

    public init() {}
}

public struct Person: Sendable, Equatable {
    public var name: String?
    public var email: String?
    public var uri: String?
    public init(name: String? = nil, email: String? = nil, uri: String? = nil) {
        self.name = name; self.email = email; self.uri = uri
    }
    public var isEmpty: Bool { name == nil && email == nil && uri == nil }
}

public struct Generator: Sendable, Equatable {
    public var name: String?
    public var uri: String?
    public var version: String?
    public init(name: String? = nil, uri: String? = nil, version: String? = nil) {
        self.name = name; self.uri = uri; self.version = version
    }
}

public struct Image: Sendable, Equatable {
    public var url: String?
    public var title: String?
    public var link: String?
    public var width: Int?
    public var height: Int?
    public init() {}
}

public struct Category: Sendable, Equatable {
    public var term: String
    public var scheme: String?
    public var label: String?
    public init(term: String, scheme: String? = nil, label: String? = nil) {
        self.term = term; self.scheme = scheme; self.label = label
    }
}

public struct Link: Sendable, Equatable {
    public var href: String
    public var rel: String
    public var type: String?
    public var title: String?
    public var hreflang: String?
    public var length: Int64?
    public init(href: String, rel: String = "alternate", type: String? = nil, title: String? = nil,
                hreflang: String? = nil, length: Int64? = nil) {
        self.href = href; self.rel = rel; self.type = type; self.title = title
        self.hreflang = hreflang; self.length = length
    }
}

public struct Content: Sendable, Equatable {
    /// `text/html` or `text/plain`.
    public var type: String
    public var value: String
    public var language: String?
    /// HTML content as plain text, as `Item.summaryText` is the summary's; else nil.
    public var text: String?
    public init(type: String, value: String, language: String? = nil, text: String? = nil) {
        self.type = type; self.value = value; self.language = language; self.text = text
    }
}

public struct Enclosure: Sendable, Equatable {
    public var url: String
    public var type: String?
    public var length: Int64?
    public init(url: String, type: String? = nil, length: Int64? = nil) {
        self.url = url; self.type = type; self.length = length
    }
}

/// The feed an item was first published in, when it is republished from elsewhere.
public struct Source: Sendable, Equatable {
    public var title: String?
    public var link: String?
    public var url: String?
    public var id: String?
    public var updated: Timestamp?
    public var authors: [Person] = []
    public init() {}
}
