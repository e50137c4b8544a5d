internal import CPCRE2
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `/regex/` or `/regex/i` of a rule: a PCRE2 pattern, compiled once, matched with a bound on
/// its work.
///
/// Not Swift's `Regex`: a backtracking engine takes time exponential in the text on patterns
/// such as `(a+)+$`, and Swift's can be neither bounded nor cancelled (measured: 18 s on 18
/// letters, seven times that for two more). One item, of a hostile feed or an unlucky one, would
/// stop the daemon. Here a match gives up after `stepLimit` steps of the pattern over the whole
/// text (PCRE2's automatic callouts count them); it then counts as not matching, and is counted
/// (`gaveUp`) so that the commands can say so. Steps over the whole text, not PCRE2's match limit
/// alone, which it counts again at each place it tries the pattern from: `council.*visa` over
/// 100 KB of news took 1.5 s within it. Interpreted, not compiled to machine code: the daemon's
/// unit forbids memory both writable and executable (`MemoryDenyWriteExecute`), which PCRE2's JIT
/// needs, and `classify` must decide as the daemon does, in the same steps.
///
/// The syntax is Perl's, as ICU's is (interface.md names ICU's): with `PCRE2_UTF` and
/// `PCRE2_UCP`, `\w`, `\d`, `\b` and case-insensitive matching are Unicode's, as they are in
/// ICU, and `.` is one character (not a grapheme, as in Swift's).
public struct RuleRegex: Sendable, Equatable {
    public let pattern: String
    public let caseInsensitive: Bool
    let compiled: Compiled

    /// Steps of the pattern one match may take over a text (about 30 ns each: a match that gives
    /// up has taken about 0.15 s), and the memory its backtracking may hold. An ordinary pattern
    /// takes a few steps a character: a hundred kilobytes of news are well within it.
    public static let stepLimit = 5_000_000
    /// And half a second of time, whatever the steps: a step is one item of the pattern, and a
    /// back-reference or a possessive repeat is one item that reads as much text as it likes
    /// (`(a+)\1{1000}$` on 8,000 letters took 34 s within the step limit; `a*+[^a]` on 80,000,
    /// 4 s). The clock makes the bound depend on the machine for such patterns; on the others,
    /// the steps give up first.
    static let timeLimitNanoseconds: UInt64 = 500_000_000
    /// And five seconds for all the regexes of every topic on one item (`ItemRegexTime`): many
    /// regexes that each give up at half a second would hold one item for minutes, and the
    /// daemon counts an item as progress (systemd's watchdog waits 60 s between its pings).
    public static let itemTimeLimitNanoseconds: UInt64 = 5_000_000_000
    /// The three limits above, as a give-up is reported (`RegexGiveUps`).
    static let bounds = "over \(stepLimit / 1_000_000) million steps or half a second, or \(itemTimeLimitNanoseconds / 1_000_000_000) s of regexes on the item"
    static let heapLimitKiB: UInt32 = 64 * 1024

    /// A pattern PCRE2 refuses: its message, and the character of the pattern where it stopped.
    public struct SyntaxError: Error, CustomStringConvertible {
        public let message: String
        public let offset: Int
        public var description: String { "\(message) (at character \(offset + 1) of the pattern)" }
    }

    init(pattern: String, caseInsensitive: Bool) throws(SyntaxError) {
        self.pattern = pattern
        self.caseInsensitive = caseInsensitive
        if let error = Self.icuOnly(pattern) { throw error }
        compiled = try Compiled(pattern, caseInsensitive: caseInsensitive)
    }

    /// ICU's syntax that PCRE2 reads otherwise, without a word: a set inside a set
    /// (`[[a-z]--[aeiou]]`, `[[ab]c]`), and set difference and intersection (`--`, `&&` before a
    /// set). PCRE2
    /// takes the inner `[` as a character and `--` as a range, so `[[a-z]--[aeiou]]` matched
    /// the text "a--e]]" and not "strength". Refused, at the place, rather than read wrongly.
    static func icuOnly(_ pattern: String) -> SyntaxError? {
        let c = Array(pattern.unicodeScalars)
        var i = 0
        var inClass = false
        var literal = false  // inside \Q...\E
        while i < c.count {
            let ch = c[i]
            if literal {
                if ch == "\\", i + 1 < c.count, c[i + 1] == "E" { literal = false; i += 2 } else { i += 1 }
                continue
            }
            if ch == "\\" {
                if i + 1 < c.count, c[i + 1] == "Q" { literal = true }
                i += 2
                continue
            }
            if !inClass, ch == "(", i + 2 < c.count, c[i + 1] == "?", c[i + 2] == "#" {  // a comment, (?#...)
                i = (i + 3..<c.count).first { c[$0] == ")" }.map { $0 + 1 } ?? c.count
                continue
            }
            if !inClass {
                if ch == "[" {
                    inClass = true
                    i += 1
                    if i < c.count, c[i] == "^" { i += 1 }
                    if i < c.count, c[i] == "]" { i += 1 }  // a first ']' is a character
                    continue
                }
            } else if ch == "]" {
                inClass = false
            } else if ch == "[", i + 1 < c.count, c[i + 1] == "]" {
                // `[[]`, `[^[]`: a `[` the class then ends after is a character to both.
                i += 1
                continue
            } else if ch == "[" {
                // A POSIX class, [:alpha:], is PCRE2's too.
                if i + 1 < c.count, c[i + 1] == ":", let end = (i + 2..<c.count).first(where: { c[$0] == "]" }), c[end - 1] == ":" {
                    i = end + 1
                    continue
                }
                return SyntaxError(message: "a set inside a set ([[a-z]--[aeiou]], [[ab]c]) is ICU's syntax, which feedsift's regexes (PCRE2's) do not read: write the set out, as [b-df-hj-np-tv-z]", offset: i)
            } else if (ch == "&" || ch == "-"), i + 2 < c.count, c[i + 1] == ch,
                      c[i + 2] == "[" || (c[i + 2] == "\\" && i + 3 < c.count && (c[i + 3] == "p" || c[i + 3] == "P")) {
                // An operator only before a set (`--[aeiou]`, `&&\p{Lu}`): `[+--]` is a range to both.
                return SyntaxError(message: "\(ch)\(ch) in a set is ICU's set \(ch == "&" ? "intersection" : "difference"), which feedsift's regexes (PCRE2's) do not read: write the set out (or escape it, \\\(ch)\\\(ch))", offset: i)
            }
            i += 1
        }
        return nil
    }

    public static func == (a: RuleRegex, b: RuleRegex) -> Bool {
        a.pattern == b.pattern && a.caseInsensitive == b.caseInsensitive
    }

    /// How a match ended: the UTF-8 offsets of the first match, none, or too much backtracking.
    enum Outcome: Equatable {
        case match(Range<Int>)
        case noMatch
        case gaveUp
    }

    /// The first match in `text`; `item`, the time the item's regexes may take together
    /// (`ItemRegexTime`), of which this match takes its share.
    func firstMatch(in text: String, item: ItemRegexTime? = nil) -> Outcome {
        let now = monotonicNanoseconds()
        var deadline = now + RuleRegex.timeLimitNanoseconds
        if let item {
            let end = item.end(from: now)
            guard now < end else {
                compiled.gaveUp.add(1, ordering: .relaxed)
                return .gaveUp
            }
            deadline = min(deadline, end)
        }
        var text = text
        return text.withUTF8 { compiled.firstMatch($0, deadline: deadline) }
    }

    /// How many matches, of this pattern and every copy of it, gave up so far.
    public var gaveUp: Int { compiled.gaveUp.load(ordering: .relaxed) }

    /// The compiled pattern, owned. Read-only once made (PCRE2's code can be shared between
    /// threads; each match has its own match context and data), except for the count of matches
    /// that gave up, which is atomic.
    final class Compiled: @unchecked Sendable {
        private let code: OpaquePointer
        let gaveUp = Atomic<Int>(0)

        init(_ pattern: String, caseInsensitive: Bool) throws(SyntaxError) {
            var errorCode: Int32 = 0
            var errorOffset = 0
            var options = UInt32(PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C | PCRE2_AUTO_CALLOUT)
            if caseInsensitive { options |= UInt32(PCRE2_CASELESS) }
            var pattern = pattern
            let made = pattern.withUTF8 { p in
                p.withMemoryRebound(to: UInt8.self) { bytes in
                    pcre2_compile_8(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!, bytes.count, options,
                                    &errorCode, &errorOffset, nil)
                }
            }
            guard let made else {
                // The offset PCRE2 gives is in bytes of the pattern: told in characters.
                let utf8 = pattern.utf8
                let index = utf8.index(utf8.startIndex, offsetBy: min(errorOffset, utf8.count))
                throw SyntaxError(message: Self.message(errorCode),
                                  offset: pattern.distance(from: pattern.startIndex, to: index))
            }
            code = made
        }

        deinit { pcre2_code_free_8(code) }

        /// A match's steps so far, and the monotonic time it must end by.
        struct Budget {
            var steps: Int
            var deadline: UInt64
        }

        /// PCRE2's message for an error code.
        static func message(_ code: Int32) -> String {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buffer in
                let n = pcre2_get_error_message_8(code, buffer.baseAddress, buffer.count)
                return n > 0 ? String(decoding: buffer[0..<Int(n)], as: UTF8.self) : "error \(code)"
            }
        }

        func firstMatch(_ text: UnsafeBufferPointer<UInt8>, deadline: UInt64) -> Outcome {
            guard let data = pcre2_match_data_create_from_pattern_8(code, nil) else { return .gaveUp }  // out of memory
            defer { pcre2_match_data_free_8(data) }
            guard let context = pcre2_match_context_create_8(nil) else { return .gaveUp }
            defer { pcre2_match_context_free_8(context) }
            // PCRE2's own limits too: its match limit (counted again at each start) and depth
            // are the step limit; its memory, `heapLimitKiB`.
            pcre2_set_match_limit_8(context, UInt32(RuleRegex.stepLimit))
            pcre2_set_depth_limit_8(context, UInt32(RuleRegex.stepLimit))
            pcre2_set_heap_limit_8(context, RuleRegex.heapLimitKiB)
            var budget = Budget(steps: 0, deadline: deadline)
            let rc = withUnsafeMutablePointer(to: &budget) { budget in
                pcre2_set_callout_8(context, { _, budget in
                    // Every step of the pattern calls here (`PCRE2_AUTO_CALLOUT`): a negative answer ends the match.
                    let b = budget!.assumingMemoryBound(to: Budget.self)
                    b.pointee.steps &+= 1
                    if b.pointee.steps > RuleRegex.stepLimit { return PCRE2_ERROR_CALLOUT }
                    // The clock every 256 steps: a step can be long (see `timeLimitNanoseconds`).
                    if b.pointee.steps & 0xFF == 0, monotonicNanoseconds() > b.pointee.deadline { return PCRE2_ERROR_CALLOUT }
                    return 0
                }, budget)
                // A Swift String is valid UTF-8: PCRE2 need not check it again.
                return pcre2_match_8(code, text.baseAddress ?? UnsafePointer(bitPattern: 1)!, text.count, 0,
                                     UInt32(PCRE2_NO_UTF_CHECK), data, context)
            }
            if rc == PCRE2_ERROR_NOMATCH { return .noMatch }
            guard rc >= 0 else {
                // The step limit, or PCRE2's match, depth or heap limit: too much backtracking (no
                // other error can come from a compiled pattern on valid UTF-8).
                gaveUp.add(1, ordering: .relaxed)
                return .gaveUp
            }
            let ovector = pcre2_get_ovector_pointer_8(data)!
            let end = Int(ovector[1])
            return .match(min(Int(ovector[0]), end)..<end)  // `\K` could set the start past the end
        }
    }
}

/// The time all the regexes of one item may take together, from the first of them
/// (`RuleRegex.itemTimeLimitNanoseconds`): a `Document` holds one.
public final class ItemRegexTime: Sendable {
    /// When the item's regexes must stop (monotonic nanoseconds); 0 until the first starts.
    private let deadline = Atomic<UInt64>(0)
    private let limit: UInt64

    public init(limitNanoseconds: UInt64 = RuleRegex.itemTimeLimitNanoseconds) { limit = limitNanoseconds }

    /// The end, set by the first match to ask.
    func end(from now: UInt64) -> UInt64 {
        let (exchanged, current) = deadline.compareExchange(expected: 0, desired: now + limit, ordering: .relaxed)
        return exchanged ? now + limit : current
    }
}

/// The monotonic clock in nanoseconds.
private func monotonicNanoseconds() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
}
