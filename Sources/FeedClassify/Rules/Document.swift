/// The parts of an item a rule reads, each split into words once.
public struct Document: Sendable {
    /// Each field's words, in `Field.allCases` order (`Field.ordinal`): an array, not a
    /// dictionary, because the matcher reads a field for every term it looks up. nil is a field
    /// taken out through `fields`.
    var byField: [Words?]
    /// The time its topics' regexes may take together (`RuleRegex.itemTimeLimitNanoseconds`):
    /// set by `Classifier.decided` when some topic has a regex; nil, each match has its own bound only.
    var regexTime: ItemRegexTime?

    public init(title: String = "", text: String = "", author: String = "", category: String = "",
                feed: String = "", link: String = "") {
        self.init(title: title, texts: [text], author: author, categories: [category], feed: feed, link: link)
    }

    /// The same, splitting only `fields` into words, the others left out: for documents made to
    /// be classified, `Classifier.fields`, the fields some rule or score reads.
    public init(title: String = "", text: String = "", author: String = "", category: String = "",
                feed: String = "", link: String = "", only fields: [Field]) {
        self.init(title: title, texts: [text], author: author, categories: [category], feed: feed, link: link, only: fields)
    }

    /// An item's document: its summary and its content (`texts`), and its categories, each read
    /// as the parts of one field (`Words(parts:)`: no phrase runs from one into the next, and
    /// categories are tags, never a shouting headline), splitting only `fields`.
    public init(title: String, texts: [String], author: String, categories: [String], feed: String, link: String,
                only fields: [Field] = Field.allCases) {
        func words(_ f: Field, _ make: @autoclosure () -> Words) -> Words? { fields.contains(f) ? make() : nil }
        byField = [words(.title, Words(title)), words(.text, Words(parts: texts)), words(.author, Words(author)),
                   words(.category, Words(parts: categories, mayShout: false)), words(.feed, Words(feed)), words(.link, Words(link))]
    }

    /// The words of one field, nil when it was taken out.
    public subscript(field: Field) -> Words? { byField[field.ordinal] }

    /// The fields as a dictionary, made on each read (the matcher reads `byField`).
    public var fields: [Field: Words] {
        get {
            var d: [Field: Words] = [:]
            for f in Field.allCases { d[f] = byField[f.ordinal] }
            return d
        }
        set { byField = Field.allCases.map { newValue[$0] } }
    }
}

extension Field {
    /// How many fields there are: `Field.allCases.count`, without making the array.
    static let count = 6

    /// The field at place `o` of `Field.allCases` (which makes a new array on every read).
    @inline(__always)
    init(ordinal o: Int) {
        switch o {
        case 0: self = .title
        case 1: self = .text
        case 2: self = .author
        case 3: self = .category
        case 4: self = .feed
        default: self = .link
        }
    }

    /// The field's place in `Field.allCases`.
    var ordinal: Int {
        switch self {
        case .title: 0
        case .text: 1
        case .author: 2
        case .category: 3
        case .feed: 4
        case .link: 5
        }
    }
}
