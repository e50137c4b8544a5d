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
        var previousText: String { index > 0 ? "\"\(tokens[index - 1].text)\"" : "the start" }
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
                index += 1
                return .not(try unary())
            }
            return try primary()
        }

        mutating func primary() throws(RuleError) -> Rule {
            let after = previousText
            guard let t = next() else { throw RuleError(offset: length, message: "expected a term after \(after)") }
            switch t.kind {
            case .open:
                let inner = try or()
                guard peek?.kind == .close else { throw RuleError(offset: here, message: "expected ')' after \(previousText)") }
                index += 1
                return inner
            case let .field(field):
                return .field(field, try primary())
            case let .phrase(text):
                let terms = Self.terms(text)
                guard !terms.isEmpty else { throw RuleError(offset: t.offset, message: "empty phrase") }
                return terms.count == 1 ? .term(terms[0]) : .phrase(terms)
            case let .regex(pattern, insensitive):
                do {
                    return .regex(try RuleRegex(pattern: pattern, caseInsensitive: insensitive))
                } catch {
                    throw RuleError(offset: t.offset, message: "bad regular expression \(t.text): \(error)")
                }
            case let .word(word):
                let terms = Self.terms(word)
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

        /// The words of a term or phrase as written: each a `Term`, the last one a prefix when it ends in `*`.
        static func terms(_ written: String) -> [Term] {
            let prefix = written.hasSuffix("*")
            let words = Words(prefix ? String(written.dropLast()) : written)
            return words.words.enumerated().map { k, w in
                let original = String(words.text[w.range])
                return Term(folded: w.folded, written: original + (prefix && k == words.words.count - 1 ? "*" : ""),
                            isPrefix: prefix && k == words.words.count - 1, capitalsOnly: w.capitals)
            }
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
