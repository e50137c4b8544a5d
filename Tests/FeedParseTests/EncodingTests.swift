import FeedModel
@testable import FeedParse
import XCTest

/// Bytes to text: byte order marks, declarations, HTTP charsets and the real-world mislabellings.
final class EncodingTests: XCTestCase {
    /// An RSS document whose title is the given bytes, declared with `declaration` (or nothing).
    func document(title: [UInt8], declaration: String?) -> [UInt8] {
        let head = declaration.map { "<?xml version=\"1.0\" encoding=\"\($0)\"?>" } ?? "<?xml version=\"1.0\"?>"
        return Array((head + "<rss version=\"2.0\"><channel><title>").utf8) + title + Array("</title></channel></rss>".utf8)
    }

    func testUTF8ByteOrderMarkIsDropped() {
        let f = parse(bytes: [0xEF, 0xBB, 0xBF] + document(title: Array("Caf\u{E9}".utf8), declaration: "utf-8"))
        XCTAssertEqual(f.feed.title, "Café")
        XCTAssertEqual(f.encoding, "utf-8")
        XCTAssertFalse(f.bozo)
    }

    func testUTF16WithByteOrderMark() {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"><channel><title>Ünïcode</title></channel></rss>".utf16 {
            bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let f = parse(bytes: bytes)
        XCTAssertEqual(f.feed.title, "Ünïcode")
        XCTAssertEqual(f.encoding, "utf-16le")
    }

    func testDeclaredISO88591() {
        let f = parse(bytes: document(title: [0x43, 0x61, 0x66, 0xE9], declaration: "ISO-8859-1"))
        XCTAssertEqual(f.feed.title, "Café")
        XCTAssertEqual(f.encoding, "iso-8859-1")
        XCTAssertFalse(f.bozo)
    }

    func testISO88591HoldingWindows1252PunctuationIsReadAsWindows1252() {
        // 0x93 0x94 are curly quotes in windows-1252, C1 controls in iso-8859-1.
        let f = parse(bytes: document(title: [0x93, 0x48, 0x69, 0x94], declaration: "iso-8859-1"))
        XCTAssertEqual(f.feed.title, "\u{201C}Hi\u{201D}")
        XCTAssertEqual(f.encoding, "windows-1252")
        XCTAssertTrue(f.bozo)
    }

    func testUndeclaredWindows1252BytesAreDecodedAnywayAndBozo() {
        // "naïve – test" in windows-1252: ï is 0xEF, the en dash 0x96; not valid UTF-8.
        let title: [UInt8] = [0x6E, 0x61, 0xEF, 0x76, 0x65, 0x20, 0x96, 0x20, 0x74]
        let f = parse(bytes: document(title: title, declaration: nil))
        XCTAssertEqual(f.feed.title, "naïve – t")
        XCTAssertEqual(f.encoding, "windows-1252")
        XCTAssertTrue(f.bozo)
    }

    /// UTF-8 with one stray windows-1252 byte keeps its UTF-8 (the whole document read as
    /// windows-1252 garbled every other character); text with as many stray bytes as UTF-8
    /// characters is Latin-1 holding a sequence by chance (é, no-break space, »), read as such.
    func testAStrayByteInUTF8IsReadAloneAsWindows1252() {
        let mixed = Array("Café “x” € na".utf8) + [0xEF] + Array("ve".utf8)
        let f = parse(bytes: document(title: mixed, declaration: nil))
        XCTAssertEqual(f.feed.title, "Café “x” € naïve")
        XCTAssertEqual(f.encoding, "utf-8")
        XCTAssertEqual(f.bozoMessage, "bytes that are not utf-8 were read as windows-1252")
        let latin1: [UInt8] = [0x64, 0x6F, 0x75, 0xE9, 0xA0, 0xBB, 0x20, 0xE0, 0x20, 0xE8]  // "doué » à è"
        let l = parse(bytes: document(title: latin1, declaration: nil))
        XCTAssertEqual(l.feed.title, "doué\u{A0}» à è")
        XCTAssertEqual(l.encoding, "windows-1252")
    }

    /// A Latin label on bytes that are UTF-8 (accented letters included) is read as UTF-8; a byte
    /// order mark that says other than the declaration is read as the mark says, and is bozo.
    func testWhatTheBytesSayOverrulesTheLabel() {
        let f = parse(bytes: document(title: Array("Joel Snyder’s café".utf8), declaration: "iso-8859-1"))
        XCTAssertEqual(f.feed.title, "Joel Snyder’s café")
        XCTAssertEqual(f.encoding, "utf-8")
        XCTAssertEqual(f.bozoMessage, "declared iso-8859-1 but the bytes are utf-8; read as utf-8")
        let bom = parse(bytes: [0xEF, 0xBB, 0xBF] + document(title: Array("Café".utf8), declaration: "ISO-8859-1"))
        XCTAssertEqual(bom.feed.title, "Café")
        XCTAssertEqual(bom.bozoMessage, "declared iso-8859-1 but the byte order mark says utf-8; read as utf-8")
    }

    func testMislabelledUTF8ThatIsReallyWindows1252() {
        let f = parse(bytes: document(title: [0x63, 0x61, 0x66, 0xE9], declaration: "utf-8"))
        XCTAssertEqual(f.feed.title, "café")
        XCTAssertEqual(f.encoding, "windows-1252")
        XCTAssertTrue(f.bozo)
        XCTAssertNotNil(f.bozoMessage)
    }

    func testHTTPCharsetOutranksTheDeclaration() {
        // KOI8-R bytes for "Мир", declared (wrongly) as iso-8859-1 in the document.
        let f = parse(bytes: document(title: [0xED, 0xC9, 0xD2], declaration: "iso-8859-1"),
                      contentType: "application/rss+xml; charset=koi8-r")
        XCTAssertEqual(f.feed.title, "Мир")
        XCTAssertEqual(f.encoding, "koi8-r")
    }

    func testKOI8R() {
        XCTAssertEqual(parse(bytes: document(title: [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], declaration: "koi8-r")).feed.title, "Привет")
    }

    func testWindows1251() {
        // "Привет" in windows-1251.
        XCTAssertEqual(parse(bytes: document(title: [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2], declaration: "windows-1251")).feed.title,
                       "Привет")
    }

    func testGB2312IsReadAsGB18030() {
        // "中文" in GB2312.
        let f = parse(bytes: document(title: [0xD6, 0xD0, 0xCE, 0xC4], declaration: "gb2312"))
        XCTAssertEqual(f.feed.title, "中文")
        XCTAssertEqual(f.encoding, "gb18030")
    }

    func testShiftJIS() {
        // "日本" in Shift_JIS.
        let f = parse(bytes: document(title: [0x93, 0xFA, 0x96, 0x7B], declaration: "Shift_JIS"))
        XCTAssertEqual(f.feed.title, "日本")
        XCTAssertEqual(f.encoding, "shift_jis")
    }

    func testEUCJP() {
        // "日本" in EUC-JP.
        XCTAssertEqual(parse(bytes: document(title: [0xC6, 0xFC, 0xCB, 0xDC], declaration: "euc-jp")).feed.title, "日本")
    }

    func testUndeclaredUTF8IsUTF8() {
        let f = parse(bytes: document(title: Array("Zürich".utf8), declaration: nil))
        XCTAssertEqual(f.feed.title, "Zürich")
        XCTAssertEqual(f.encoding, "utf-8")
        XCTAssertFalse(f.bozo)
    }

    func testPythonStyleEncodingNamesWithUnderscores() {
        let f = parse(bytes: document(title: [0x80], declaration: "windows_1250"))
        XCTAssertEqual(f.feed.title, "\u{20AC}")
        XCTAssertEqual(f.encoding, "windows-1250")
        XCTAssertFalse(f.bozo)
    }

    func testIBMCodePageAliases() {
        for label in ["cp_is", "csibm861", "ibm861", "861"] {
            let f = parse(bytes: document(title: [0x80], declaration: label))
            XCTAssertEqual(f.feed.title, "\u{C7}", label)
            XCTAssertEqual(f.encoding, "cp861", label)
        }
    }

    func testANumericEncodingNameIsNotBozo() {
        // `437` is no XML EncName (it starts with a digit); decoded by us, it must not upset libxml2.
        let f = parse(bytes: document(title: [0x80], declaration: "437"))
        XCTAssertEqual(f.feed.title, "\u{C7}")
        XCTAssertFalse(f.bozo, f.bozoMessage ?? "")
    }

    func testMacRomanAliases() {
        for label in ["macroman", "mac_roman", "macintosh"] {
            XCTAssertEqual(parse(bytes: document(title: [0x80], declaration: label)).feed.title, "\u{C4}", label)
        }
        XCTAssertEqual(parse(bytes: document(title: [0x80], declaration: "maccentraleurope")).feed.title, "\u{C4}")
    }

    func testC1ControlsInUTF8AreReadAsWindows1252() {
        // U+0092 is what a windows-1252 apostrophe becomes after a trip through latin-1.
        let f = parse(bytes: document(title: Array("don\u{92}t".utf8), declaration: "utf-8"))
        XCTAssertEqual(f.feed.title, "don\u{2019}t")
        XCTAssertFalse(f.bozo)
    }

    func testC1PairsAreReplacedWhereverTheyStand() {
        // Checked against the rule applied a byte at a time: C2 80-9F becomes the windows-1252
        // character, except the five positions windows-1252 leaves undefined (81 8D 8F 90 9D).
        let cp1252: [UInt8: Unicode.Scalar] = [
            0x80: "\u{20AC}", 0x82: "\u{201A}", 0x83: "\u{0192}", 0x84: "\u{201E}", 0x85: "\u{2026}", 0x86: "\u{2020}",
            0x87: "\u{2021}", 0x88: "\u{02C6}", 0x89: "\u{2030}", 0x8A: "\u{0160}", 0x8B: "\u{2039}", 0x8C: "\u{0152}",
            0x8E: "\u{017D}", 0x91: "\u{2018}", 0x92: "\u{2019}", 0x93: "\u{201C}", 0x94: "\u{201D}", 0x95: "\u{2022}",
            0x96: "\u{2013}", 0x97: "\u{2014}", 0x98: "\u{02DC}", 0x99: "\u{2122}", 0x9A: "\u{0161}", 0x9B: "\u{203A}",
            0x9C: "\u{0153}", 0x9E: "\u{017E}", 0x9F: "\u{0178}",
        ]
        func reference(_ b: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            var i = 0
            while i < b.count {
                if b[i] == 0xC2, i + 1 < b.count, let s = cp1252[b[i + 1]] {
                    out += Array(String(Character(s)).utf8)
                    i += 2
                } else {
                    out.append(b[i])
                    i += 1
                }
            }
            return out
        }
        let cases: [[UInt8]] = [
            [0xC2, 0x92],  // a pair alone
            Array("don".utf8) + [0xC2, 0x92] + Array("t".utf8),
            [0xC2, 0x93, 0xC2, 0x94],  // two side by side
            Array("a".utf8) + [0xC2, 0x81] + Array("b".utf8) + [0xC2, 0x80],  // undefined 81 stays; the euro sign at the end
            [0xC2, 0xA9, 0xC2, 0x96, 0xC2],  // © is no C1; a lone C2 at the end stays
            [0xC2, 0xC2, 0x92, 0x41],  // a C2 just before a pair stays
            Array(repeating: UInt8(ascii: "x"), count: 1000) + [0xC2, 0x85] + Array(repeating: UInt8(ascii: "y"), count: 1000),
            Array("plain".utf8),
        ]
        for bytes in cases {
            XCTAssertEqual(Transcode.c1AsWindows1252(bytes), reference(bytes), "\(bytes.prefix(12))")
        }
        XCTAssertEqual(String(decoding: Transcode.c1AsWindows1252(Array("don".utf8) + [0xC2, 0x92] + Array("t".utf8)), as: UTF8.self), "don\u{2019}t")
        XCTAssertEqual(String(decoding: Transcode.c1AsWindows1252([0xC2, 0x80, 0xC2, 0x81]), as: UTF8.self), "\u{20AC}\u{81}")
    }
}
