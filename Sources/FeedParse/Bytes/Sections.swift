/// Long runs of character data taken out of the document before libxml2 reads it: CDATA sections
/// (the author's, and those `writeEscapedText` makes of escaped text). Each is replaced by a
/// processing instruction, `<?feedsift-text K NONCE?>` (and as many line feeds as the section
/// held), and `XMLReader` puts section K back where the instruction is, as the character data it was.
///
/// Why: libxml2's push parser reads a CDATA section byte by byte twice (looking for `]]>`, then
/// checking every character), about 17 instructions a byte, a sixth of all the work of parsing
/// the corpus; `Repair` has already found where each section ends. The document keeps its
/// structure for libxml2; only the section's content, which XML does not parse, goes around it.
///
/// Only what libxml2 would have read without a word: a section in element content (as
/// `ContentTracker` tells it), that is closed, holds no noncharacter U+FFFE or U+FFFF (libxml2
/// reports those), and is long enough to be worth it; none in a document with an internal DTD
/// subset, where a broken one can make libxml2 and `Repair` disagree on what is markup.
/// The nonce, random for each process, makes the instruction one no document can forge: a
/// `feedsift-text` instruction with another nonce is an ordinary one, which the reader ignores.
struct Sections {
    /// Every section's bytes, one after the other; section `k` ends at `ends[k]`.
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []

    /// Shorter sections stay for libxml2: the instruction costs about as much as reading them.
    static let minimum = 48

    static let target: StaticString = "feedsift-text"
    /// 16 hex digits.
    static let nonce: [UInt8] = {
        var x = UInt64.random(in: .min ... .max)
        var digits: [UInt8] = []
        for _ in 0..<16 {
            digits.append(Array("0123456789abcdef".utf8)[Int(x & 0xF)])
            x >>= 4
        }
        return digits
    }()

    var isEmpty: Bool { ends.isEmpty }

    /// Section `k`.
    func section(_ k: Int) -> ArraySlice<UInt8> {
        bytes[(k == 0 ? 0 : ends[k - 1])..<ends[k]]
    }

    /// Whether `text` can be taken out: long enough, and nothing libxml2 would have reported.
    static func canTake(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.count >= minimum && !hasNoncharacter(text)
    }

    /// Takes `text` out: keeps it, and writes the instruction that stands for it.
    mutating func take(_ text: UnsafeBufferPointer<UInt8>, writingTo out: inout ByteBuffer) {
        Sections.writeInstruction(add(text), lines: Sections.lineFeeds(text), to: &out)
    }

    /// The line feeds in `text`: the instruction holds as many, so that libxml2 counts the
    /// lines of the document as before (its messages give a line).
    static func lineFeeds(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        guard let p = text.baseAddress else { return 0 }
        var count = 0
        var i = ByteScan.first(0x0A, p, from: 0, end: text.count)
        while i < text.count {
            count += 1
            i = ByteScan.first(0x0A, p, from: i + 1, end: text.count)
        }
        return count
    }

    /// Room the first section reserves: the document's size, which the sections cannot exceed
    /// (pages never written are never touched), so that they are not copied as they grow.
    var expectedBytes = 0

    /// Keeps `text` as the next section; its number.
    mutating func add(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        if bytes.isEmpty { bytes.reserveCapacity(max(expectedBytes, text.count)) }
        bytes.append(contentsOf: text)
        ends.append(bytes.count)
        return ends.count - 1
    }

    /// The instruction that stands for section `k`, ending in `lines` line feeds.
    static func writeInstruction(_ k: Int, lines: Int, to out: inout ByteBuffer) {
        out.append("<?")
        out.append(target)
        out.append(0x20)
        for d in String(k).utf8 { out.append(d) }
        out.append(0x20)
        nonce.withUnsafeBufferPointer { out.append($0) }
        out.reserve(lines)
        for _ in 0..<lines { out.append(0x0A) }
        out.append("?>")
    }

    /// The section an instruction stands for: `data` is `K NONCE`; nil when it is not one of ours.
    func index(target: UnsafeBufferPointer<UInt8>, data: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !isEmpty, target.elementsEqual(UnsafeBufferPointer(start: Sections.target.utf8Start, count: Sections.target.utf8CodeUnitCount)),
              let space = data.firstIndex(of: 0x20), space > 0, space <= 9, data.count >= space + 17,
              data[(space + 1)..<(space + 17)].elementsEqual(Sections.nonce),
              data[(space + 17)...].allSatisfy({ $0 == 0x0A }) else { return nil }
        var k = 0
        for d in data[..<space] {
            guard d >= 0x30, d <= 0x39 else { return nil }
            k = k * 10 + Int(d - 0x30)
        }
        return k < ends.count ? k : nil
    }

    /// U+FFFE or U+FFFF (EF BF BE, EF BF BF) in UTF-8.
    static func hasNoncharacter(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = b.baseAddress else { return false }
        let n = b.count
        var i = ByteScan.first(0xEF, p, from: 0, end: n)
        while i < n {
            if isNoncharacter(p, i, n) { return true }
            i = ByteScan.first(0xEF, p, from: i + 1, end: n)
        }
        return false
    }

    /// Whether the 0xEF at `i` starts U+FFFE or U+FFFF.
    @inline(__always)
    static func isNoncharacter(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Bool {
        i + 2 < n && p[i + 1] == 0xBF && (p[i + 2] == 0xBE || p[i + 2] == 0xBF)
    }
}
