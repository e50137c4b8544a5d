/// `feeds.conf`, read: daemon settings, feeds, topics (interface.md, "feeds.conf").
public struct Config: Sendable, Equatable {
    public var daemon = Daemon()
    public var feeds: [FeedEntry] = []
    public var topics: [TopicEntry] = []

    public init() {}

    public struct Daemon: Sendable, Equatable {
        public var state = ".feedsift"
        /// The line of `state =`, where the state folder's problems are placed (nil: the default).
        public var stateLine: Int?
        public var seeds = "seeds"
        /// Default poll interval, in seconds.
        public var every = 15 * 60
        /// The line of `every =` in [daemon], when it is set.
        public var everyLine: Int?
        public var listen: String?
        public var parallel = 16
        public var perHost = 2
        /// Largest body accepted, after decompression, in bytes.
        public var maxSize = 16 << 20
        public init() {}
    }

    public struct FeedEntry: Sendable, Equatable {
        public var url: String
        public var name: String?
        /// Poll interval in seconds, when the line sets one.
        public var every: Int?
        public var tags: [String] = []
        public var line: Int
        public init(url: String, line: Int) { self.url = url; self.line = line }
    }

    public struct TopicEntry: Sendable, Equatable {
        public var name: String
        public var rule: Value?
        public var exclude: Value?
        public var seeds: String?
        /// The line of `seeds =`, where the seed folder's problems are placed.
        public var seedsLine: Int?
        public var minScore: Double?
        public var line: Int
        public init(name: String, line: Int) { self.name = name; self.line = line }
    }

    /// A value with the place of each of its characters, so that an error inside it (a rule's
    /// missing parenthesis) can name its line and column even when it runs over several lines.
    public struct Value: Sendable, Equatable {
        public var text: String
        /// For each line the value spans: the offset (in characters) where it starts in `text`,
        /// and its line and column in the file.
        public var pieces: [Piece]

        public struct Piece: Sendable, Equatable {
            public var offset: Int
            public var line: Int
            public var column: Int
        }

        /// The line and column (1-based) of the character at `offset` in `text`.
        public func place(of offset: Int) -> (line: Int, column: Int) {
            let piece = pieces.last { $0.offset <= offset } ?? pieces[0]
            return (piece.line, piece.column + (offset - piece.offset))
        }
    }
}

/// A problem in the configuration, with its place: `feeds.conf:12: unknown key "evry"`.
public struct ConfigError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int
    public var column: Int?
    public var message: String

    public init(file: String, line: Int, column: Int? = nil, message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }

    public var description: String {
        column.map { "\(file):\(line):\($0): \(message)" } ?? "\(file):\(line): \(message)"
    }
}

/// Every problem of a file at once (`feedsift check` prints them all; loading refuses the file).
public struct ConfigErrors: Error, CustomStringConvertible, Sendable {
    public var errors: [ConfigError]
    /// What could be read around the errors: its topics' rules and seeds can still be checked,
    /// so that `check` lists every problem of the file at once.
    public var partial: Config? = nil
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
