public import FeedClassify
public import FeedModel

/// The configuration's topics, ready to sift new items, and the background of ordinary news
/// their seed scores weigh words against. The background grows with every new item read (only
/// when some topic has seeds: nothing else reads it); the topics' seed profiles are rebuilt when
/// it has grown by a tenth, not on every item. A feed's new items are sifted together: all of
/// them count in the background before any is scored, as `classify` reads a file.
public final class Sifter {
    let sources: [LoadedConfig.TopicSource]
    public private(set) var background: Background
    private var classifier: Classifier
    /// The documents of the background the seed profiles were last made on.
    public private(set) var builtWith = 0
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

    /// Rebuilds the seed profiles when the background has grown by a tenth since the last time
    /// (by one document at least). A fresh state's profiles follow its first feeds closely: the
    /// first feed is scored against a background of its own items, not an empty one (with a
    /// rebuild every 200 documents, a fresh daemon scored its first 200 items on no background
    /// at all, and a review saw `min-score` decide them otherwise than `classify` did). From a
    /// few thousand documents on, a rebuild comes every tenth as before.
    public func refreshIfGrown() {
        if Self.rebuilds(builtWith: builtWith, documents: background.documents) { rebuild() }
    }

    /// Whether profiles made on a background of `builtWith` documents are made again now that
    /// it holds `documents`: when it has grown by a tenth, by one document at least. `classify`
    /// follows the same rule, to score as the daemon's next poll would.
    public static func rebuilds(builtWith: Int, documents: Int) -> Bool {
        documents >= builtWith + max(builtWith / 10, 1)
    }

    /// Words the background keeps at most (about 150 bytes each in memory): past it, the rarest
    /// go (`Background.pruned`), down to three quarters of it, when it is next saved.
    public static let vocabularyLimit = 250_000

    /// The background without its rarest words when it knows more than `limit`, the profiles
    /// made on it again (`rebuilding`; a process about to end need not).
    public func pruneIfLarge(limit: Int = Sifter.vocabularyLimit, rebuilding: Bool = true) {
        guard background.vocabulary > limit else { return }
        background = background.pruned(to: limit * 3 / 4)
        if rebuilding { rebuild() }
    }

    /// The profiles made on the background as it is, if it has grown since they were: before the
    /// background is saved, so that the saved background is always the one the profiles were
    /// made on, and `classify` reading it scores as the daemon does.
    public func rebuildIfChanged() {
        if background.documents != builtWith { rebuild() }
    }

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

    /// Every topic's verdict on one new item's document (`document`, or made on the parse thread
    /// with `Sifter.fields`); its words count in the background first, when a seed score needs one.
    public func sift(_ doc: Document) -> [Verdict] { sift([doc]).verdicts[0] }

    /// A feed's new items, sifted together: their words count in the background first, all of
    /// them, then the profiles are rebuilt if it has grown enough, then each is decided. The
    /// give-ups of topic regexes (`RegexGiveUps`) are told with the item they came on.
    public func sift(_ docs: [Document]) -> (verdicts: [[Verdict]], giveUps: [(item: Int, line: String)]) {
        if needsBackground {
            for doc in docs { background.add(doc) }
            refreshIfGrown()
        }
        var told: [(item: Int, line: String)] = []
        let verdicts = docs.enumerated().map { k, doc in
            defer { told += giveUps.news().map { (k, $0) } }
            return classifier.verdicts(doc, everyScore: false)
        }
        return (verdicts, told)
    }

    /// An item's document, with the fields these topics read.
    public func document(_ item: Item, feed: ParsedFeed, texts: [String]) -> Document {
        ItemText.document(item, feed: feed, texts: texts, fields: classifier.fields)
    }

}
