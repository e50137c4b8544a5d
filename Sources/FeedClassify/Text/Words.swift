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
    /// The words' folded UTF-8: the whole text with ASCII capitals lowered (an ASCII word's
    /// span points at its own place there), then the folded forms of the other words, one after
    /// the other. Valid while this value is: code outside
    /// `Words` reads it through `withBuffers`.
    var folded: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buffers.folded, count: buffers.foldedCount) }
    var spans: UnsafeBufferPointer<Span> { UnsafeBufferPointer(start: buffers.spans, count: buffers.spanCount) }
    /// `text`'s UTF-8, valid while this value is (a copy the buffers keep: hits are read from it
    /// without making a String).
    var textBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buffers.text, count: buffers.textCount) }
    /// Every cased letter of the text is a capital (a shouting headline): capitals then say
    /// nothing about a word, so capitals-only terms do not match here (docs/design.md).
    public let shouts: Bool

    /// The words as values, made on each call.
    public var words: [Word] { spans.indices.map(word) }

    /// How many words the text holds.
    public var count: Int { spans.count }

    public init(_ text: String) { self.init(text: text, barriers: [], mayShout: true) }

    /// Several texts of one field read as one (an item's categories; its summary and its
    /// content): joined by line feeds in `text`, with a word between each two that is no term
    /// (empty, where a line feed is), so that a phrase or `NEAR/0` does not run from the end of one
    /// into the start of the next (the tags `border` and `patrol` are not "border patrol").
    /// `mayShout` false: capitals say what they say however many there are (a list of tags such
    /// as `ICE; DHS` is not a shouting headline).
    public init(parts: [String], mayShout: Bool = true) {
        var barriers: [UInt32] = []
        var offset = 0
        for p in parts.dropLast() {
            offset += p.utf8.count
            barriers.append(UInt32(truncatingIfNeeded: offset))
            offset += 1
        }
        self.init(text: parts.count == 1 ? parts[0] : parts.joined(separator: "\n"), barriers: barriers, mayShout: mayShout)
    }

    private init(text: String, barriers: [UInt32], mayShout: Bool) {
        self.text = text
        var copy = text
        let (buffers, shouts) = copy.withUTF8 { Self.split($0, barriers: barriers) }
        self.buffers = buffers
        self.shouts = mayShout && shouts
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
    /// folded; and whether the text shouts.
    ///
    /// The text is read 64 bytes at a time as bit masks, one bit a byte: its ASCII letters and
    /// digits (`word`), and its bytes that are not ASCII (`high`). A run of set bits is a word:
    /// found by two bit counts, with nothing done per byte. Its folded form needs no copy
    /// either: the folded buffer starts with the whole text lowercased (`SplitOutput`), and an
    /// ASCII word's folded bytes are its own place there. A word whose last byte is a small
    /// letter is in no capitals, and is then a span written; another is read through to count
    /// its capitals (numbers, names in capitals). A word that holds a character that is not
    /// ASCII is read byte by byte (`slowWord`) and folded into the buffer after the text. A
    /// character that is not ASCII and no part of a word (curly quotes, dashes, no-break
    /// spaces) is looked up once, and left out of the block's words.
    /// `barriers`: UTF-8 offsets (ascending) where parts of the text meet (`Words(parts:)`): an
    /// empty word, no term, goes between the words before one and those after it.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, barriers: [UInt32] = []) -> (WordBuffers, Bool) {
        precondition(bytes.count < Int(UInt32.max), "a text of 4 GiB or more is not an item")
        let n = bytes.count
        guard n > 0, let p = bytes.baseAddress else { return (WordBuffers.none, false) }
        var out = SplitOutput(lowering: p, count: n, spans: n / 4 + 4 + barriers.count, barriers: barriers)
        let common = Fold.common
        var counts = Counts()
        // An ASCII word: folded in place; in capitals when it has no small letter and two capitals.
        @inline(__always)
        func asciiWord(_ start: Int, _ end: Int) {
            var capitals = false
            if p[end &- 1] &- 0x61 < 26 {
                counts.anyLower = true
            } else {
                var upper = 0
                var lower = 0
                for k in start..<end { countCase(p[k], &lower, &upper) }
                if lower > 0 { counts.anyLower = true }
                capitals = upper >= 2 && lower == 0
            }
            let a = UInt32(truncatingIfNeeded: start), b = UInt32(truncatingIfNeeded: end)
            out.append(Span(start: a, end: b, textStart: a, textEnd: b, capitals: capitals, ascii: true))
        }
        // Where the word starts whose run reached the end of its block, and may go on (-1:
        // none), and whether it holds a character that is not ASCII so far.
        var open = -1
        var openSpecial = false
        var i = 0
        while i < n {
            var length = min(64, n &- i)
            var m = length == 64 ? BlockMasks(p + i) : BlockMasks(tail: p + i, count: length)
            var special: UInt64 = 0  // bytes of characters that are not ASCII and are part of a word
            if m.high != 0 {
                // Each character that is not ASCII: part of a word or not. One that crosses the
                // block's end starts the next block (a character is at most four bytes).
                var high = m.high
                while high != 0 {
                    let q = high.trailingZeroBitCount
                    let (u, size) = decode(bytes, at: i &+ q)
                    if q &+ size > length {
                        // Only when `length` is 64 and `q` is 61 or more, so never empty; the
                        // bytes from `q` on are that character's, and no word bytes.
                        length = q
                        break
                    }
                    let bits: UInt64 = ((1 &<< UInt64(size)) &- 1) &<< UInt64(q)
                    if Self.info(u, common).isWord { special |= bits }
                    high &= ~bits
                }
                m.word |= special
            }
            var word = m.word
            if open >= 0 {
                // The word left open goes on while this block's first bytes are word bytes.
                let run = (~word).trailingZeroBitCount
                let rest: UInt64 = run == 64 ? 0 : ~0 &<< UInt64(run)
                openSpecial = openSpecial || special & ~rest != 0
                if run == length { i &+= length; continue }
                if openSpecial {
                    Self.slowWord(p, open, i &+ run, common, &out, &counts)
                } else {
                    asciiWord(open, i &+ run)
                }
                open = -1
                word &= rest
            }
            while word != 0 {
                let s = word.trailingZeroBitCount
                let e = s &+ (~(word &>> UInt64(s))).trailingZeroBitCount
                if e == length {
                    open = i &+ s
                    openSpecial = special & word != 0
                    break
                }
                let rest = ~UInt64(0) &<< UInt64(e)
                if special & word & ~rest == 0 {
                    asciiWord(i &+ s, i &+ e)
                } else {
                    Self.slowWord(p, i &+ s, i &+ e, common, &out, &counts)
                }
                word &= rest
            }
            i &+= length
        }
        if open >= 0 {
            if openSpecial { Self.slowWord(p, open, n, common, &out, &counts) } else { asciiWord(open, n) }
        }
        let spanCount = out.spanCount
        let buffers = out.buffers()
        guard !counts.anyLower, spanCount >= 2 else { return (buffers, false) }
        // No small letter anywhere: the text shouts if it has four capitals.
        var upper = counts.nonASCIIUpper
        for k in 0..<n where p[k] &- 0x41 < 26 { upper &+= 1 }
        return (buffers, upper >= 4)
    }

    /// What the whole text's words hold, for `shouts`: any small letter, and how many capitals
    /// that are not ASCII.
    struct Counts {
        var anyLower = false
        var nonASCIIUpper = 0
    }

    /// The word at `start..<end` of the text, which holds a character that is not ASCII and part
    /// of a word, read byte by byte: its capitals, and its folded form written after the text.
    @inline(never)
    static func slowWord(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ common: Fold.Common,
                         _ out: inout SplitOutput, _ counts: inout Counts) {
        var upper = 0
        var lower = 0
        var j = start
        while j < end, p[j] < 0x80 {
            countCase(p[j], &lower, &upper)
            j &+= 1
        }
        // Folded after the text: the ASCII before `j` as lowered there, then the rest a character at a time.
        let foldedStart = out.foldedCount
        out.appendLowered(start, count: j &- start)
        var uncased = 0
        let text = UnsafeBufferPointer(start: p, count: end)
        while j < end {
            let c = p[j]
            if c < 0x80 {
                countCase(c, &lower, &upper)
                out.appendFolded(c &- 0x41 < 26 ? c | 0x20 : c)
                j &+= 1
                continue
            }
            let (u, size) = decode(text, at: j)
            let info = Self.info(u, common)
            if u.value < Fold.commonEnd {
                let k = Int(u.value) - 0x80
                common.pool.withUnsafeBufferPointer { pool in
                    out.appendFolded(UnsafeBufferPointer(rebasing: pool[Int(common.starts[k])..<Int(common.starts[k + 1])]))
                }
            } else if Fold.foldsToItself(u.value) {
                out.appendFolded(UnsafeBufferPointer(rebasing: text[j..<(j + size)]))
            } else {
                var folded: [UInt8] = []
                Fold.append(u, to: &folded)
                folded.withUnsafeBufferPointer { out.appendFolded($0) }
            }
            if info.isLetter {
                if info.isUpper {
                    upper &+= 1; counts.nonASCIIUpper &+= 1
                } else if info.isLower {
                    lower &+= 1
                } else {
                    uncased &+= 1
                }
            }
            j &+= size
        }
        if lower > 0 { counts.anyLower = true }
        // A word of marks that fold to nothing is no word.
        guard out.foldedCount > foldedStart else { return }
        out.append(Span(start: UInt32(truncatingIfNeeded: foldedStart), end: UInt32(truncatingIfNeeded: out.foldedCount),
                        textStart: UInt32(truncatingIfNeeded: start), textEnd: UInt32(truncatingIfNeeded: end),
                        capitals: upper >= 2 && lower == 0 && uncased == 0, ascii: out.isASCII(from: foldedStart)))
    }

    /// Counts an ASCII byte that is a small or a capital letter.
    @inline(__always)
    static func countCase(_ c: UInt8, _ lower: inout Int, _ upper: inout Int) {
        if c &- 0x61 < 26 { lower &+= 1 } else if c &- 0x41 < 26 { upper &+= 1 }
    }

    /// A character's properties: from the common table, the CJK and Hangul ranges, or Unicode's.
    @inline(__always)
    static func info(_ u: Unicode.Scalar, _ common: Fold.Common) -> Fold.CharInfo {
        if u.value < Fold.commonEnd { return common.infos[Int(u.value) &- 0x80] }
        return Fold.foldsToItself(u.value) ? .uncasedLetter : Fold.CharInfo(u)
    }

    /// A block of up to 64 bytes of text as bit masks, bit k for byte k: ASCII letters and
    /// digits, and bytes that are not ASCII.
    struct BlockMasks {
        var word: UInt64 = 0
        var high: UInt64 = 0

        /// The 64 bytes at `p`.
        ///
        /// Only wrapping sums and bit operations on the vectors: Swift's comparisons of unsigned
        /// lanes are a loop over the lanes. A byte `y` below 0x80 is at least `lo` when
        /// `y + 0x80 - lo` has its high bit set; the byte's own high bit, cleared first, says
        /// whether it is ASCII at all.
        @inline(__always)
        init(_ p: UnsafePointer<UInt8>) {
            typealias V = SIMD16<UInt8>
            let low7 = V(repeating: 0x7F), caseBit = V(repeating: 0x20)
            var any = V()
            for k in 0..<4 {
                let v = UnsafeRawPointer(p + 16 &* k).loadUnaligned(as: V.self)
                let y = v & low7
                let folded = y | caseBit
                // a-z after folding case: at least 0x61, not 0x7B; 0-9: at least 0x30, not 0x3A.
                let letter = (folded &+ V(repeating: 0x1F)) & ~(folded &+ V(repeating: 0x05))
                let digit = (y &+ V(repeating: 0x50)) & ~(y &+ V(repeating: 0x46))
                word |= Self.bits((letter | digit) & ~v) &<< UInt64(16 &* k)
                any |= v
            }
            let h = unsafeBitCast(any, to: SIMD2<UInt64>.self)
            if (h[0] | h[1]) & 0x8080_8080_8080_8080 != 0 {
                for k in 0..<4 { high |= Self.bits(UnsafeRawPointer(p + 16 &* k).loadUnaligned(as: V.self)) &<< UInt64(16 &* k) }
            }
        }

        /// The `count` bytes at `p` (fewer than 64), as if zeroes followed.
        @inline(never)
        init(tail p: UnsafePointer<UInt8>, count: Int) {
            var block = (SIMD32<UInt8>(), SIMD32<UInt8>())
            self = withUnsafeMutableBytes(of: &block) { raw in
                raw.baseAddress!.copyMemory(from: p, byteCount: count)
                return BlockMasks(raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }

        /// The high bit of each lane, lane k at bit k: each half's high bits moved to the low
        /// bit of their bytes and gathered by a multiply into its top byte (byte k lands on bit
        /// 56 + k, and no two terms meet or carry).
        @inline(__always)
        static func bits(_ v: SIMD16<UInt8>) -> UInt64 {
            let q = unsafeBitCast(v, to: SIMD2<UInt64>.self)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let magic: UInt64 = 0x0102_0408_1020_4080
            return ((q[0] >> 7) & ones &* magic) >> 56 | (((q[1] >> 7) & ones &* magic) >> 56) << 8
        }
    }

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
/// The folded buffer starts with the whole text, ASCII capitals lowered (an ASCII word's folded
/// form is its own place there); the folded forms of other words follow it. It has `padding`
/// bytes more than its capacity, zeroed past the last byte when handed over: `TermKeys` reads a
/// word eight bytes at a time.
struct SplitOutput {
    static let padding = 8
    private(set) var foldedBase: UnsafeMutablePointer<UInt8>
    private var foldedCapacity: Int
    private(set) var foldedCount = 0
    private var spans: GrowingList<Words.Span>
    var spanCount: Int { spans.count }
    /// The text's UTF-8 as it came, for the hits' bytes (`Words.textBytes`): the first
    /// `textCount` bytes of the memory the folded bytes follow (one allocation for both).
    private var text: UnsafeMutablePointer<UInt8>
    private let textCount: Int

    /// Where parts of the text meet (`Words.split`), and the next one a word may pass.
    private let barriers: [UInt32]
    private var barrier = 0
    private var nextBarrier = UInt32.max

    /// The `count` bytes at `text`, ASCII capitals lowered.
    init(lowering text: UnsafePointer<UInt8>, count: Int, spans: Int, barriers: [UInt32] = []) {
        self.barriers = barriers
        nextBarrier = barriers.first ?? .max
        foldedCapacity = max(count, 16)
        let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: count + foldedCapacity + Self.padding)
        foldedBase = memory + count
        self.spans = GrowingList(capacity: max(spans, 4))
        memory.initialize(from: text, count: count)
        self.text = memory
        textCount = count
        // A plain loop: the compiler makes it sixteen bytes at a time.
        for k in 0..<count {
            let c = text[k]
            foldedBase[k] = c &- 0x41 < 26 ? c | 0x20 : c
        }
        foldedCount = count
    }

    /// Folded bytes can outgrow the text (`ﷺ` folds to 33 bytes): the buffer grows only here, and
    /// stops short of 4 GiB, so that every offset into it fits a span's 32 bits.
    @inline(never)
    private mutating func growFolded(_ needed: Int) {
        precondition(needed < Int(UInt32.max), "a text whose folded words take 4 GiB or more is not an item")
        foldedCapacity = min(max(needed, 2 * foldedCapacity), Int(UInt32.max) - 1)
        text = text.moved(count: textCount + foldedCount, toCapacity: textCount + foldedCapacity + Self.padding)
        foldedBase = text + textCount
    }

    /// Appends bytes from elsewhere (not this buffer, which may move).
    mutating func appendFolded(_ bytes: UnsafeBufferPointer<UInt8>) {
        if foldedCapacity - foldedCount < bytes.count { growFolded(foldedCount + bytes.count) }
        guard let from = bytes.baseAddress else { return }
        (foldedBase + foldedCount).initialize(from: from, count: bytes.count)
        foldedCount += bytes.count
    }

    /// Appends `count` bytes of the lowered text from `start` again.
    mutating func appendLowered(_ start: Int, count: Int) {
        if foldedCapacity - foldedCount < count { growFolded(foldedCount + count) }
        (foldedBase + foldedCount).initialize(from: foldedBase + start, count: count)
        foldedCount += count
    }

    mutating func appendFolded(_ byte: UInt8) {
        if foldedCapacity == foldedCount { growFolded(foldedCount + 1) }
        foldedBase[foldedCount] = byte
        foldedCount += 1
    }

    /// Whether the folded bytes from `start` on are all ASCII.
    func isASCII(from start: Int) -> Bool {
        for k in start..<foldedCount where foldedBase[k] >= 0x80 { return false }
        return true
    }

    @inline(__always)
    mutating func append(_ span: Words.Span) {
        if span.textStart > nextBarrier { passBarriers(before: span.textStart) }
        spans.append(span)
    }

    /// An empty word (no term: nothing is looked up for it, and a phrase cannot run across it)
    /// before the first word after one or more barriers, when a word came before them.
    @inline(never)
    private mutating func passBarriers(before start: UInt32) {
        while barrier < barriers.count, barriers[barrier] < start { barrier += 1 }
        nextBarrier = barrier < barriers.count ? barriers[barrier] : .max
        guard spans.count > 0 else { return }
        let at = barriers[barrier - 1]
        spans.append(Words.Span(start: 0, end: 0, textStart: at, textEnd: at, capitals: false, ascii: true))
    }

    /// The memory, handed to the `WordBuffers` that `Words` keeps (which frees it).
    consuming func buffers() -> WordBuffers {
        (foldedBase + foldedCount).initialize(repeating: 0, count: Self.padding)
        return WordBuffers(folded: foldedBase, foldedCount: foldedCount, spans: spans.base, spanCount: spans.count, text: text, textCount: textCount)
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
    /// The text's UTF-8, a copy: where hits are read from (`Words.textBytes`). The folded bytes
    /// follow it in the same memory.
    let text: UnsafeMutablePointer<UInt8>
    let textCount: Int

    init(folded: UnsafeMutablePointer<UInt8>, foldedCount: Int, spans: UnsafeMutablePointer<Words.Span>, spanCount: Int,
         text: UnsafeMutablePointer<UInt8>, textCount: Int) {
        self.folded = folded
        self.foldedCount = foldedCount
        self.spans = spans
        self.spanCount = spanCount
        self.text = text
        self.textCount = textCount
    }

    deinit {
        text.deallocate()  // and the folded bytes after it
        spans.deallocate()
    }

    /// The buffers of no words, shared (a feed's empty fields are many).
    static let none: WordBuffers = {
        let folded = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 + SplitOutput.padding)
        folded.initialize(repeating: 0, count: 1 + SplitOutput.padding)  // as every folded buffer: zeroes past the end
        return WordBuffers(folded: folded, foldedCount: 0, spans: .allocate(capacity: 1), spanCount: 0, text: folded, textCount: 0)
    }()
}
