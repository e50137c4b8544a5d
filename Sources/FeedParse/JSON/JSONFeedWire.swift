#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// JSON Feed as written (https://www.jsonfeed.org/version/1.1/), decoded leniently: every field
/// optional, strings that may arrive as numbers, `author` (1.0) beside `authors` (1.1).
/// `JSONFeed` maps it to the model. FoundationEssentials' decoder keeps full Foundation (and its
/// ICU) out of the binary.
struct JSONFeedWire: Decodable {
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

    struct Author: Decodable {
        var name: Lenient?
        var url: Lenient?
    }

    struct Attachment: Decodable {
        var url: Lenient?
        var mime_type: Lenient?
        var title: Lenient?
        var size_in_bytes: Lenient?
    }

    struct Item: Decodable {
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
    }

    /// A scalar read as text whatever its JSON type; objects and arrays read as absent.
    struct Lenient: Decodable {
        var text: String?

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { text = s }
            else if let i = try? c.decode(Int64.self) { text = String(i) }
            else if let d = try? c.decode(Double.self) { text = String(d) }
            else if let b = try? c.decode(Bool.self) { text = String(b) }
            else { text = nil }
        }
    }

    /// An object that reads as absent when it is something else.
    struct One<T: Decodable>: Decodable {
        var value: T?
        init(from decoder: any Decoder) throws { value = try? T(from: decoder) }
    }

    /// An array whose elements of the wrong shape are skipped; anything else reads as empty.
    struct Many<T: Decodable>: Decodable {
        var values: [T] = []
        init(from decoder: any Decoder) throws {
            guard var c = try? decoder.unkeyedContainer() else { return }
            while !c.isAtEnd {
                if let v = try? c.decode(T.self) { values.append(v) } else { _ = try? c.decode(Skip.self) }
            }
        }
    }

    struct Skip: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    static func decode(_ utf8: [UInt8]) throws -> JSONFeedWire {
        try JSONDecoder().decode(JSONFeedWire.self, from: Data(utf8))
    }
}
