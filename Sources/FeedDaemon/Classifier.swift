public import FeedClassify
public import FeedModel

/// The configuration's topics, ready to decide, and the background of ordinary news their seed
/// scores weigh words against. The background grows with every new item read; the topics' seed
/// profiles are rebuilt when it has grown by a tenth, not on every item.
public final class Classifier {
    let sources: [LoadedConfig.TopicSource]
    public private(set) var background: Background
    public private(set) var topics: [Topic] = []
    private var index = TermIndex(rules: [])
    private var builtWith = -1

    public init(_ loaded: LoadedConfig, background: Background = Background()) {
        sources = loaded.topics
        self.background = background
        rebuild()
    }

    /// Whether any topic has seeds: only a seed score reads the background.
    public var needsBackground: Bool { sources.contains { !$0.seeds.isEmpty } }

    /// Counts an item's words in the background.
    public func learn(_ similarityText: String) {
        background.add(similarityText)
    }

    /// Rebuilds the seed profiles when the background has grown by a tenth since the last time.
    public func refreshIfGrown() {
        if background.documents * 10 >= max(builtWith, 1) * 11 || builtWith < 0 { rebuild() }
    }

    private func rebuild() {
        topics = sources.map { t in
            Topic(name: t.entry.name, rule: t.rule, exclude: t.exclude, minScore: t.entry.minScore,
                  similarity: t.seeds.isEmpty ? nil : Similarity(seeds: t.seeds, counterExamples: t.counterExamples, background: background))
        }
        index = Topic.index(topics)
        builtWith = background.documents
    }

    /// Every topic's verdict on an item whose plain text (`ItemText.text`) is `text`.
    public func decide(_ item: Item, feed: ParsedFeed, text: String) -> [Verdict] {
        let doc = ItemText.document(item, feed: feed, text: text)
        let similarityText = ItemText.similarityText(item, text: text)
        let occurrences = index.occurrences(doc)
        return topics.map { $0.decide(doc, similarityText: similarityText, occurrences: occurrences) }
    }
}
