/// Folding text the way a reader reads it: case, accents and compatibility forms (`É` = `e`,
/// `ﬁ` = `fi`, `Ａ` = `a`), so that `inmigración` matches `inmigracion`. ASCII is folded by hand;
/// other characters by the generated table (scripts/gen_fold.py: NFKD, marks dropped, case-folded; accent marks written apart, soft hyphens and joiners fold to nothing, `ł` `ø` `æ` to `l` `o` `ae`),
/// else by their lowercase mapping. Folded text is written as UTF-8 bytes: `Words` folds into one
/// byte buffer a text, without a String a word.
public enum Fold {
    /// Names this folding: raise it whenever a character folds otherwise. A background the daemon
    /// saved under an older one is folded again when read (`Background(documents:serialized:fold:)`).
    /// 2: accent marks written apart, soft hyphens and joiners, stroked letters (twelfth session).
    public static let version = 2

    /// The folded UTF-8 of each character the table lists.
    /// Read from the source's bytes: every classifying process reads it at start, and splitting
    /// its lines into Substrings and Strings cost 19 M instructions (about 5 ms), this a few hundred
    /// thousand.
    static let table: [UInt32: [UInt8]] = {
        var t: [UInt32: [UInt8]] = [:]
        t.reserveCapacity(2048)
        var source = foldTableSource
        source.withUTF8 { b in
            var i = 0
            /// The hexadecimal number at `i`, `i` moved past it; nil when none is there.
            func hex() -> UInt32? {
                var v: UInt32 = 0
                let start = i
                while i < b.count, let d = hexDigit(b[i]), v < 0x11_0000 { v = v << 4 | d; i += 1 }
                return i > start ? v : nil
            }
            while i < b.count {
                let lineEnd = (i..<b.count).first { b[$0] == 0x0A } ?? b.count
                defer { i = lineEnd + 1 }
                guard let cp = hex(), i < lineEnd, b[i] == 0x20 else { continue }
                i += 1
                var folded: [UInt8] = []
                while i < lineEnd, let v = hex(), let u = Unicode.Scalar(v) {
                    folded.append(contentsOf: UTF8.encode(u)!)
                    guard i < lineEnd, b[i] == 0x2C else { break }
                    i += 1
                }
                t[cp] = folded
            }
        }
        return t
    }()

    private static func hexDigit(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: UInt32(c - 0x30)
        case 0x41...0x46: UInt32(c - 0x41 + 10)
        case 0x61...0x66: UInt32(c - 0x61 + 10)
        default: nil
        }
    }

    /// Appends the folded form of one character, as UTF-8.
    @inline(__always)
    static func append(_ u: Unicode.Scalar, to out: inout [UInt8]) {
        let v = u.value
        if v < 0x80 {
            out.append(UInt8(truncatingIfNeeded: v >= 0x41 && v <= 0x5A ? v + 0x20 : v))
        } else if let folded = table[v] {
            out.append(contentsOf: folded)
        } else if u.properties.isCased || u.properties.changesWhenLowercased {
            out.append(contentsOf: u.properties.lowercaseMapping.utf8)
        } else {
            out.append(contentsOf: UTF8.encode(u)!)
        }
    }

    /// The folded form of a whole string.
    static func string(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars { append(u, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// What splitting text into words needs to know of a character.
    struct CharInfo: Sendable {
        /// Part of a word (`isWordScalar`).
        var isWord: Bool
        var isLetter: Bool
        var isUpper: Bool
        var isLower: Bool

        init(isWord: Bool, isLetter: Bool, isUpper: Bool, isLower: Bool) {
            self.isWord = isWord
            self.isLetter = isLetter
            self.isUpper = isUpper
            self.isLower = isLower
        }

        /// The four as bits: 1 word, 2 letter, 4 capital, 8 small (`FoldCommonTable.swift`).
        var bits: UInt8 { (isWord ? 1 : 0) | (isLetter ? 2 : 0) | (isUpper ? 4 : 0) | (isLower ? 8 : 0) }

        init(bits: UInt8) {
            self.init(isWord: bits & 1 != 0, isLetter: bits & 2 != 0, isUpper: bits & 4 != 0, isLower: bits & 8 != 0)
        }

        /// A CJK unified ideograph or Hangul syllable (`foldsToItself`): a letter without case that folds to itself.
        static let uncasedLetter = CharInfo(isWord: true, isLetter: true, isUpper: false, isLower: false)

        /// Each property is a table lookup of a few hundred instructions, and `computeCommon`
        /// makes this for twelve thousand characters: what can be known without one is. A
        /// letter (Alphabetic) is part of a word, and only a letter can be a capital or small one
        /// (Uppercase and Lowercase are parts of Alphabetic).
        init(_ u: Unicode.Scalar) {
            let p = u.properties
            let alphabetic = p.isAlphabetic
            isWord = alphabetic || Fold.isWordScalar(u)
            isLetter = alphabetic
            isUpper = alphabetic && p.isUppercase
            isLower = alphabetic && p.isLowercase
        }
    }

    /// `CharInfo` and the folded UTF-8 of every character from U+0080 to `commonEnd` (Latin,
    /// Greek, Cyrillic, the other alphabets, punctuation, the Japanese kana: nearly all the
    /// non-ASCII of news), made from the same properties and table (`computeCommon`, written
    /// beforehand into FoldCommonTable.swift), so that splitting does not look them up character
    /// by character. Word characters' folds only.
    struct Common: Sendable {
        var infos: [CharInfo] = []
        /// Character `v`'s fold is `pool[starts[v - 0x80]..<starts[v - 0x80 + 1]]`.
        var starts: [Int32] = [0]
        var pool: [UInt8] = []
    }

    static let commonEnd: UInt32 = 0x3100

    /// U+4E00 to U+9FFF, the CJK Unified Ideographs block, and U+AC00 to U+D7A3, the Hangul
    /// syllables: every one a letter without case that folds to itself (WordsTests checks each
    /// against the properties), which spares Chinese, Japanese and Korean text a property
    /// lookup a character.
    @inline(__always)
    static func foldsToItself(_ v: UInt32) -> Bool { v &- 0x4E00 < 0x5200 || v &- 0xAC00 < 0x2BA4 }

    /// Read from `foldCommonSource`, written from `computeCommon()` (WordsTests checks that the
    /// two agree, and rewrites the source when asked): computing it cost every command that
    /// loads topics about 65 M instructions (17 ms) at start, a property lookup a character.
    static let common: Common = {
        var c = Common()
        c.infos.reserveCapacity(Int(commonEnd) - 0x80)
        c.pool.reserveCapacity(32 * 1024)
        var source = foldCommonSource
        source.withUTF8 { b in
            var i = 0
            /// The hexadecimal number at `i`, `i` moved past it and one separator.
            func hex() -> UInt32 {
                var v: UInt32 = 0
                while i < b.count, let d = hexDigit(b[i]) { v = v << 4 | d; i += 1 }
                i += 1
                return v
            }
            while i < b.count {
                let start = hex()
                let count = hex()
                let info = CharInfo(bits: UInt8(hex()))
                let fold = b[i]
                var folded: [UInt32] = []
                if fold == UInt8(ascii: "-") || fold == UInt8(ascii: "=") {
                    i += 2
                } else {
                    while i < b.count, b[i - 1] != 0x0A { folded.append(hex()) }
                }
                for v in start..<(start + count) {
                    c.infos.append(info)
                    if fold == UInt8(ascii: "=") {
                        c.pool += UTF8.encode(Unicode.Scalar(v)!)!
                    } else {
                        for f in folded { c.pool += UTF8.encode(Unicode.Scalar(f)!)! }
                    }
                    c.starts.append(Int32(c.pool.count))
                }
            }
        }
        precondition(c.infos.count == Int(commonEnd) - 0x80, "FoldCommonTable.swift does not cover U+0080..<commonEnd")
        return c
    }()

    /// The same table made from the characters' properties and `table`: what `common` must be.
    static func computeCommon() -> Common {
        var c = Common()
        c.infos.reserveCapacity(Int(commonEnd) - 0x80)
        for v in 0x80..<commonEnd {
            // Surrogates are no scalars, and no text holds them.
            let u = Unicode.Scalar(v) ?? " "
            let info = CharInfo(u)
            c.infos.append(info)
            if info.isWord { append(u, to: &c.pool) }
            c.starts.append(Int32(c.pool.count))
        }
        return c
    }

    /// Whether the character is part of a word: letters, digits and combining marks, and the
    /// invisible characters that sit inside words (the soft hyphen, the zero-width joiner and
    /// non-joiner, the word joiner: `Immi&shy;gration` is one word, and folds to `immigration`).
    /// Apostrophes and hyphens are not, so `ICE's`, `anti-ICE` and `ICE-led` all hold the word `ICE`.
    @inline(__always)
    static func isWordScalar(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < 0x80 {
            return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39)
        }
        if isInvisible(v) { return true }
        let p = u.properties
        return p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark
    }

    /// The invisible characters that sit inside words and fold to nothing (FoldTable.swift): the
    /// soft hyphen, the zero-width non-joiner and joiner, the word joiner.
    @inline(__always)
    static func isInvisible(_ v: UInt32) -> Bool { v == 0xAD || v == 0x200C || v == 0x200D || v == 0x2060 }
}
