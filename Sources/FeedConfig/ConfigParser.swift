internal import FeedModel
#if canImport(Glibc)
import Glibc
#endif
/// Reads `feeds.conf` text. Pure: the caller reads the file and names it for messages.
///
/// Format (interface.md): `[daemon]`, `[feeds]`, `[topic NAME]` sections; `key = value` lines;
/// a value continues on following lines that begin with white space; `#` starts a comment at the
/// start of a line or after white space, outside quotes; a feed is a line `URL key=value …` with
/// values quoted when they hold spaces.
public enum ConfigParser {
    public static func parse(_ text: String, file: String = "feeds.conf") throws(ConfigErrors) -> Config {
        var state = State(file: file)
        // A byte order mark (Notepad writes one) is no part of the first line.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text
        // Split on the byte: to Swift, "\r\n" is one Character that is not "\n", so a Character
        // split would read a CRLF file as one line. (A line made of its scalars one by one took a
        // sixth of `check`'s time on a large feeds.conf.)
        let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        for (k, raw) in lines.enumerated() {
            let line = raw.last == 0x0D ? raw.dropLast() : raw
            state.read(line: String(Substring(line)), number: k + 1)
        }
        state.finishValue()
        if !state.errors.isEmpty { throw ConfigErrors(errors: state.errors, partial: state.config) }
        return state.config
    }

    /// The text of feeds.conf's bytes, which must be UTF-8: a file in another encoding is refused
    /// at its first byte that is not (decoding would replace such bytes, and an edit would then
    /// write the replacements back in place of the user's text).
    public static func text(_ bytes: [UInt8], file: String = "feeds.conf") throws(ConfigErrors) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        // Not UTF-8: where, for the message.
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var valid = 0  // bytes read before the current scalar
        loop: while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(u): valid += UTF8.width(u)
            case .emptyInput: break loop
            case .error:
                let line = bytes[..<valid].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
                let column = valid - (bytes[..<valid].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
                throw ConfigErrors(errors: [ConfigError(file: file, line: line, column: column, message:
                    "byte 0x\(String(bytes[valid], radix: 16, uppercase: true)) is not UTF-8: feeds.conf is read as UTF-8 (save it so, or convert it with iconv)")])
            }
        }
        return String(decoding: bytes, as: UTF8.self)  // not reached: the bytes were not valid
    }

    /// The longest poll interval: ten years. Longer is surely a slip, and would overflow the
    /// schedule's arithmetic.
    public static let longestDuration = 3650 * 86400

    /// `30s`, `15m`, `2h`, `1d` in seconds, at most `longestDuration`.
    public static func duration(_ s: String) -> Int? {
        guard let unit = s.last, let n = Int(s.dropLast()), n > 0 else { return nil }
        let factor: Int
        switch unit {
        case "s": factor = 1
        case "m": factor = 60
        case "h": factor = 3600
        case "d": factor = 86400
        default: return nil
        }
        let (seconds, overflow) = n.multipliedReportingOverflow(by: factor)
        return overflow || seconds > longestDuration ? nil : seconds
    }

    /// The shortest poll interval, in seconds: a shorter `every` is read as this (`LoadedConfig`),
    /// and refused from the command line (`add`).
    public static let shortestEvery = 30

    /// The largest size: 1 TB (more than any body a feed could need, and no overflow).
    public static let largestSize = 1 << 40

    /// `16MB`, `512KB`, `1GB` or plain bytes, at most `largestSize`.
    public static func size(_ s: String) -> Int? {
        let upper = s.uppercased()
        for (suffix, factor) in [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)] where upper.hasSuffix(suffix) {
            guard let n = Int(upper.dropLast(suffix.count)), n > 0 else { return nil }
            let (bytes, overflow) = n.multipliedReportingOverflow(by: factor)
            return overflow || bytes > largestSize ? nil : bytes
        }
        return Int(s).flatMap { $0 > 0 && $0 <= largestSize ? $0 : nil }
    }

    /// The keys of a section, as `key = value` lines set them.
    /// A feed's address as the duplicate check compares it: the scheme and host in small letters.
    static func addressKey(_ url: String) -> String {
        guard let scheme = url.firstRange(of: "://") else { return url }
        let authority = url[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.lastIndex(of: "@").map { url.index(after: $0) } ?? authority.startIndex
        return url[..<scheme.upperBound].lowercased() + url[authority.startIndex..<host]
            + url[host..<authority.endIndex].lowercased() + url[authority.endIndex...]
    }

    /// A line that starts a feed of its own (an http(s) address) or a section (an indented
    /// header is one): not the options of the feed above.
    static func startsFeed(_ trimmed: String) -> Bool {
        let lower = trimmed.prefix(8).lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") || trimmed.hasPrefix("[")
    }

    static let daemonKeys = ["state", "seeds", "every", "listen", "parallel", "per-host", "max-size"]
    static let topicKeys = ["rule", "exclude", "seeds", "min-score"]

    /// A path value written in quotes (`state = "my state"`, the way a feed's values are quoted):
    /// the path inside them.
    static func unquoted(_ v: String) -> String {
        guard v.count >= 2, v.first == "\"", v.last == "\"", !v.dropFirst().dropLast().contains("\"") else { return v }
        return String(v.dropFirst().dropLast())
    }

    enum Section: Equatable { case none, daemon, feeds, topic(Int) }

    struct State {
        let file: String
        var config = Config()
        var errors: [ConfigError] = []
        var section = Section.none
        /// A `key = value` whose value may continue on the next lines.
        var pendingKey: (key: String, line: Int)?
        var pendingValue: Config.Value?
        /// `pendingValue`'s length in characters, kept as it grows: counting the text again at
        /// each line it continues on was quadratic in a long rule's lines (a tenth of `check`'s
        /// time for 300 copies of the shipped topic).
        var pendingLength = 0
        /// A feed's line, and the indented lines its options continue on.
        var pendingFeed: [(text: String, line: Int)]?
        var seenTopics: Set<String> = []
        /// The keys set in each section, and the line of each: a key set twice is refused (the
        /// second value silently replaced the first), also when `[daemon]` is written twice.
        var keyLines: [String: Int] = [:]
        var seenFeeds: [String: Int] = [:]
        /// The lines under a header that could not be read are not told one by one: one typo in
        /// a header gave a hundred "outside any section" lines.
        var underBadHeader = false

        init(file: String) { self.file = file }

        mutating func fail(_ line: Int, _ message: String, column: Int? = nil) {
            errors.append(ConfigError(file: file, line: line, column: column, message: message))
        }

        mutating func read(line: String, number: Int) {
            let content = stripComment(line)
            let trimmed = content.trimmingWhitespace()
            if trimmed.isEmpty { return }
            let continues = content.first == " " || content.first == "\t"
            // An indented line goes on with a value, as interface.md says, even one that looks like
            // a header (the rule then says what is wrong with it, at its place).
            if continues, pendingKey != nil, var value = pendingValue, !startsKey(trimmed) {
                let lead = content.prefix { $0 == " " || $0 == "\t" }.count
                value.pieces.append(.init(offset: pendingLength + 1, line: number, column: lead + 1))
                // The length of the text joined, counted without the text before: the line's
                // own characters, and one fewer when the space joins the last one before it
                // (a prepended mark), as counting the whole would give.
                let added = " " + trimmed
                let joins = value.text.last.map { (String($0) + " ").count == 1 } ?? false
                value.text += added
                pendingLength += added.count - (joins ? 1 : 0)
                pendingValue = value
                return
            }
            // A feed's options continue on indented lines, as a value does; an indented address
            // is a feed of its own.
            if continues, pendingFeed != nil, !ConfigParser.startsFeed(trimmed) {
                pendingFeed?.append((trimmed, number))
                return
            }
            finishValue()
            if trimmed.hasPrefix("[") {
                header(trimmed, number)
                return
            }
            switch section {
            case .none:
                if !underBadHeader { fail(number, "\"\(trimmed)\" is outside any section ([daemon], [feeds] or [topic NAME])") }
            case .feeds:
                pendingFeed = [(trimmed, number)]
            case .daemon, .topic:
                guard let eq = content.firstIndex(of: "=") else {
                    fail(number, "expected \"key = value\", found \"\(trimmed)\"")
                    return
                }
                let key = content[..<eq].trimmingWhitespace()
                let rawValue = content[content.index(after: eq)...]
                let lead = rawValue.prefix { $0 == " " || $0 == "\t" }.count
                let column = content.distance(from: content.startIndex, to: eq) + 2 + lead
                pendingKey = (key, number)
                let text = rawValue.trimmingWhitespace()
                pendingValue = Config.Value(text: text, pieces: [.init(offset: 0, line: number, column: column)])
                pendingLength = text.count
            }
        }

        /// An indented line that sets a key of this section (`  every = 1h` under `  state = st`,
        /// the way many INI files indent) starts a value: no value goes on with `key =`.
        func startsKey(_ trimmed: String) -> Bool {
            guard let eq = trimmed.firstIndex(of: "=") else { return false }
            let key = trimmed[..<eq].trimmingWhitespace()
            switch section {
            case .daemon: return ConfigParser.daemonKeys.contains(key)
            case .topic: return ConfigParser.topicKeys.contains(key)
            default: return false
            }
        }

        mutating func header(_ text: String, _ number: Int) {
            let errorsBefore = errors.count
            defer { underBadHeader = errors.count > errorsBefore && section == .none }
            guard text.hasSuffix("]") else { fail(number, "section header \"\(text)\" has no closing ']'"); section = .none; return }
            let inner = text.dropFirst().dropLast().trimmingWhitespace()
            let words = inner.split(separator: " ", omittingEmptySubsequences: true)
            switch (words.first, words.count) {
            case ("daemon"?, 1): section = .daemon
            case ("feeds"?, 1): section = .feeds
            case ("topic"?, 2):
                let name = String(words[1])
                guard name.allSatisfy({ ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "-" || $0 == "_" }), name.first != "-" else {
                    fail(number, "topic name \"\(name)\" may hold only lowercase letters, digits, '-' and '_'")
                    section = .none
                    return
                }
                if !seenTopics.insert(name).inserted { fail(number, "topic \"\(name)\" is defined twice") }
                config.topics.append(Config.TopicEntry(name: name, line: number))
                section = .topic(config.topics.count - 1)
            case ("topic"?, _): fail(number, "a topic section names one topic: [topic NAME]"); section = .none
            default: fail(number, "unknown section [\(inner)] (sections: [daemon], [feeds], [topic NAME])"); section = .none
            }
        }

        mutating func finishValue() {
            if let lines = pendingFeed {
                pendingFeed = nil
                feed(lines)
            }
            guard let (key, line) = pendingKey, let value = pendingValue else { return }
            pendingKey = nil
            pendingValue = nil
            let v = value.text
            // Keys after a broken header (section .none) belong to no section, and are refused there.
            let qualified: String? = switch section {
            case .daemon: "daemon " + key
            case let .topic(index): "topic \(index) " + key
            default: nil
            }
            if let qualified {
                if let first = keyLines[qualified] {
                    fail(line, "\"\(key)\" is set twice in \(section == .daemon ? "[daemon]" : "this section") (first on line \(first)): one value a key")
                    return
                }
                keyLines[qualified] = line
            }
            switch section {
            case .daemon:
                switch key {
                case "state": config.daemon.state = ConfigParser.unquoted(v); config.daemon.stateLine = line
                case "seeds": config.daemon.seeds = ConfigParser.unquoted(v)
                case "every":
                    if let d = ConfigParser.duration(v) { config.daemon.every = d; config.daemon.everyLine = line } else { fail(line, "every: \"\(v)\" is not a duration (30s, 15m, 2h, 1d; at most 3650d)") }
                case "listen":
                    if Self.isListenAddress(v) { config.daemon.listen = v } else { fail(line, "listen: \"\(v)\" is not HOST:PORT (HOST an IP address, as 127.0.0.1 or [::1], or localhost)") }
                case "parallel", "per-host":
                    guard let n = Int(v), n > 0, n <= 1000 else { fail(line, "\(key): \"\(v)\" is not a number from 1 to 1000"); return }
                    if key == "parallel" { config.daemon.parallel = n } else { config.daemon.perHost = n }
                case "max-size":
                    if let n = ConfigParser.size(v) { config.daemon.maxSize = n } else { fail(line, "max-size: \"\(v)\" is not a size (16MB, 512KB; at most 1024GB)") }
                default:
                    fail(line, "unknown key \"\(key)\" in [daemon] (keys: \(ConfigParser.daemonKeys.joined(separator: ", ")))")
                }
            case let .topic(index):
                switch key {
                case "rule": config.topics[index].rule = value
                case "exclude": config.topics[index].exclude = value
                case "seeds":
                    config.topics[index].seeds = ConfigParser.unquoted(v)
                    config.topics[index].seedsLine = line
                case "min-score":
                    guard let x = Double(v), x >= 0, x <= 1 else { fail(line, "min-score: \"\(v)\" is not a number from 0 to 1"); return }
                    config.topics[index].minScore = x
                default:
                    fail(line, "unknown key \"\(key)\" in [topic \(config.topics[index].name)] (keys: \(ConfigParser.topicKeys.joined(separator: ", ")))")
                }
            default:
                break
            }
        }

        /// A feed's line and its option lines: each problem placed at the line it is on.
        mutating func feed(_ lines: [(text: String, line: Int)]) {
            var fields: [(String, line: Int)] = []
            for l in lines {
                do { fields += try Self.splitQuoted(l.text).map { ($0, l.line) } } catch {
                    // A quoted value that goes on to the next line (`name="NPR` / `News"`): read
                    // as one line, its problems placed at the feed's first line.
                    guard let joined = try? Self.splitQuoted(lines.map(\.text).joined(separator: " ")) else {
                        fail(l.line, "unterminated quote")
                        return
                    }
                    fields = joined.map { ($0, lines[0].line) }
                    break
                }
            }
            guard !fields.isEmpty else { return }
            let (url, number) = fields.removeFirst()
            let lower = url.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), url.count > 8 else {
                fail(number, "\"\(url)\" is not an http(s) URL")
                return
            }
            // The scheme and host in any case are one address (`HTTP://A.example/` is `http://a.example/`).
            let key = ConfigParser.addressKey(url)
            if let first = seenFeeds[key] { fail(number, "feed \(PublicURL.withoutCredentials(url)) is listed twice (first on line \(first))"); return }
            seenFeeds[key] = number
            var entry = Config.FeedEntry(url: url, line: number)
            var keysSet: Set<String> = []
            for (k, (field, line)) in fields.enumerated() {
                guard let eq = field.firstIndex(of: "=") else {
                    // `name = Mine`: the spaces split it into three fields.
                    let spaced = k + 1 < fields.count && fields[k + 1].0.hasPrefix("=")
                    fail(line, spaced ? "write \(field)=value without spaces around '='" : "expected key=value after the URL, found \"\(field)\"")
                    if spaced { return }
                    continue
                }
                let key = String(field[..<eq])
                let value = String(field[field.index(after: eq)...])
                if key.isEmpty { fail(line, "write key=value without spaces around '='"); return }
                guard keysSet.insert(key).inserted else { fail(line, "\"\(key)\" is set twice for \(PublicURL.withoutCredentials(url)): one value a key"); continue }
                switch key {
                case "name": entry.name = value
                case "every":
                    if let d = ConfigParser.duration(value) { entry.every = d } else { fail(line, "every: \"\(value)\" is not a duration (30s, 15m, 2h, 1d; at most 3650d)") }
                case "tags": entry.tags = value.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
                default: fail(line, "unknown key \"\(key)\" for a feed (keys: name, every, tags)")
                }
            }
            config.feeds.append(entry)
        }

        /// The line up to a `#` that starts a comment: at the start or after white space, outside quotes.
        func stripComment(_ line: String) -> String {
            var inQuotes = false
            var previous: Character = " "
            for (k, c) in line.enumerated() {
                if c == "\"" { inQuotes.toggle() }
                if c == "#", !inQuotes, previous == " " || previous == "\t" { return String(line.prefix(k)) }
                previous = c
            }
            return line
        }

        struct QuoteError: Error {}

        /// Splits on white space, keeping "quoted values" (the quotes removed) together.
        static func splitQuoted(_ s: String) throws(QuoteError) -> [String] {
            var out: [String] = []
            var current = ""
            var inQuotes = false
            var has = false
            for c in s {
                if c == "\"" { inQuotes.toggle(); has = true; continue }
                if !inQuotes, c == " " || c == "\t" {
                    if has { out.append(current); current = ""; has = false }
                    continue
                }
                current.append(c); has = true
            }
            if inQuotes { throw QuoteError() }
            if has { out.append(current) }
            return out
        }

        /// `HOST:PORT`, HOST an address the server binds as it is: IPv4 (`127.0.0.1`, `0.0.0.0`),
        /// IPv6 in brackets (`[::1]`), or `localhost`, read by `inet_pton` as the server reads it
        /// (`FeedServer`), so that what `check` passes binds. A name is not looked up: `check`
        /// passed `example.org:8377`, and the daemon then could not start.
        static func isListenAddress(_ s: String) -> Bool {
            guard let colon = s.lastIndex(of: ":"), let port = Int(s[s.index(after: colon)...]), (1...65535).contains(port) else { return false }
            let host = String(s[..<colon])
            if host == "localhost" { return true }
            if host.hasPrefix("["), host.hasSuffix("]") {
                var a = in6_addr()
                return inet_pton(AF_INET6, String(host.dropFirst().dropLast()), &a) == 1
            }
            var a = in_addr()
            return inet_pton(AF_INET, host, &a) == 1
        }
    }
}

extension StringProtocol {
    /// Without the white space (Character.isWhitespace) at either end; shared by the modules
    /// that read configuration and header values.
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
