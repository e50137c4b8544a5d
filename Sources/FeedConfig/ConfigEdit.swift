/// Adds or removes one feed line of `feeds.conf` text, leaving every other byte as it was
/// (interface.md, "Commands": `feedsift add`, `feedsift remove`). Pure: the caller reads the file,
/// names it for messages, and writes the result back.
///
/// The text must read (`ConfigParser.parse`) before an edit, and an added line is read back, so an
/// edit never leaves a file the daemon would refuse. Lines are told apart by the parser's own rules
/// (`kinds`): in `[feeds]` every line that is not blank, a comment or a header is a feed, while an
/// indented line under `[daemon]` or `[topic]` continues the value above it.
///
/// A file with CRLF line ends, or a byte order mark, is edited as if it had neither, and written
/// back with them (`Form`). One that mixes CRLF and LF line ends is refused.
public enum ConfigEdit {
    /// A feed to append: its URL, and the keys to write after it.
    public struct NewFeed: Equatable, Sendable {
        public var url: String
        public var name: String?
        public var every: String?
        public var tags: [String]

        public init(url: String, name: String? = nil, every: String? = nil, tags: [String] = []) {
            self.url = url; self.name = name; self.every = every; self.tags = tags
        }
    }

    /// Appends `URL name="N" every=15m tags=a,b` after the last feed line of `[feeds]` (so the blank
    /// and comment lines before the next section stay where they are), or right below the header and
    /// its comments when the section has no feed yet, or in a new `[feeds]` section at the end of the
    /// file. The line takes the indent of the feed above it, and its keys start in the same column
    /// when the URL is short enough, so that aligned files stay aligned.
    public static func add(_ text: String, url: String, name: String?, every: String?, tags: [String],
                           file: String = "feeds.conf") throws(ConfigEditError) -> String {
        let (result, refused) = try add(text, feeds: [NewFeed(url: url, name: name, every: every, tags: tags)], file: file)
        if let first = refused.first { throw first.error }
        return result
    }

    /// Appends several feeds as `add(_:url:name:every:tags:file:)` appends one, one line after the
    /// other, reading the file once (an OPML file of a thousand feeds, added one by one, read the
    /// growing file twice a feed). A feed that cannot be added (its URL or name already in use, in
    /// the file or earlier in `feeds`; a value that cannot be written) is left out and returned with
    /// why; the others are added. Throws when the file does not read.
    public static func add(_ original: String, feeds: [NewFeed],
                           file: String = "feeds.conf") throws(ConfigEditError) -> (text: String, refused: [(feed: NewFeed, error: ConfigEditError)]) {
        let (form, text) = try Form.of(original, file: file)
        let config = try read(text, file: file)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let kinds = kinds(of: lines)
        // Every URL and name in use, and the line that uses it (nil: a feed of this batch).
        var urls: [String: Int?] = [:]
        var names: [String: (url: String, line: Int?)] = [:]
        for f in config.feeds {
            urls[f.url] = f.line
            if let name = f.name { names[name] = (f.url, f.line) }
        }
        // Where the new lines go, and the line they are laid out like (nil: none, written plainly).
        var at: Int
        var previous: String?
        var section: [String] = []
        if let last = kinds.lastIndex(of: .feed) {
            // After the last feed's option lines, if it has any.
            at = (kinds.lastIndex(of: .feedOptions).map { max($0, last) } ?? last) + 1
            previous = lines[last]
        } else if let header = kinds.firstIndex(of: .header(feeds: true)) {
            at = header + 1
            while at < lines.count, kinds[at] == .comment { at += 1 }
        } else {
            // A new section at the end: after a blank line, and before the final newline if there is one.
            at = lines.last == "" ? lines.count - 1 : lines.count
            if at > 0, kinds[at - 1] != .blank { section.append("") }
            section.append("[feeds]")
        }
        var added: [String] = []
        var refused: [(feed: NewFeed, error: ConfigEditError)] = []
        for feed in feeds {
            do throws(ConfigEditError) {
                if let line = urls[feed.url] {
                    throw ConfigEditError(file: file, line: line, message: "\(feed.url) is already in [feeds]", cause: .conflict)
                }
                // A name names one feed: `remove NAME` must be able to tell which (two feeds named alike,
                // or a name that is another feed's URL, left a feed no `remove` could take out).
                if let name = feed.name, let old = names[name].map({ (url: $0.url, line: $0.line) }) ?? urls[name].map({ (url: name, line: $0) }) {
                    throw ConfigEditError(file: file, line: old.line, message: "the name \"\(name)\" is already \(old.url == name ? "a feed's URL" : "the name of \(old.url)")",
                                          cause: .conflict)
                }
                let tags = feed.tags.map { $0.trimmingWhitespace() }
                let fields = try feedFields(url: feed.url, name: feed.name, every: feed.every, tags: tags, file: file)
                let line = previous.map { layout(fields, like: $0) } ?? fields.joined(separator: " ")
                try readBack("[feeds]\n" + line, url: feed.url, name: feed.name, every: feed.every, tags: tags, file: file)
                added.append(line)
                previous = line
                urls[feed.url] = .some(nil)
                if let name = feed.name { names[name] = (feed.url, nil) }
            } catch {
                refused.append((feed, error))
            }
        }
        if added.isEmpty { return (original, refused) }
        lines.insert(contentsOf: section + added, at: at)
        let result = lines.joined(separator: "\n")
        // Each line read back alone; the whole file must still read (it always should).
        do {
            _ = try ConfigParser.parse(result, file: file)
        } catch {
            throw ConfigEditError(file: file, line: nil, message: error.errors[0].message, cause: .argument)
        }
        return (form.restore(result), refused)
    }

    /// Removes the one feed line of `[feeds]` whose URL or `name=` is `urlOrName`; `removed` is that
    /// line as written, without its line end and surrounding white space.
    public static func remove(_ original: String, urlOrName: String,
                              file: String = "feeds.conf") throws(ConfigEditError) -> (text: String, removed: String) {
        let (form, text) = try Form.of(original, file: file)
        let config = try read(text, file: file)
        // A URL names its own line first: a file edited by hand may name another feed by it.
        let byURL = config.feeds.filter { $0.url == urlOrName }
        let hits = byURL.isEmpty ? config.feeds.filter { $0.name == urlOrName } : byURL
        guard let hit = hits.first else {
            throw ConfigEditError(file: file, line: nil, message: "no feed in [feeds] has the URL or name \"\(urlOrName)\"", cause: .conflict)
        }
        guard hits.count == 1 else {
            let numbers = hits.map { String($0.line) }.joined(separator: ", ")
            throw ConfigEditError(file: file, line: nil,
                                  message: "\"\(urlOrName)\" matches \(hits.count) feeds, on lines \(numbers) of \(file); name one by its URL",
                                  cause: .argument)
        }
        // The parser numbers the lines of the same split, from 1.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // With its option lines, which would otherwise go on with the feed above; the comments
        // and blank lines among them stay.
        let kinds = kinds(of: lines)
        var gone = [hit.line - 1]
        var next = hit.line
        while next < lines.count, [.feedOptions, .comment, .blank].contains(kinds[next]) {
            if kinds[next] == .feedOptions { gone.append(next) }
            next += 1
        }
        let removed = gone.map { stripComment(lines[$0]).trimmingWhitespace() }.joined(separator: " ")
        for k in gone.reversed() { lines.remove(at: k) }
        return (form.restore(lines.joined(separator: "\n")), removed)
    }

    // MARK: - Reading

    /// The configuration of `text`, or its first problem: a file that does not read is not edited.
    static func read(_ text: String, file: String) throws(ConfigEditError) -> Config {
        do {
            return try ConfigParser.parse(text, file: file)
        } catch {
            let first = error.errors[0]
            let more = error.errors.count > 1 ? " (and \(error.errors.count - 1) more; see `feedsift check`)" : ""
            throw ConfigEditError(file: file, line: first.line, message: first.message + more + "; fix the file before editing it",
                                  cause: .configuration)
        }
    }

    /// Parses the edited text and checks that the new feed reads back as given. Problems on the new
    /// line (a URL that is not http(s)) are the arguments', so they carry no line number.
    static func readBack(_ text: String, url: String, name: String?, every: String?, tags: [String],
                         file: String) throws(ConfigEditError) {
        let config: Config
        do {
            config = try ConfigParser.parse(text, file: file)
        } catch {
            throw ConfigEditError(file: file, line: nil, message: error.errors[0].message, cause: .argument)
        }
        guard let entry = config.feeds.first(where: { $0.url == url }), entry.name == name,
              entry.every == every.flatMap(ConfigParser.duration), entry.tags == tags
        else {
            throw ConfigEditError(file: file, line: nil, message: "\(url) cannot be written so that it reads back as given", cause: .argument)
        }
    }

    /// What a line is, by the rules of `ConfigParser.State.read`.
    /// `feedOptions`: an indented line that goes on with the feed above (its options).
    enum Kind: Equatable { case blank, comment, header(feeds: Bool), feed, feedOptions, other }

    static func kinds(of lines: [String]) -> [Kind] {
        var inFeeds = false
        var valueOpen = false  // a `key = value` above may continue on indented lines
        var feedOpen = false  // so may a feed's line
        return lines.map { line in
            let content = stripComment(line)
            let trimmed = content.trimmingWhitespace()
            if trimmed.isEmpty { return line.trimmingWhitespace().isEmpty ? .blank : .comment }
            let indented = content.first == " " || content.first == "\t"
            if valueOpen, indented { return .other }
            if feedOpen, indented, !ConfigParser.startsFeed(trimmed) { return .feedOptions }
            valueOpen = false
            feedOpen = false
            if trimmed.hasPrefix("[") {
                let words = trimmed.dropFirst().dropLast().trimmingWhitespace().split(separator: " ")
                inFeeds = words == ["feeds"]
                return .header(feeds: inFeeds)
            }
            if inFeeds { feedOpen = true; return .feed }
            valueOpen = true  // the text reads, so outside [feeds] this is a `key = value`
            return .other
        }
    }

    /// The parser's comment rule. It is an instance method there; a `State` costs nothing to make.
    static func stripComment(_ line: String) -> String {
        ConfigParser.State(file: "").stripComment(line)
    }

    /// What the editor leaves out of a file and puts back: CRLF line ends (the editor splits on
    /// the `Character` "\n", which a Swift "\r\n" is not), a byte order mark.
    struct Form {
        var crlf = false
        var bom = false

        /// The form of `text`, and the text without it.
        static func of(_ text: String, file: String) throws(ConfigEditError) -> (Form, String) {
            var form = Form()
            var bytes = Array(text.utf8)
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                form.bom = true
                bytes.removeFirst(3)
            }
            let lineFeeds = bytes.indices.filter { bytes[$0] == 0x0A }
            let crlfs = lineFeeds.filter { $0 > 0 && bytes[$0 - 1] == 0x0D }
            if !crlfs.isEmpty {
                guard crlfs.count == lineFeeds.count else {
                    throw ConfigEditError(file: file, line: nil,
                                          message: "mixes CRLF and LF line ends, which feedsift reads but does not edit; give it one kind (dos2unix) first",
                                          cause: .configuration)
                }
                form.crlf = true
                let drop = Set(crlfs.map { $0 - 1 })
                bytes = bytes.indices.filter { !drop.contains($0) }.map { bytes[$0] }
            }
            return (form, form.bom || form.crlf ? String(decoding: bytes, as: UTF8.self) : text)
        }

        /// The edited text in this form.
        func restore(_ text: String) -> String {
            guard bom || crlf else { return text }
            var out: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
            for b in text.utf8 {
                if crlf, b == 0x0A { out.append(0x0D) }
                out.append(b)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    // MARK: - Writing

    /// The fields of a feed line: the URL, then `key=value` for each value given, quoted when it
    /// holds white space or '#'. A value with a line break or a '"' cannot be written (the format
    /// has no escapes).
    static func feedFields(url: String, name: String?, every: String?, tags: [String],
                           file: String) throws(ConfigEditError) -> [String] {
        func fail(_ message: String) -> ConfigEditError { ConfigEditError(file: file, line: nil, message: message, cause: .argument) }
        if url.isEmpty || url.contains(where: { $0.isWhitespace || $0 == "\"" }) {
            throw fail("\"\(url)\" cannot be a feed URL: it is empty or holds white space or '\"'")
        }
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { throw fail("\"\(url)\" is not an http(s) URL") }
        var fields = [url]
        func add(_ key: String, _ value: String) throws(ConfigEditError) {
            if value.isEmpty { throw fail("\(key): the value is empty") }
            if value.contains(where: \.isNewline) { throw fail("\(key): \"\(value)\" holds a line break") }
            if value.contains("\"") { throw fail("\(key): \"\(value)\" holds a '\"', which feeds.conf cannot quote") }
            let quoted = value.contains { $0.isWhitespace || $0 == "#" }
            fields.append(quoted ? "\(key)=\"\(value)\"" : "\(key)=\(value)")
        }
        if let name { try add("name", name) }
        if let every {
            guard let seconds = ConfigParser.duration(every) else { throw fail("every: \"\(every)\" is not a duration (30s, 15m, 2h, 1d; at most 3650d)") }
            guard seconds >= ConfigParser.shortestEvery else { throw fail("every: \"\(every)\" is shorter than \(ConfigParser.shortestEvery)s, the shortest interval between polls") }
            try add("every", every)
        }
        if !tags.isEmpty {
            if let bad = tags.first(where: { $0.isEmpty || $0.contains(",") }) {
                throw fail("tags: \"\(bad)\" is not a tag (tags are separated by ',' and not empty)")
            }
            try add("tags", tags.joined(separator: ","))
        }
        return fields
    }

    /// The fields as a line laid out like `previous`, a feed line: the same indent, and the keys from
    /// the column where the previous line's keys start (at least one space after the URL).
    static func layout(_ fields: [String], like previous: String) -> String {
        let indent = String(previous.prefix { $0 == " " || $0 == "\t" })
        guard fields.count > 1 else { return indent + fields[0] }
        let content = stripComment(previous)
        let afterIndent = content.dropFirst(indent.count)
        let gap = afterIndent.drop { $0 != " " && $0 != "\t" }.prefix { $0 == " " || $0 == "\t" }
        var column = indent.count + fields[0].count + 1
        // Only a gap of spaces followed by a key gives a column to align to.
        if gap.allSatisfy({ $0 == " " }), gap.endIndex < content.endIndex {
            column = max(column, content.distance(from: content.startIndex, to: gap.endIndex))
        }
        let pad = String(repeating: " ", count: column - indent.count - fields[0].count)
        return indent + fields[0] + pad + fields.dropFirst().joined(separator: " ")
    }
}

/// Why an edit of `feeds.conf` was refused: `feeds.conf:12: https://… is already in [feeds]`.
/// `line` is the line of the file the problem is on, when it is on one; `cause` says whose the
/// problem is, which the commands turn into their exit status.
public struct ConfigEditError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Cause: Equatable, Sendable {
        /// The feed is already there (add), or no feed is (remove).
        case conflict
        /// feeds.conf itself: it does not read, or it has CRLF line ends.
        case configuration
        /// An argument: a URL that is not http(s), a bad duration or tag, an ambiguous name.
        case argument
    }

    public var file: String
    public var line: Int?
    public var message: String
    public var cause: Cause

    public init(file: String, line: Int?, message: String, cause: Cause) {
        self.file = file; self.line = line; self.message = message; self.cause = cause
    }

    /// An argument's problem is not the file's: told without its name (a new user read
    /// `feeds.conf: "ftp://x/y" is not an http(s) URL` as a fault of the file).
    public var description: String {
        if cause == .argument, line == nil { return message }
        return line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}
