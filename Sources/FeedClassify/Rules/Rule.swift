/// A topic rule, compiled: the syntax tree of the rule language of interface.md ("The rule
/// language"), with every term already folded the way item text is folded, so that evaluation
/// never re-reads the rule text.
public indirect enum Rule: Sendable, Equatable {
    case term(Term)
    /// Words in this order, adjacent: `"border patrol"`, `"sanctuary cit*"`.
    case phrase([Term])
    case and(Rule, Rule)
    case or(Rule, Rule)
    case not(Rule)
    /// Both sides within `distance` words of each other, either order.
    case near(Rule, Rule, distance: Int)
    /// Only in one field: `title:ICE`, `title:( … )`.
    case field(Field, Rule)
    case regex(RuleRegex)
}

/// One word of a rule.
public struct Term: Sendable, Equatable, Hashable {
    /// The word as folded for matching (case, accents and compatibility forms folded).
    public var folded: String
    /// As written in the rule, for the reasons shown to the user.
    public var written: String
    /// `deport*`: any word that starts with `folded`.
    public var isPrefix: Bool
    /// `ICE`, `DACA`: written in capitals (two letters or more), so it matches only in capitals.
    public var capitalsOnly: Bool

    public init(folded: String, written: String, isPrefix: Bool, capitalsOnly: Bool) {
        self.folded = folded
        self.written = written
        self.isPrefix = isPrefix
        self.capitalsOnly = capitalsOnly
    }

    /// Hashes what matching depends on (not `written`): term lookups hash terms a lot.
    public func hash(into h: inout Hasher) {
        h.combine(folded)
        h.combine(isPrefix)
    }
}

/// The parts of an item a rule can name.
public enum Field: String, Sendable, CaseIterable {
    case title, text, author, category, feed, link

    /// Where a term without a field looks: the title, the summary and content, the categories.
    public static let defaults: [Field] = [.title, .text, .category]
}
