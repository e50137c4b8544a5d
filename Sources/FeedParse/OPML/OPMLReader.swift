public import FeedModel

/// Reads the subscriptions of an OPML file (http://opml.org/spec2.opml, and the 1.0 files most
/// readers still export) into `OPMLFeed`s.
///
/// - Every `outline` with an `xmlUrl` is a feed. Readers spell that attribute `xmlUrl`, `xmlurl`
///   or `XMLURL`, so attribute names are compared without case.
/// - The outlines a feed is nested in are its folders: their `title` (else `text`) become its
///   tags, outermost first; the last part of each path of its `category` attribute
///   (comma-separated, slash-delimited, spec §"category") is a tag too.
/// - The name is the outline's `title`, else its `text`, unless that is the URL again.
/// - A URL listed twice (a feed in two folders, as Feedly and Inoreader write it) is one feed:
///   the first outline wins and the tags of the others are added to it.
///
/// A file that is not well-formed XML is refused with the line and column libxml2 gives: a
/// subscription list read half-way would silently lose feeds. The bytes go through the
/// feed parser's `Decode` (BOM, XML declaration, windows-1252) but not its `Repair`, which would
/// mend what we want to refuse. Safety is `XMLReader`'s: no DTD, no entities, no network.
public enum OPMLReader {
    public static func read(_ bytes: [UInt8]) throws(OPMLError) -> [OPMLFeed] {
        guard bytes.count <= FeedParser.maxBytes else {
            throw OPMLError(message: "file of \(bytes.count) bytes is over the \(FeedParser.maxBytes)-byte limit")
        }
        let decoded = Decode.document(bytes, httpCharset: nil)
        guard decoded.utf8.contains(where: { !Repair.isSpace($0) }) else { throw OPMLError(message: "the file is empty") }
        let document = XMLReader.read(decoded.utf8, base: nil, recover: false)
        if let fatal = document.fatal {
            throw OPMLError(line: fatal.line, column: fatal.column, message: fatal.message)
        }
        // Elements nested too deep, or too many: read in part, the list would lose feeds silently.
        if let problem = document.problem { throw OPMLError(message: "\(problem); the list is refused rather than read in part") }
        guard let root = document.root else { throw OPMLError(message: "found no element") }
        guard root.name.lowercased() == "opml" else { throw OPMLError(message: "not OPML: the root element is <\(root.name)>") }
        guard let body = root.children.first(where: { $0.name.lowercased() == "body" }) else {
            throw OPMLError(message: "no <body> in the OPML file")
        }
        var list = FeedList()
        list.collect(body, folders: [])
        return list.feeds
    }

    /// The feeds found so far, in document order, one per URL.
    struct FeedList {
        var feeds: [OPMLFeed] = []
        var indexOfURL: [String: Int] = [:]

        mutating func collect(_ parent: XMLNode, folders: [String]) {
            for node in parent.children where node.name.lowercased() == "outline" {
                let label = (attribute(node, "title") ?? attribute(node, "text")).map(PlainText.collapseWhitespace)
                guard let url = attribute(node, "xmlUrl")?.trimmingWhitespace, !url.isEmpty else {
                    // A folder: its label is a tag of every feed inside.
                    let inner = label.map { $0.isEmpty ? folders : folders + [$0] } ?? folders
                    collect(node, folders: inner)
                    continue
                }
                let tags = folders + categoryTags(attribute(node, "category"))
                // A name that only repeats the URL (what writers put in the required `text`) is none.
                let name = label.flatMap { $0.isEmpty || $0 == url ? nil : $0 }
                add(OPMLFeed(url: url, name: name, tags: [], every: attribute(node, "every")), tags: tags)
                collect(node, folders: folders)  // outlines under a feed: rare, but still feeds
            }
        }

        mutating func add(_ feed: OPMLFeed, tags: [String]) {
            let k = indexOfURL[feed.url] ?? {
                feeds.append(feed)
                indexOfURL[feed.url] = feeds.count - 1
                return feeds.count - 1
            }()
            for tag in tags where !feeds[k].tags.contains(tag) { feeds[k].tags.append(tag) }
        }
    }

    /// The value of an attribute, its name compared without case, in any namespace (feedsift's
    /// own `every` is written namespaced).
    static func attribute(_ node: XMLNode, _ name: String) -> String? {
        let wanted = name.lowercased()
        return node.attributes.first { $0.name.lowercased() == wanted }?.value
    }

    /// The last part of each slash-delimited path of a `category` attribute: `/News/US,tech`
    /// gives `US`, `tech`.
    static func categoryTags(_ value: String?) -> [String] {
        guard let value else { return [] }
        return value.split(separator: ",").compactMap { path in
            path.split(separator: "/").last.map { PlainText.collapseWhitespace(String($0)) }.flatMap { $0.isEmpty ? nil : $0 }
        }
    }
}
