public import FeedClassify
public import FeedModel
import FeedParse

/// An item as the classifier reads it: a document of fields, and plain text for the seed score.
public enum ItemText {
    /// The item's fields, split into words: only `fields` (those the topics read), the others left
    /// empty. `texts`: `texts(item)`, its summary and content, each a part of the text field.
    public static func document(_ item: Item, feed: ParsedFeed, texts: [String], fields: [Field] = Field.allCases) -> Document {
        Document(title: item.title ?? "",
                 texts: texts,
                 author: item.authors.compactMap { $0.name ?? $0.email }.joined(separator: "; "),
                 categories: item.categories.map(\.term),
                 feed: feed.feed.title ?? "",
                 link: item.link ?? "",
                 only: fields)
    }

    /// Summary and content as plain text, one after the other: the parser's (`makesText`), or
    /// made here from the HTML.
    public static func texts(_ item: Item) -> [String] {
        var parts: [String] = []
        if let summary = item.summary { parts.append(item.summaryText ?? FeedParser.plainText(html: summary)) }
        for c in item.content { parts.append(c.type == "text/html" ? c.text ?? FeedParser.plainText(html: c.value) : c.value) }
        return parts
    }

    /// The same as one text, a line between two (what match documents hold).
    public static func text(_ texts: [String]) -> String { texts.count == 1 ? texts[0] : texts.joined(separator: "\n") }
}
