/// Reads a rule of the rule language (interface.md) into a `Rule`.
///
/// Grammar, loosest first (NOT binds tightest, then NEAR, then AND, then OR):
///
///     or      = and { "OR" and }
///     and     = near { ["AND"] near }          -- two operands side by side mean AND
///     near    = unary { "NEAR/n" unary }
///     unary   = "NOT" unary | primary
///     primary = "(" or ")" | field ":" primary | "phrase" | /regex/[i] | word[*]
public enum RuleParser {
    public static func parse(_ rule: String) throws(RuleError) -> Rule {
        var p = State(tokens: try RuleLexer.tokens(rule), length: rule.count)
        guard !p.tokens.isEmpty else { throw RuleError(offset: 0, message: "empty rule") }
        let result = try p.or()
        if let extra = p.peek {
            if extra.kind == .close { throw RuleError(offset: extra.offset, message: "unexpected ')' after \(p.previousText)") }
            throw RuleError(offset: extra.offset, message: "unexpected \"\(extra.text)\" after \(p.previousText)")
        }
        return result
    }

    struct State {
        let tokens: [RuleToken]
        let length: Int
        var index = 0

        var peek: RuleToken? { index < tokens.count ? tokens[index] : nil }
        /// The token before the one read next, as the rule wrote it, quoted once (a phrase's quotes are its own).
        var previousText: String {
            guard index > 0 else { return "the start" }
            let t = tokens[index - 1]
            if case .phrase = t.kind { return t.text }
            return "\"\(t.text)\""
        }
        /// How many parentheses, NOTs and fields enclose the operand read now: bounded, for the
        /// parser recurses at each (a rule of two thousand parentheses crashed `check`).
        var depth = 0
        static let maximumDepth = 100
        var here: Int { peek?.offset ?? length }

        mutating func next() -> RuleToken? {
            defer { index += 1 }
            return peek
        }

        mutating func or() throws(RuleError) -> Rule {
            var left = try and()
            while peek?.kind == .or {
                index += 1
                left = .or(left, try and())
            }
            return left
        }

        mutating func and() throws(RuleError) -> Rule {
            var left = try near()
            while let t = peek {
                if t.kind == .and { index += 1 } else if !startsOperand(t.kind) { break }
                left = .and(left, try near())
            }
            return left
        }

        mutating func near() throws(RuleError) -> Rule {
            var left = try unary()
            while case let .near(distance)? = peek?.kind {
                let at = here
                index += 1
                let right = try unary()
                for side in [left, right] where !Self.isPositional(side) {
                    throw RuleError(offset: at, message: "NEAR joins words, phrases or groups of them with OR, not \(Self.describe(side))")
                }
                left = .near(left, right, distance: distance)
            }
            return left
        }

        mutating func unary() throws(RuleError) -> Rule {
            if peek?.kind == .not {
                try enter(at: here)
                defer { depth -= 1 }
                index += 1
                return .not(try unary())
            }
            return try primary()
        }

        /// One level deeper; refused past `maximumDepth`.
        mutating func enter(at offset: Int) throws(RuleError) {
            depth += 1
            if depth > Self.maximumDepth {
                throw RuleError(offset: offset, message: "the rule nests parentheses, NOTs and fields more than \(Self.maximumDepth) deep")
            }
        }

        mutating func primary() throws(RuleError) -> Rule {
            let after = previousText
            guard let t = next() else { throw RuleError(offset: length, message: "expected a term after \(after)") }
            switch t.kind {
            case .open:
                try enter(at: t.offset)
                defer { depth -= 1 }
                let inner = try or()
                guard peek?.kind == .close else { throw RuleError(offset: here, message: "expected ')' after \(previousText)") }
                index += 1
                return inner
            case let .field(field):
                try enter(at: t.offset)
                defer { depth -= 1 }
                return .field(field, try primary())
            case let .phrase(text):
                let terms = try Self.terms(text, at: t.offset)
                guard !terms.isEmpty else { throw RuleError(offset: t.offset, message: "empty phrase") }
                return terms.count == 1 ? .term(terms[0]) : .phrase(terms)
            case let .regex(pattern, insensitive):
                do {
                    return .regex(try RuleRegex(pattern: pattern, caseInsensitive: insensitive))
                } catch {
                    // PCRE2 counts in the pattern read (`\/` a slash); the message, in the pattern as written.
                    let at = Self.writtenOffset(error.offset, in: t.text.dropFirst())
                    throw RuleError(offset: t.offset, message: "bad regular expression \(t.text): \(error.message) (at character \(at + 1) of the pattern)")
                }
            case let .word(word):
                let terms = try Self.terms(word, at: t.offset)
                guard !terms.isEmpty else { throw RuleError(offset: t.offset, message: "\"\(word)\" holds no word to match") }
                return terms.count == 1 ? .term(terms[0]) : .phrase(terms)
            case .close:
                throw RuleError(offset: t.offset, message: "expected a term after \(after), found ')'")
            case .and, .or, .near:
                throw RuleError(offset: t.offset, message: "expected a term after \(after), found \(t.text)")
            case .not:
                // unary() reads a NOT before a term; one reaches here only after a field (`title:NOT x`),
                // which the language does not have: the NOT goes before the field.
                throw RuleError(offset: t.offset, message: "expected a term after \(after), found NOT (write NOT before the field)")
            }
        }

        func startsOperand(_ kind: RuleToken.Kind) -> Bool {
            switch kind {
            case .open, .not, .field, .word, .phrase, .regex: return true
            case .close, .and, .or, .near: return false
            }
        }

        /// The words of a term or phrase as written: each a `Term`, the last one a prefix when it
        /// ends in `*`. A `*` anywhere else, or after no word, is refused: the splitter would
        /// drop it, and `*migration` or `"sanc* cities"` would be read as exact words unsaid.
        static func terms(_ written: String, at offset: Int) throws(RuleError) -> [Term] {
            var trimmed = Substring(written)
            while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
            while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
            let prefix = trimmed.hasSuffix("*")
            let body = String(prefix ? trimmed.dropLast() : trimmed)
            if body.contains("*") {
                throw RuleError(offset: offset, message: "'*' can only end a word, as in deport* (in \"\(written)\")")
            }
            if prefix, !(body.unicodeScalars.last.map(Fold.isWordScalar) ?? false) {
                throw RuleError(offset: offset, message: "'*' must follow the start of a word, as in deport* (in \"\(written)\")")
            }
            let words = Words(body)
            let list = words.words  // made on each read: read once
            return list.enumerated().map { k, w in
                let original = String(words.text[w.range])
                return Term(folded: w.folded, written: original + (prefix && k == list.count - 1 ? "*" : ""),
                            isPrefix: prefix && k == list.count - 1, capitalsOnly: w.capitals)
            }
        }

        /// The place in a regex as written (from just after its opening slash) of the character
        /// `offset` of the pattern read from it, where each `\/` is one slash.
        static func writtenOffset(_ offset: Int, in written: Substring) -> Int {
            var read = 0
            var i = written.startIndex
            var k = 0
            while read < offset, i < written.endIndex {
                let next = written.index(after: i)
                if written[i] == "\\", next < written.endIndex, written[next] == "/" { i = written.index(after: next); k += 2 } else { i = next; k += 1 }
                read += 1
            }
            return k
        }

        static func isPositional(_ r: Rule) -> Bool {
            switch r {
            case .term, .phrase: return true
            case let .or(a, b): return isPositional(a) && isPositional(b)
            case let .field(_, inner): return isPositional(inner)
            default: return false
            }
        }

        static func describe(_ r: Rule) -> String {
            switch r {
            case .not: return "NOT"
            case .and: return "AND"
            case .near: return "another NEAR"
            case .regex: return "a regular expression"
            default: return "that"
            }
        }
    }
}
