public import FeedModel

/// A stored match, in the form of interface.md: a seed document (title, blank line, text) with a
/// header block between the title and the text. Pure: the writer does the I/O.
public struct MatchDocument: Sendable, Equatable {
    public var title: String
    public var link: String?
    public var feed: String?
    public var published: Timestamp?
    public var topic: String
    public var score: Double?
    /// The match's id: stable for one item of one feed and one topic (`MatchDocument.id`).
    public var id: String
    public var text: String

    public init(title: String, link: String?, feed: String?, published: Timestamp?, topic: String, score: Double?,
                id: String, text: String) {
        self.title = title; self.link = link; self.feed = feed; self.published = published
        self.topic = topic; self.score = score; self.id = id; self.text = text
    }

    /// The document of a stored match: what the poll that stored it wrote, made from the store.
    /// The feed is named without credentials, as every document names it.
    public init(stored m: StoredMatch) {
        self.init(title: m.title, link: m.link, feed: PublicURL.withoutCredentials(m.feed), published: m.published.map(Timestamp.init(seconds:)),
                  topic: m.topic, score: m.score, id: m.id, text: m.text ?? "")
    }

    /// A stable id for an item of a feed matched by a topic: the `StableHash` of the feed URL, the
    /// item id and the topic. The topic is part of it: an item two topics match is two matches
    /// (the store keeps a match by its id, and kept only the first topic's).
    public static func id(feed: String, item: String, topic: String) -> String {
        StableHash.hex([feed, item, topic])
    }

    /// The document's text. Header values are kept to one line each.
    public var rendered: String {
        func line(_ s: String) -> String { String(s.map { $0 == "\n" || $0 == "\r" ? " " : $0 }) }
        var out = line(title.isEmpty ? "(untitled)" : title) + "\n\n"
        if let link { out += "Link: \(line(link))\n" }
        if let feed { out += "Feed: \(line(feed))\n" }
        if let published { out += "Published: \(published.rfc3339)\n" }
        out += "Topic: \(line(topic))\n"
        if let score { out += "Score: \(Self.twoDecimals(score))\n" }
        out += "Id: \(line(id))\n\n"
        out += text
        if !text.hasSuffix("\n") { out += "\n" }
        return out
    }

    /// A stored match document as a seed: its title, a blank line, its text; the header block
    /// (Link:, Feed:, Score:…) dropped, so that those words do not count as the topic's words.
    public static func seedText(fromMatch document: String) -> String {
        var lines = document.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 2, lines[1].isEmpty else { return document }
        var i = 2
        while i < lines.count, !lines[i].isEmpty, lines[i].contains(": ") { i += 1 }
        guard i > 2, i < lines.count, lines[i].isEmpty else { return document }
        lines.removeSubrange(2...i)
        return lines.joined(separator: "\n")
    }

    /// The file name: `DATE_SLUG_ID8.txt`, e.g. `2019-11-05_trump-plans-raids-on-sanctuary-cities_7f3a9c2e.txt`.
    /// Only `[a-z0-9-_.]`, at most 100 bytes, never `.` or `..`, so no title can lead out of the folder.
    public var fileName: String {
        let date = published.map { String($0.rfc3339.prefix(10)) } ?? "undated"
        let slug = Self.slug(title, limit: 60)
        let shortID = String(Self.slug(id, limit: 16).prefix(8))
        return "\(date)_\(slug.isEmpty ? "untitled" : slug)_\(shortID.isEmpty ? "0" : shortID).txt"
    }

    /// Lowercase ASCII letters and digits, other runs as one '-', at most `limit` bytes.
    static func slug(_ s: String, limit: Int) -> String {
        var out = ""
        var dash = false
        for u in s.unicodeScalars {
            let v = u.value
            let c: Character?
            switch v {
            case 0x30...0x39, 0x61...0x7A: c = Character(u)
            case 0x41...0x5A: c = Character(Unicode.Scalar(v + 0x20)!)
            case 0xFF: c = "y"
            case 0xC0...0xFE:  // Latin-1 letters: their base letter where there is one
                let base = Array("aaaaaaaceeeeiiiidnooooo-ouuuuyts").map { $0 }
                let upper = v >= 0xE0 ? v - 0x20 : v
                let idx = Int(upper - 0xC0)
                c = idx < base.count && base[idx] != "-" ? base[idx] : nil
            default: c = nil
            }
            if let c {
                if dash, !out.isEmpty { out.append("-") }
                dash = false
                out.append(c)
                if out.utf8.count >= limit { break }
            } else {
                dash = true
            }
        }
        return out
    }

    public static func twoDecimals(_ x: Double) -> String {
        let scaled = Int((x * 100).rounded())
        let frac = String(abs(scaled) % 100)
        return "\(scaled / 100).\(frac.count == 1 ? "0" + frac : frac)"
    }
}
