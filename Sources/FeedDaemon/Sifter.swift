public import FeedClassify
public import FeedModel

/// The configuration's topics, ready to sift new items, and the background of ordinary news
/// their seed scores weigh words against. The background grows with every new item read (only
/// when some topic has seeds: nothing else reads it); the topics' seed profiles are rebuilt when
/// it has grown by a tenth, not on every item.
public final class Sifter {
    let sources: [LoadedConfig.TopicSource]
    public private(set) var background: Background
    private var classifier: Classifier
    private var builtWith = 0
    /// Regexes of the topics whose matches gave up (too much backtracking), told once each time.
    private var giveUps: RegexGiveUps
    /// Whether any topic has seeds: only a seed score reads the background.
    public let needsBackground: Bool

    public init(_ loaded: LoadedConfig, background: Background = Background()) {
        sources = loaded.topics
        self.background = background
        needsBackground = loaded.topics.contains { !$0.seeds.isEmpty }
        // The rules are compiled once, here; `rebuild` makes the seed similarities again.
        classifier = Classifier(loaded.topics.map { $0.topic() })
        giveUps = RegexGiveUps(classifier.topics)
        rebuild()
    }

    public var topics: [Topic] { classifier.topics }

    /// Rebuilds the seed profiles when the background has grown by a tenth since the last time,
    /// and by `minimumGrowth` documents at least: a fresh background grows from nothing, and
    /// a tenth of a few documents would rebuild after every feed.
    public func refreshIfGrown() {
        if background.documents >= builtWith + max(builtWith / 10, Self.minimumGrowth) { rebuild() }
    }

    /// Documents the background gains at least between two rebuilds of the seed profiles.
    static let minimumGrowth = 200

    /// The seed similarities made again on the background as it is (the rules stay compiled).
    private func rebuild() {
        classifier = classifier.replacingSimilarities { sources[$0].similarity(on: background) }
        builtWith = background.documents
    }

    /// The fields an item's document needs for these topics: those some rule reads, and the title
    /// and text, which the background and the seed score read. A function of the configuration only.
    public static func fields(_ loaded: LoadedConfig) -> [Field] {
        Classifier(loaded.topics.map { $0.topic() }).fields
    }

    /// Every topic's verdict on a new item whose summary and content as plain text
    /// (`ItemText.texts`) are `texts`; its words count in the background first, when a seed score
    /// needs one.
    public func sift(_ item: Item, feed: ParsedFeed, texts: [String]) -> [Verdict] {
        sift(ItemText.document(item, feed: feed, texts: texts, fields: classifier.fields))
    }

    /// The same for an item's document made already (on the parse thread, with `Sifter.fields`).
    public func sift(_ doc: Document) -> [Verdict] {
        if needsBackground { background.add(doc) }
        return classifier.verdicts(doc, everyScore: false)
    }

    /// A line for each topic regex whose match gave up since the last call (`RegexGiveUps`):
    /// the item sifted last counts as not matching that regex.
    public func regexGiveUps() -> [String] { giveUps.news() }
}
