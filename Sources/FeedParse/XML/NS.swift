/// The namespaces feeds use, recognised once when an element is read.
enum NS: Equatable {
    case none, atom10, atom03, rss10, rss090, rdf, dc, dcterms, content, media, itunes, xhtml, xml
    case slash, wfw, feedburner, georss
    case other(String)

    init(uri: String?, prefix: String?) {
        guard let uri, !uri.isEmpty else {
            // A prefix used without its declaration: real feeds do this with the common ones.
            switch prefix {
            case nil: self = .none
            case "dc": self = .dc
            case "dcterms": self = .dcterms
            case "content": self = .content
            case "media": self = .media
            case "itunes": self = .itunes
            case "atom", "atom10": self = .atom10
            case "rdf": self = .rdf
            case "xhtml": self = .xhtml
            case "slash": self = .slash
            case "wfw": self = .wfw
            case "feedburner": self = .feedburner
            case let p?: self = .other("prefix:" + p)
            }
            return
        }
        switch uri {
        case "http://www.w3.org/2005/Atom": self = .atom10
        case "http://purl.org/atom/ns#": self = .atom03
        // Names the Atom drafts had before 0.3 (feedparser's _base.py reads them as Atom too).
        case "http://example.com/newformat#", "http://example.com/necho", "http://purl.org/echo/",
             "uri/of/echo/namespace#", "http://purl.org/pie/": self = .atom03
        case "http://purl.org/rss/1.0/": self = .rss10
        case "http://my.netscape.com/rdf/simple/0.9/": self = .rss090
        case "http://www.w3.org/1999/02/22-rdf-syntax-ns#": self = .rdf
        case "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/elements/1.0/": self = .dc
        case "http://purl.org/dc/terms/": self = .dcterms
        case "http://purl.org/rss/1.0/modules/content/": self = .content
        case "http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss", "http://video.search.yahoo.com/mrss",
             "http://video.search.yahoo.com/mrss/", "http://tools.search.yahoo.com/mrss/": self = .media
        case "http://www.itunes.com/dtds/podcast-1.0.dtd", "http://www.itunes.com/DTDs/Podcast-1.0.dtd",
             "http://example.com/DTDs/Podcast-1.0.dtd": self = .itunes
        case "http://www.w3.org/1999/xhtml": self = .xhtml
        case "http://www.w3.org/XML/1998/namespace": self = .xml
        case "http://purl.org/rss/1.0/modules/slash/": self = .slash
        case "http://wellformedweb.org/CommentAPI/": self = .wfw
        case "http://rssnamespace.org/feedburner/ext/1.0": self = .feedburner
        case "http://www.georss.org/georss": self = .georss
        // RSS 2.0 in a default namespace of its own (UserLand, Harvard) is still RSS 2.0.
        case "http://backend.userland.com/rss2", "http://blogs.law.harvard.edu/tech/rss",
             "http://backend.userland.com/rss": self = .none
        default: self = .other(uri)
        }
    }
}

/// What the XML reader returns: the root element, the DOCTYPE it named, and what went wrong.
struct XMLDocument {
    var root: XMLNode?
    var doctypePublicID: String?
    var doctypeSystemID: String?
    var problem: String?
    /// The first well-formedness error (a fatal one in libxml2's terms), with its place.
    var fatal: XMLFailure?
    /// libxml2 reported an error (and recovered from it, or stopped).
    var hadErrors = false
}

/// Where and why libxml2 found a document not well-formed.
struct XMLFailure {
    var line: Int
    var column: Int?
    var message: String
}
