/// JSON Feed as written (https://www.jsonfeed.org/version/1.1/), read leniently from `JSONValue`:
/// every field optional, strings that may arrive as numbers, `author` (1.0) beside `authors`
/// (1.1), a field of the wrong shape read as absent. `JSONFeed` maps it to the model.
struct JSONFeedWire {
    var version: Lenient?
    var title: Lenient?
    var home_page_url: Lenient?
    var feed_url: Lenient?
    var description: Lenient?
    var icon: Lenient?
    var favicon: Lenient?
    var language: Lenient?
    var author: One<Author>?
    var authors: Many<Author>?
    var items: Many<Item>?

    /// The top value is not an object.
    struct NotAnObject: Error {}

    init(_ v: JSONValue) throws(NotAnObject) {
        guard case .object = v else { throw NotAnObject() }
        version = Lenient(v["version"])
        title = Lenient(v["title"])
        home_page_url = Lenient(v["home_page_url"])
        feed_url = Lenient(v["feed_url"])
        description = Lenient(v["description"])
        icon = Lenient(v["icon"])
        favicon = Lenient(v["favicon"])
        language = Lenient(v["language"])
        author = One(v["author"], Author.init)
        authors = Many(v["authors"], Author.init)
        items = Many(v["items"], Item.init)
    }

    struct Author {
        var name: Lenient?
        var url: Lenient?

        init?(_ v: JSONValue) {
            guard case .object = v else { return nil }
            name = Lenient(v["name"])
            url = Lenient(v["url"])
        }
    }

    struct Attachment {
        var url: Lenient?
        var mime_type: Lenient?
        var title: Lenient?
        var size_in_bytes: Lenient?

        init?(_ v: JSONValue) {
            guard case .object = v else { return nil }
            url = Lenient(v["url"])
            mime_type = Lenient(v["mime_type"])
            title = Lenient(v["title"])
            size_in_bytes = Lenient(v["size_in_bytes"])
        }
    }

    struct Item {
        var id: Lenient?
        var url: Lenient?
        var external_url: Lenient?
        var title: Lenient?
        var content_html: Lenient?
        var content_text: Lenient?
        var summary: Lenient?
        var date_published: Lenient?
        var date_modified: Lenient?
        var language: Lenient?
        var author: One<Author>?
        var authors: Many<Author>?
        var tags: Many<Lenient>?
        var attachments: Many<Attachment>?

        init?(_ v: JSONValue) {
            guard case .object = v else { return nil }
            id = Lenient(v["id"])
            url = Lenient(v["url"])
            external_url = Lenient(v["external_url"])
            title = Lenient(v["title"])
            content_html = Lenient(v["content_html"])
            content_text = Lenient(v["content_text"])
            summary = Lenient(v["summary"])
            date_published = Lenient(v["date_published"])
            date_modified = Lenient(v["date_modified"])
            language = Lenient(v["language"])
            author = One(v["author"], Author.init)
            authors = Many(v["authors"], Author.init)
            tags = Many(v["tags"]) { Lenient($0) }
            attachments = Many(v["attachments"], Attachment.init)
        }
    }

    /// A scalar read as text whatever its JSON type (`JSONValue.text`); objects and arrays read as
    /// a field without text. nil for a member that is missing or null.
    struct Lenient {
        var text: String?

        init?(_ v: JSONValue?) {
            guard let v, v != .null else { return nil }
            text = v.text
        }
    }

    /// An object that reads as absent (`value` nil) when it is something else; nil when missing or null.
    struct One<T> {
        var value: T?

        init?(_ v: JSONValue?, _ make: (JSONValue) -> T?) {
            guard let v, v != .null else { return nil }
            value = make(v)
        }
    }

    /// An array whose elements of the wrong shape are skipped; anything else reads as empty; nil
    /// when missing or null.
    struct Many<T> {
        var values: [T] = []

        init?(_ v: JSONValue?, _ make: (JSONValue) -> T?) {
            guard let v, v != .null else { return nil }
            if case let .array(elements) = v { values = elements.compactMap(make) }
        }
    }

    static func decode(_ utf8: [UInt8]) throws -> JSONFeedWire {
        try JSONFeedWire(JSONValue.parse(utf8))
    }
}
