/// A JSON text (RFC 8259) read into values: what `JSONFeed` maps, in one pass over the bytes.
///
/// It reads what Foundation's `JSONDecoder` (which it replaces) read: the structure strictly (no
/// comments, nothing after the value but white space, nesting limited to 512 levels so that a
/// hostile document cannot exhaust the stack), with a trailing comma allowed in arrays and
/// objects. A string or number that is wrong inside (an unknown escape, `01`) is `.invalid`: that
/// one value reads as having no text, as `JSONDecoder` failed only the value it decoded, and the
/// rest of the feed is kept. Two mistakes of real feeds are mended instead, as the XML path mends
/// them, and reported (`repaired`): an unpaired surrogate (`\ud83d` alone, a title cut in the
/// middle of an emoji by JavaScript) reads as U+FFFD, and a raw control character is dropped
/// (white space kept); either erased the whole title before. Control characters other than white
/// space, escaped or not (C0, DEL, C1), are dropped: an escape sequence in a title reached the
/// terminal of `tail`, the daemon's log and the match documents.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    /// A number as written (valid JSON number syntax); `text` gives its lenient text form.
    case number(String)
    case string(String)
    /// A string or number whose inside is not valid JSON.
    case invalid
    case array([JSONValue])
    /// Members in document order; a repeated name keeps its first value when read (`subscript`),
    /// as `JSONDecoder` kept it.
    case object([(String, JSONValue)])

    struct SyntaxError: Error, Equatable {
        var offset: Int
        var message: String
    }

    static let maxDepth = 512

    static func parse(_ utf8: [UInt8]) throws(SyntaxError) -> JSONValue {
        var repaired = false
        return try parse(utf8, repaired: &repaired)
    }

    /// `repaired`: set when a string was mended (an unpaired surrogate, a raw control character).
    static func parse(_ utf8: [UInt8], repaired: inout Bool) throws(SyntaxError) -> JSONValue {
        try utf8.withUnsafeBufferPointer { (b) throws(SyntaxError) -> JSONValue in
            var reader = Reader(b: b)
            reader.skipSpace()
            let value = try reader.value(depth: 0)
            reader.skipSpace()
            guard reader.i == b.count else { throw reader.error("unexpected text after the JSON value") }
            repaired = reader.repaired
            return value
        }
    }

    /// The value of member `name` of an object (the first one of that name); nil for a missing
    /// member or a value that is no object.
    subscript(name: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.0 == name }?.1
    }

    /// Member `name` when it is there and not null.
    func member(_ name: String) -> JSONValue? {
        guard let v = self[name], v != .null else { return nil }
        return v
    }

    /// The text of member `name` (`text`): nil when it is missing, null, or no scalar.
    func text(_ name: String) -> String? { self[name]?.text }

    /// The elements of member `name`: none when it is no array, nil when it is missing or null.
    func elements(_ name: String) -> [JSONValue]? {
        guard let v = member(name) else { return nil }
        if case let .array(elements) = v { return elements }
        return []
    }

    var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null), (.invalid, .invalid): true
        case let (.bool(x), .bool(y)): x == y
        case let (.number(x), .number(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// A scalar as text, whatever its JSON type (a string as it is, `true`, a number as an integer
    /// when it is one: `1.0` and `1e2` read `1` and `100`, as `JSONDecoder` read them into Int64);
    /// nil for null, arrays and objects.
    var text: String? {
        switch self {
        case let .string(s): return s
        case let .bool(b): return b ? "true" : "false"
        case let .number(n):
            if let i = Int64(n) { return String(i) }
            guard let d = Double(n), d.isFinite else { return nil }  // 1e400: JSONDecoder refused it
            if let i = Int64(exactly: d) { return String(i) }
            return String(d)
        case .null, .invalid, .array, .object: return nil
        }
    }

    private struct Reader {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0
        /// A string was mended: an unpaired surrogate, a raw control character.
        var repaired = false

        func error(_ message: String) -> SyntaxError { SyntaxError(offset: i, message: message) }

        /// Tab, line feed, form feed, carriage return: the control characters that are white space.
        static func isWhiteSpace(_ c: UInt8) -> Bool { c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D }

        mutating func skipSpace() {
            while i < b.count {
                let c = b[i]
                guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
                i += 1
            }
        }

        mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
            guard i < b.count else { throw error("unexpected end of the JSON text") }
            switch b[i] {
            case 0x7B: return try object(depth: depth + 1)
            case 0x5B: return try array(depth: depth + 1)
            case 0x22: return try string().map(JSONValue.string) ?? .invalid
            case 0x74: try literal("true"); return .bool(true)
            case 0x66: try literal("false"); return .bool(false)
            case 0x6E: try literal("null"); return .null
            case 0x2D, 0x30...0x39: return number().map(JSONValue.number) ?? .invalid
            default: throw error("unexpected character")
            }
        }

        mutating func literal(_ word: StaticString) throws(SyntaxError) {
            let n = word.utf8CodeUnitCount
            guard i + n <= b.count else { throw error("unexpected end of the JSON text") }
            for k in 0..<n where b[i + k] != word.utf8Start[k] { throw error("unexpected character") }
            i += n
        }

        mutating func object(depth: Int) throws(SyntaxError) -> JSONValue {
            guard depth <= JSONValue.maxDepth else { throw error("nested too deeply") }
            i += 1  // '{'
            var members: [(String, JSONValue)] = []
            skipSpace()
            if i < b.count, b[i] == 0x7D { i += 1; return .object(members) }
            while true {
                skipSpace()
                if i < b.count, b[i] == 0x7D, !members.isEmpty { i += 1; return .object(members) }  // a trailing comma
                guard i < b.count, b[i] == 0x22 else { throw error("expected a member name") }
                guard let name = try string() else { throw error("an invalid member name") }
                skipSpace()
                guard i < b.count, b[i] == 0x3A else { throw error("expected ':'") }
                i += 1
                skipSpace()
                members.append((name, try value(depth: depth)))
                skipSpace()
                guard i < b.count else { throw error("unexpected end of the JSON text") }
                if b[i] == 0x2C { i += 1; continue }
                if b[i] == 0x7D { i += 1; return .object(members) }
                throw error("expected ',' or '}'")
            }
        }

        mutating func array(depth: Int) throws(SyntaxError) -> JSONValue {
            guard depth <= JSONValue.maxDepth else { throw error("nested too deeply") }
            i += 1  // '['
            var elements: [JSONValue] = []
            skipSpace()
            if i < b.count, b[i] == 0x5D { i += 1; return .array(elements) }
            while true {
                skipSpace()
                if i < b.count, b[i] == 0x5D, !elements.isEmpty { i += 1; return .array(elements) }  // a trailing comma
                elements.append(try value(depth: depth))
                skipSpace()
                guard i < b.count else { throw error("unexpected end of the JSON text") }
                if b[i] == 0x2C { i += 1; continue }
                if b[i] == 0x5D { i += 1; return .array(elements) }
                throw error("expected ',' or ']'")
            }
        }

        /// A number as written: the run of number characters from here, checked against
        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`; nil when it does not match (`01`, `1.`).
        mutating func number() -> String? {
            let start = i
            while i < b.count {
                let c = b[i]
                guard c &- 0x30 < 10 || c == 0x2D || c == 0x2B || c == 0x2E || c | 0x20 == 0x65 else { break }
                i += 1
            }
            let end = i
            var k = start
            func digits() -> Int {
                let from = k
                while k < end, b[k] &- 0x30 < 10 { k += 1 }
                return k - from
            }
            if b[k] == 0x2D { k += 1 }
            guard k < end, b[k] &- 0x30 < 10 else { return nil }
            if b[k] == 0x30 { k += 1 } else { _ = digits() }
            if k < end, b[k] == 0x2E {
                k += 1
                guard digits() > 0 else { return nil }
            }
            if k < end, b[k] | 0x20 == 0x65 {
                k += 1
                if k < end, b[k] == 0x2B || b[k] == 0x2D { k += 1 }
                guard digits() > 0 else { return nil }
            }
            guard k == end else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        }

        /// A string from its opening quote; nil when its inside is not valid JSON (the reader then
        /// goes on after its closing quote). Runs without escapes are copied whole: a string with
        /// none is made from its bytes at once, one with some (`<\/p>`, `\"`) a run at a time.
        mutating func string() throws(SyntaxError) -> String? {
            i += 1  // '"'
            var out: [UInt8] = []  // used once an escape is seen
            var escaped = false
            var run = i
            while true {
                while i < b.count {
                    let c = b[i]
                    // '#'...'[' and ']'...'~' (letters, digits, most punctuation): plain, in two tests.
                    if c &- 0x23 < 0x39 || c &- 0x5D < 0x22 { i += 1; continue }
                    if c == 0x22 || c == 0x5C || c < 0x20 || c == 0x7F || c == 0xC2 { break }
                    i += 1
                }
                guard i < b.count else { throw error("unterminated string") }
                let c = b[i]
                // DEL, and a C1 control (U+0080-U+009F, C2 80-9F in UTF-8): valid JSON, dropped
                // as their escaped forms are. Another character led by C2 (U+00A0-U+00BF) is text.
                let c1 = c == 0xC2 && i + 1 < b.count && b[i + 1] >= 0x80 && b[i + 1] <= 0x9F
                if c == 0xC2, !c1 { i += 1; continue }
                if c < 0x20 || c == 0x7F || c1 {
                    // A raw C0 control character, which JSON forbids, is reported: white space is
                    // kept, the others dropped (an escape sequence in a title reached terminals).
                    if c < 0x20 { repaired = true }
                    if Self.isWhiteSpace(c) { i += 1; continue }
                    if !escaped { escaped = true; out.reserveCapacity(i - run + 64) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<i]))
                    i += c1 ? 2 : 1
                    run = i
                    continue
                }
                if c == 0x22 {
                    let last = UnsafeBufferPointer(rebasing: b[run..<i])
                    i += 1
                    guard escaped else { return String(decoding: last, as: UTF8.self) }
                    out.append(contentsOf: last)
                    return String(decoding: out, as: UTF8.self)
                }
                if !escaped {
                    escaped = true
                    out.reserveCapacity(i - run + 64)
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<i]))
                let backslash = i
                i += 1
                guard i < b.count else { throw error("unterminated string") }
                let e = b[i]
                i += 1
                switch e {
                case 0x22, 0x5C, 0x2F: out.append(e)
                case 0x62: break  // backspace: a control character, dropped
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    guard var v = hex4() else { i = backslash; return try skipInvalidString() }
                    if v >= 0xD800 && v < 0xDC00 {
                        // A pair, or a high surrogate alone: U+FFFD, and what follows read on its own.
                        let afterHigh = i
                        if i + 1 < b.count, b[i] == 0x5C, b[i + 1] == 0x75 {
                            i += 2
                            if let low = hex4(), low >= 0xDC00 && low < 0xE000 {
                                v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                i = afterHigh
                                v = 0xFFFD
                                repaired = true
                            }
                        } else {
                            v = 0xFFFD
                            repaired = true
                        }
                    } else if v >= 0xDC00 && v < 0xE000 {
                        v = 0xFFFD
                        repaired = true
                    }
                    // Control characters other than white space are text no reader shows: dropped.
                    if v < 0x20 ? !Self.isWhiteSpace(UInt8(v)) : (v >= 0x7F && v < 0xA0) { break }
                    out.append(contentsOf: String(Character(Unicode.Scalar(v)!)).utf8)
                default:
                    i = backslash
                    return try skipInvalidString()
                }
                run = i
            }
        }

        /// The rest of a string that is not valid inside: on to the first quote no backslash
        /// escapes, and past it.
        mutating func skipInvalidString() throws(SyntaxError) -> String? {
            while i < b.count {
                let c = b[i]
                if c == 0x22 { i += 1; return nil }
                i += c == 0x5C ? 2 : 1
            }
            throw error("unterminated string")
        }

        /// Four hex digits, or nil.
        mutating func hex4() -> UInt32? {
            guard i + 4 <= b.count else { return nil }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = b[i]
                let d: UInt8
                switch c {
                case 0x30...0x39: d = c - 0x30
                case 0x41...0x46: d = c - 0x41 + 10
                case 0x61...0x66: d = c - 0x61 + 10
                default: return nil
                }
                v = v << 4 | UInt32(d)
                i += 1
            }
            return v
        }
    }
}
