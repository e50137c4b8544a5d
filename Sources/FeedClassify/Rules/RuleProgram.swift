/// A rule with its terms numbered 0, 1, 2… (`terms`), compiled once.
///
/// The matcher evaluates programs, not `Rule`s: a term is a number, and `ProgramIDs`
/// maps the numbers to the index's ids once, so evaluating a rule against a document looks up no
/// term by value (hashing a `Term` hashes its String). The nodes are in one array and refer to
/// each other by index: walking them copies plain numbers, where the boxes of an indirect enum
/// were retained and released at every step.
///
/// A class: every topic's program is read for every document, and a reference is retained once
/// where a struct of five arrays was retained five times.
final class RuleProgram: Sendable {
    enum Node: Sendable {
        case term(Int)
        /// Adjacent words: term numbers `lists[range]`.
        case phrase(Range<Int>)
        /// `a AND b AND c`: nodes `lists[range]`, evaluated in order (each adds its hits) until
        /// one does not hold (then the node's hits are taken back).
        case all(Range<Int>)
        /// `a OR b OR c`, the same: a rule of twenty words is one node, not twenty levels.
        case any(Range<Int>)
        case not(Int)
        case near(Int, Int, distance: Int)
        case field(Field, Int)
        /// `regexes[i]`.
        case regex(Int)
    }

    /// Operands first, the root last.
    let nodes: [Node]
    /// The operands of `all` and `any` and the terms of phrases, each a run.
    let lists: [Int]
    /// Beside `lists`: for an operand of `all` or `any` that is a term node, its term number;
    /// else -1. `ProgramIDs.operands` is made from it, with the index's ids.
    let operandTerms: [Int]
    let regexes: [RuleRegex]
    var root: Int { nodes.count - 1 }
    /// The distinct terms, by number.
    let terms: [Term]
    /// The numbers of terms outside `NOT`, when the rule cannot hold without one of them: then a
    /// document with none of them is decided without evaluating the rule. A phrase gives one of
    /// its words, the longest: it cannot match without all of them, and its short ones (`in` of
    /// "remain in Mexico", `to` of "path to citizenship") would wake the rule for every item.
    let required: [Int]?

    init(_ rule: Rule) {
        var numbers: [Term: Int] = [:]
        var terms: [Term] = []
        var nodes: [Node] = []
        var lists: [Int] = []
        var operandTerms: [Int] = []
        var regexes: [RuleRegex] = []
        func number(_ t: Term) -> Int {
            if let n = numbers[t] { return n }
            numbers[t] = terms.count
            terms.append(t)
            return terms.count - 1
        }
        /// The range of `lists` that now holds `items`; `operands`: they are nodes (of `all`, `any`).
        func list(_ items: [Int], operands: Bool) -> Range<Int> {
            lists += items
            for o in items {
                if operands, case let .term(t) = nodes[o] { operandTerms.append(t) } else { operandTerms.append(-1) }
            }
            return (lists.count - items.count)..<lists.count
        }
        /// Compiles the operands, then the node; returns the node's index.
        func compile(_ r: Rule) -> Int {
            let node: Node
            switch r {
            case let .term(t): node = .term(number(t))
            case let .phrase(ts): node = .phrase(list(ts.map(number), operands: false))
            case .and: node = .all(list(operands(r).map(compile), operands: true))
            case .or: node = .any(list(operands(r).map(compile), operands: true))
            case let .not(a): node = .not(compile(a))
            case let .near(a, b, distance): node = .near(compile(a), compile(b), distance: distance)
            case let .field(f, a): node = .field(f, compile(a))
            case let .regex(re): regexes.append(re); node = .regex(regexes.count - 1)
            }
            nodes.append(node)
            return nodes.count - 1
        }
        /// The operands of a chain of the same operator, in order: `(a OR b) OR c` is `a, b, c`.
        func operands(_ r: Rule) -> [Rule] {
            switch r {
            case let .and(a, b): if case .and = a { return operands(a) + [b] } else { return [a, b] }
            case let .or(a, b): if case .or = a { return operands(a) + [b] } else { return [a, b] }
            default: return [r]
            }
        }
        _ = compile(rule)
        self.nodes = nodes
        self.lists = lists
        self.operandTerms = operandTerms
        self.regexes = regexes
        self.terms = terms
        required = Self.needsATerm(rule) ? Self.positiveTerms(rule).map { numbers[$0]! }.sorted() : nil
    }

    /// Whether a rule can hold only when one of its terms outside `NOT` occurs.
    static func needsATerm(_ rule: Rule) -> Bool {
        switch rule {
        case .term, .phrase, .near: return true
        case let .and(a, b): return needsATerm(a) || needsATerm(b)
        case let .or(a, b): return needsATerm(a) && needsATerm(b)
        case let .field(_, r): return needsATerm(r)
        case .not, .regex: return false
        }
    }

    /// Terms outside any `NOT`, one of them needed wherever the rule holds: every term, and the
    /// longest word of every phrase. Gathered into one set (a union a level made the work
    /// quadratic in a long OR).
    static func positiveTerms(_ rule: Rule) -> Set<Term> {
        var terms = Set<Term>()
        positiveTerms(rule, into: &terms)
        return terms
    }

    private static func positiveTerms(_ rule: Rule, into terms: inout Set<Term>) {
        switch rule {
        case let .term(t): terms.insert(t)
        case let .phrase(ts): if let longest = ts.max(by: { $0.folded.utf8.count < $1.folded.utf8.count }) { terms.insert(longest) }
        case let .and(a, b), let .or(a, b), let .near(a, b, _):
            positiveTerms(a, into: &terms)
            positiveTerms(b, into: &terms)
        case let .field(_, r): positiveTerms(r, into: &terms)
        case .not, .regex: break
        }
    }
}

/// A program's terms as one index numbers them (`TermIndex.ids`, `Occurrences.ids`).
struct ProgramIDs: Sendable {
    /// The id of each of the program's terms (`RuleProgram.terms`), -1 for a term the index lacks.
    let terms: [Int]
    /// For each place of the program's operand lists (`RuleProgram.lists`): its operand's id when
    /// that is a term, -2 when it is a term the index lacks, -1 when it is no term. Read for every
    /// operand of every rule a document wakes, without going through `operandTerms` and `terms`.
    let operands: [Int]

    init(_ program: RuleProgram, _ ids: [Term: Int]) {
        let terms = program.terms.map { ids[$0] ?? -1 }
        self.terms = terms
        operands = program.operandTerms.map { t in t < 0 ? -1 : terms[t] < 0 ? -2 : terms[t] }
    }

    private init(terms: [Int], operands: [Int]) {
        self.terms = terms
        self.operands = operands
    }

    /// The ids of no program.
    static let none = ProgramIDs(terms: [], operands: [])

    /// The id of the program's term `t`.
    subscript(t: Int) -> Int { terms[t] }
}
