public import FeedClassify
public import FeedModel
import FeedParse

/// An item as the classifier reads it: a document of fields, and plain text for the seed score.
public enum ItemText {
    /// The item's fields, split into words: only `fields` (those the topics read), the others left empty.
    public static func document(_ item: Item, feed: ParsedFeed, text: String, fields: [Field] = Field.allCases) -> Document {
        Document(title: item.title ?? "",
                 text: text,
                 author: item.authors.compactMap { $0.name ?? $0.email }.joined(separator: "; "),
                 category: item.categories.map(\.term).joined(separator: "; "),
                 feed: feed.feed.title ?? "",
                 link: item.link ?? "",
                 only: fields)
    }

    /// Summary and content as plain text: the parser's (`makesText`), or made here from the HTML.
    public static func text(_ item: Item) -> String {
        var parts: [String] = []
        if let summary = item.summary { parts.append(item.summaryText ?? FeedParser.plainText(html: summary)) }
        for c in item.content { parts.append(c.type == "text/html" ? c.text ?? FeedParser.plainText(html: c.value) : c.value) }
        return parts.count == 1 ? parts[0] : parts.joined(separator: "\n")
    }
}
