internal import FeedModel

/// A text split into the words rules match against.
///
/// The words are kept compactly: every word's folded form in one byte buffer (`folded`), and one
/// `Span` a word saying where it is in that buffer and in the text's UTF-8. Splitting makes no
/// String a word; `words` makes them, for callers that want them.
public struct Words: Sendable {
    public struct Word: Sendable, Equatable {
        /// The word folded (`Fold`).
        public var folded: String
        /// Written in capitals: two letters or more, none of them lowercase (`ICE`, `DACA`, `U.S` is not one word).
        public var capitals: Bool
        /// Where the word is in the text, for showing hits.
        public var range: Range<String.Index>
    }

    /// One word: its folded bytes `folded[start..<end]`, its place `textStart..<textEnd` in the
    /// text's UTF-8. Offsets are 32 bits, which keeps a span at 20 bytes; texts are far smaller.
    struct Span: Sendable {
        var start: UInt32
        var end: UInt32
        var textStart: UInt32
        var textEnd: UInt32
        var capitals: Bool
        /// The folded word is all ASCII: it can be looked up by its bytes (see `Vocabulary`).
        var ascii: Bool
    }

    public let text: String
    /// The memory the words were split into, kept as it is (copying it into arrays cost more
    /// than a tenth of splitting).
    let buffers: WordBuffers
    /// Every word's folded UTF-8, one after the other. Valid while this value is: code outside
    /// `Words` reads it through `withBuffers`.
    var folded: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buffers.folded, count: buffers.foldedCount) }
    var spans: UnsafeBufferPointer<Span> { UnsafeBufferPointer(start: buffers.spans, count: buffers.spanCount) }
    /// Every cased letter of the text is a capital (a shouting headline): capitals then say
    /// nothing about a word, so capitals-only terms do not match here (docs/design.md).
    public let shouts: Bool

    /// The words as values, made on each call.
    public var words: [Word] { spans.indices.map(word) }

    /// How many words the text holds.
    public var count: Int { spans.count }

    public init(_ text: String) {
        self.text = text
        var copy = text
        let (buffers, shouts) = copy.withUTF8(Self.split)
        self.buffers = buffers
        self.shouts = shouts
    }

    /// Calls `body` with the folded bytes and the spans, kept alive until it returns.
    func withBuffers<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Span>) throws -> R) rethrows -> R {
        try withExtendedLifetime(buffers) { try body(folded, spans) }
    }

    /// Word `i` as a value.
    func word(_ i: Int) -> Word {
        Word(folded: foldedString(i), capitals: spans[i].capitals, range: range(i))
    }

    /// The folded form of word `i`.
    func foldedString(_ i: Int) -> String {
        withBuffers { folded, spans in
            String(decoding: UnsafeBufferPointer(rebasing: folded[Int(spans[i].start)..<Int(spans[i].end)]), as: UTF8.self)
        }
    }

    /// Where word `i` is in the text.
    func range(_ i: Int) -> Range<String.Index> {
        let utf8 = text.utf8
        return utf8.index(utf8.startIndex, offsetBy: Int(spans[i].textStart))..<utf8.index(utf8.startIndex, offsetBy: Int(spans[i].textEnd))
    }

    /// Splits UTF-8 into words: runs of letters, digits and marks (`Fold.isWordScalar`), each
    /// folded; and whether the text shouts. ASCII, most of the text of English news, is read a
    /// byte at a time without Unicode property lookups, and copied lowercased in the same pass.
    ///
    /// The words are written through pointers into buffers this function owns (`SplitOutput`),
    /// which `Words` then keeps (`WordBuffers`): appending to an Array a word checked its
    /// uniqueness and capacity and called a generic `append(contentsOf:)` every word, which
    /// cost more than reading the word (a word of news is 4 to 5 letters). The state is in
    /// locals, not in a struct, so that the compiler keeps it in registers.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> (WordBuffers, Bool) {
        precondition(bytes.count < Int(UInt32.max), "a text of 4 GiB or more is not an item")
        let n = bytes.count
        guard n > 0, let p = bytes.baseAddress else { return (WordBuffers.none, false) }
        // Folding ASCII keeps its length and drops what is no word: the folded bytes fit in `n`
        // unless a character folds longer (`ﬁ`, `ß`), which grows the buffer.
        var out = SplitOutput(folded: n, spans: n / 4 + 4)
        var allUpper = 0
        var allLower = 0
        // The word being read: where it starts in the text (-1: none) and in `folded`; its
        // capitals, small letters and letters that are neither (added without overflow checks:
        // no count passes the text's length).
        var start = -1
        var foldedStart = 0
        var upper = 0
        var lower = 0
        var uncased = 0
        var ascii = true
        @inline(__always)
        func close(at end: Int) {
            guard start >= 0 else { return }
            if out.foldedCount > foldedStart {
                // Non-ASCII folding can yield ASCII (`é` is `e`): what counts is the folded bytes.
                let isASCII = ascii || out.isASCII(from: foldedStart)
                out.append(Span(start: UInt32(truncatingIfNeeded: foldedStart), end: UInt32(truncatingIfNeeded: out.foldedCount),
                                textStart: UInt32(truncatingIfNeeded: start), textEnd: UInt32(truncatingIfNeeded: end),
                                capitals: upper >= 2 && lower == 0 && uncased == 0, ascii: isASCII))
            }
            start = -1
            upper = 0; lower = 0; uncased = 0
            ascii = true
        }
        let common = Fold.common
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x80 {
                guard isASCIIWordByte(b) else {
                    close(at: i)
                    i &+= 1
                    // The rest of the gap to the next word (a space after a comma, a dash between spaces).
                    while i < n, p[i] < 0x80, !isASCIIWordByte(p[i]) { i &+= 1 }
                    continue
                }
                // A run of ASCII letters and digits: counted and copied, capitals lowered, in one pass.
                if start < 0 { start = i; foldedStart = out.foldedCount }
                out.reserveFolded(n - i)  // the run is at most the rest of the text
                var f = out.foldedCount
                let fp = out.foldedBase
                var runUpper = 0
                var runLower = 0
                while i < n {
                    // Eight bytes at once while they are lowercase letters, most of a word of
                    // news: how many lead the eight is found from a mask, and all eight are
                    // copied (the buffer has room for the rest of the text, see above).
                    if i &+ 8 <= n {
                        let raw = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                        let k = Self.leadingLowercase(UInt64(littleEndian: raw))
                        UnsafeMutableRawPointer(fp + f).storeBytes(of: raw, as: UInt64.self)
                        f &+= k
                        i &+= k
                        runLower &+= k
                        if k == 8 { continue }
                    }
                    guard i < n else { break }
                    let c = p[i]
                    if c &- 0x61 < 26 {
                        runLower &+= 1
                        fp[f] = c
                    } else if c &- 0x41 < 26 {
                        runUpper &+= 1
                        fp[f] = c | 0x20
                    } else if c &- 0x30 < 10 {
                        fp[f] = c
                    } else {
                        break
                    }
                    f &+= 1
                    i &+= 1
                }
                out.foldedCount = f
                upper &+= runUpper; lower &+= runLower
                allUpper &+= runUpper; allLower &+= runLower
                continue
            }
            let (u, length) = decode(bytes, at: i)
            let k = Int(u.value) - 0x80
            let isCommon = u.value < Fold.commonEnd
            let selfFolding = Fold.foldsToItself(u.value)
            let info = isCommon ? common.infos[k] : selfFolding ? .uncasedLetter : Fold.CharInfo(u)
            if info.isWord {
                if start < 0 { start = i; foldedStart = out.foldedCount }
                ascii = false
                if isCommon {
                    common.pool.withUnsafeBufferPointer { pool in
                        out.appendFolded(UnsafeBufferPointer(rebasing: pool[Int(common.starts[k])..<Int(common.starts[k + 1])]))
                    }
                } else if selfFolding {
                    out.appendFolded(UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]))
                } else {
                    var folded: [UInt8] = []
                    Fold.append(u, to: &folded)
                    folded.withUnsafeBufferPointer { out.appendFolded($0) }
                }
                if info.isLetter {
                    if info.isUpper {
                        upper &+= 1; allUpper &+= 1
                    } else if info.isLower {
                        lower &+= 1; allLower &+= 1
                    } else {
                        uncased &+= 1
                    }
                }
            } else {
                close(at: i)
            }
            i += length
        }
        close(at: n)
        let buffers = out.buffers()
        return (buffers, allLower == 0 && allUpper >= 4 && buffers.spanCount >= 2)
    }

    /// How many of the eight bytes of `x` (the first in its low byte) are a-z before one that is
    /// not. Per byte, with the high bit put aside so that no sum carries into the next byte:
    /// `b + 0x1F` reaches 0x80 from `a` on, `b + 0x05` from `{` on.
    @inline(__always)
    static func leadingLowercase(_ x: UInt64) -> Int {
        let high: UInt64 = 0x8080_8080_8080_8080
        let y = x & ~high
        let lower = (y &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(y &+ 0x0505_0505_0505_0505) & ~x & high
        let other = ~lower & high
        return other == 0 ? 8 : other.trailingZeroBitCount >> 3
    }

    /// a-z, A-Z, 0-9.
    @inline(__always)
    static func isASCIIWordByte(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 || b &- 0x30 < 10 }

    /// The scalar that starts at `i` of valid UTF-8, and how many bytes it takes.
    @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let b0 = UInt32(p[i])
        let v: UInt32
        let length: Int
        if b0 < 0xE0 {
            v = (b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F); length = 2
        } else if b0 < 0xF0 {
            v = (b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F); length = 3
        } else {
            v = (b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F)
            length = 4
        }
        return (Unicode.Scalar(v)!, length)
    }
}

/// The folded bytes and spans `Words.split` writes, in memory it allocates and grows itself.
/// The folded buffer has `padding` bytes more than its capacity, zeroed past the last word when
/// handed over: `TermKeys` reads a word eight bytes at a time.
private struct SplitOutput {
    static let padding = 8
    private(set) var foldedBase: UnsafeMutablePointer<UInt8>
    private var foldedCapacity: Int
    var foldedCount = 0
    private var spans: UnsafeMutablePointer<Words.Span>
    private var spanCapacity: Int
    private var spanCount = 0

    init(folded: Int, spans: Int) {
        foldedCapacity = max(folded, 16)
        foldedBase = .allocate(capacity: foldedCapacity + Self.padding)
        spanCapacity = max(spans, 4)
        self.spans = .allocate(capacity: spanCapacity)
    }

    /// Room for `extra` more folded bytes.
    @inline(__always)
    mutating func reserveFolded(_ extra: Int) {
        if foldedCapacity - foldedCount < extra { growFolded(foldedCount + extra) }
    }

    /// Folded bytes can outgrow the text (`ﷺ` folds to 33 bytes): the buffer grows only here, and
    /// stops short of 4 GiB, so that every offset into it fits a span's 32 bits.
    @inline(never)
    private mutating func growFolded(_ needed: Int) {
        precondition(needed < Int(UInt32.max), "a text whose folded words take 4 GiB or more is not an item")
        foldedCapacity = min(max(needed, 2 * foldedCapacity), Int(UInt32.max) - 1)
        foldedBase = foldedBase.moved(count: foldedCount, toCapacity: foldedCapacity + Self.padding)
    }

    @inline(__always)
    mutating func appendFolded(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserveFolded(bytes.count)
        guard let from = bytes.baseAddress else { return }
        (foldedBase + foldedCount).initialize(from: from, count: bytes.count)
        foldedCount += bytes.count
    }

    /// Whether the folded bytes from `start` on are all ASCII.
    func isASCII(from start: Int) -> Bool {
        for k in start..<foldedCount where foldedBase[k] >= 0x80 { return false }
        return true
    }

    @inline(__always)
    mutating func append(_ span: Words.Span) {
        if spanCount == spanCapacity { growSpans() }
        (spans + spanCount).initialize(to: span)
        spanCount += 1
    }

    @inline(never)
    private mutating func growSpans() {
        spanCapacity *= 2
        spans = spans.moved(count: spanCount, toCapacity: spanCapacity)
    }

    /// The memory, handed to the `WordBuffers` that `Words` keeps (which frees it).
    consuming func buffers() -> WordBuffers {
        (foldedBase + foldedCount).initialize(repeating: 0, count: Self.padding)
        return WordBuffers(folded: foldedBase, foldedCount: foldedCount, spans: spans, spanCount: spanCount)
    }
}

/// Split words' memory, owned: `SplitOutput`'s buffers, freed with the last `Words` that holds them.
/// Eight zeroed bytes follow the last folded byte (`SplitOutput.padding`): `TermKeys` and the
/// `TermIndex` start filter read a word eight (or four) bytes at a time, past its end.
final class WordBuffers: @unchecked Sendable {
    // Written once, by `SplitOutput.buffers`, and only read after: safe to share.
    let folded: UnsafeMutablePointer<UInt8>
    let foldedCount: Int
    let spans: UnsafeMutablePointer<Words.Span>
    let spanCount: Int

    init(folded: UnsafeMutablePointer<UInt8>, foldedCount: Int, spans: UnsafeMutablePointer<Words.Span>, spanCount: Int) {
        self.folded = folded
        self.foldedCount = foldedCount
        self.spans = spans
        self.spanCount = spanCount
    }

    deinit {
        folded.deallocate()
        spans.deallocate()
    }

    /// The buffers of no words, shared (a feed's empty fields are many).
    static let none: WordBuffers = {
        let folded = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 + SplitOutput.padding)
        folded.initialize(repeating: 0, count: 1 + SplitOutput.padding)  // as every folded buffer: zeroes past the end
        return WordBuffers(folded: folded, foldedCount: 0, spans: .allocate(capacity: 1), spanCount: 0)
    }()
}
