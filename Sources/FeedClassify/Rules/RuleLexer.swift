/// The tokens of the rule language.
struct RuleToken: Equatable {
    enum Kind: Equatable {
        case open, close, and, or, not
        case near(Int)
        case field(Field)
        case word(String)
        case phrase(String)
        case regex(String, caseInsensitive: Bool)
    }
    var kind: Kind
    /// Offset of the token's first character in the rule text, in characters.
    var offset: Int
    /// The token as written.
    var text: String
}

/// A rule that cannot be read, and where: `offset` counts characters from the rule's start.
public struct RuleError: Error, Equatable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    public var description: String { message }
}

/// Splits a rule into tokens. Operators are written in capitals (`AND`, `OR`, `NOT`, `NEAR/5`);
/// `and` in lowercase is a word.
enum RuleLexer {
    static func tokens(_ rule: String) throws(RuleError) -> [RuleToken] {
        let chars = Array(rule)
        // Where each character starts, and the end: a token's text is copied from the rule as
        // one piece, not built a Character at a time.
        let starts = Array(rule.indices) + [rule.endIndex]
        func text(_ r: Range<Int>) -> String { String(rule[starts[r.lowerBound]..<starts[r.upperBound]]) }
        var tokens: [RuleToken] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if isSpace(c) { i += 1; continue }
            let start = i
            switch c {
            case "(":
                tokens.append(RuleToken(kind: .open, offset: i, text: "(")); i += 1
            case ")":
                tokens.append(RuleToken(kind: .close, offset: i, text: ")")); i += 1
            case "\"", "\u{201C}", "\u{201D}":
                i += 1
                while i < chars.count, chars[i] != "\"", chars[i] != "\u{201D}", chars[i] != "\u{201C}" { i += 1 }
                guard i < chars.count else { throw RuleError(offset: start, message: "unterminated phrase: no closing '\"'") }
                let body = text((start + 1)..<i)
                i += 1
                tokens.append(RuleToken(kind: .phrase(body), offset: start, text: text(start..<i)))
            case "/":
                i += 1
                var pattern = ""
                while i < chars.count, chars[i] != "/" {
                    if chars[i] == "\\", i + 1 < chars.count {
                        // `\/` is a slash inside the pattern; other escapes are the regex's own.
                        if chars[i + 1] != "/" { pattern.append("\\") }
                        pattern.append(chars[i + 1]); i += 2; continue
                    }
                    pattern.append(chars[i]); i += 1
                }
                guard i < chars.count else { throw RuleError(offset: start, message: "unterminated regular expression: no closing '/'") }
                i += 1
                var insensitive = false
                if i < chars.count, chars[i] == "i", i + 1 == chars.count || !isWordChar(chars[i + 1]) { insensitive = true; i += 1 }
                tokens.append(RuleToken(kind: .regex(pattern, caseInsensitive: insensitive), offset: start, text: text(start..<i)))
            default:
                while i < chars.count, !endsWord(chars[i]) { i += 1 }
                let word = text(start..<i)
                if i < chars.count, chars[i] == ":" {
                    guard let field = Field(rawValue: word.lowercased()) else {
                        throw RuleError(offset: start, message: "unknown field '\(word)' (fields: \(Field.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    i += 1
                    tokens.append(RuleToken(kind: .field(field), offset: start, text: text(start..<i)))
                    continue
                }
                tokens.append(RuleToken(kind: try classify(word, at: start), offset: start, text: word))
            }
        }
        return tokens
    }

    static func classify(_ word: String, at offset: Int) throws(RuleError) -> RuleToken.Kind {
        switch word {
        case "AND": return .and
        case "OR": return .or
        case "NOT": return .not
        default: break
        }
        if word.hasPrefix("NEAR/") {
            guard let n = Int(word.dropFirst(5)), n >= 0, n <= 1000 else {
                throw RuleError(offset: offset, message: "NEAR needs a distance in words: NEAR/5")
            }
            return .near(n)
        }
        if word == "NEAR" { throw RuleError(offset: offset, message: "NEAR needs a distance in words: NEAR/5") }
        return .word(word)
    }

    static func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber }

    /// White space, ASCII told without a Unicode property lookup (a rule is mostly ASCII, and
    /// every character of it is tested).
    @inline(__always)
    static func isSpace(_ c: Character) -> Bool {
        if let a = c.asciiValue { return a == 0x20 || a &- 0x09 < 5 }
        return c.isWhitespace
    }

    /// What ends a word: white space, a parenthesis, a quote that starts a phrase, or the ':'
    /// after a field's name.
    @inline(__always)
    static func endsWord(_ c: Character) -> Bool {
        if let a = c.asciiValue { return a == 0x20 || a &- 0x09 < 5 || a == 0x28 || a == 0x29 || a == 0x22 || a == 0x3A }
        return c == "\u{201C}" || c == "\u{201D}" || c.isWhitespace
    }
}
