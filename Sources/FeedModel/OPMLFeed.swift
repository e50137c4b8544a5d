/// One subscription of an OPML subscription list (http://opml.org/spec2.opml): what
/// `feedsift opml import` adds to `[feeds]` and `feedsift opml export` writes.
///
/// Lives in the model so that the writer (FeedExport) and the reader (FeedParse) share it.
public struct OPMLFeed: Sendable, Equatable {
    /// The feed's address: the outline's `xmlUrl`.
    public var url: String
    /// The outline's `title`, else its `text`.
    public var name: String?
    /// The folders the outline sits in, outermost first, then the last parts of its `category` paths.
    public var tags: [String]
    /// feedsift's poll interval (`30m`), kept in our own attribute; other readers ignore it.
    public var every: String?

    public init(url: String, name: String? = nil, tags: [String] = [], every: String? = nil) {
        self.url = url
        self.name = name
        self.tags = tags
        self.every = every
    }
}

/// Why an OPML file was refused, with the place when there is one: `12:5: expected '>'`.
/// The caller puts the file name in front (`subscriptions.opml:12:5: …`).
public struct OPMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(line: Int? = nil, column: Int? = nil, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        switch (line, column) {
        case let (line?, column?): return "\(line):\(column): \(message)"
        case let (line?, nil): return "\(line): \(message)"
        default: return message
        }
    }
}
