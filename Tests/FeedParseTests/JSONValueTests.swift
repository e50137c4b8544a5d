@testable import FeedParse
import XCTest

/// The JSON reader under JSON Feed: RFC 8259's structure, read as `JSONDecoder` read it (trailing
/// commas allowed, a bad string or number failing only itself).
final class JSONValueTests: XCTestCase {
    func read(_ s: String) throws -> JSONValue { try JSONValue.parse(Array(s.utf8)) }

    func testValuesOfEveryKind() throws {
        let v = try read(#" { "a": [1, -2.5e3, true, false, null, "x"], "b": {}, "c": [] } "#)
        XCTAssertEqual(v["a"], .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null, .string("x")]))
        XCTAssertEqual(v["b"], .object([]))
        XCTAssertEqual(v["c"], .array([]))
        XCTAssertNil(v["d"])
        XCTAssertNil(JSONValue.array([])["a"], "only an object has members")
    }

    /// Escapes, surrogate pairs; control characters that are no white space are dropped, escaped
    /// (`\b`, `\u0000`, `\u001b`, DEL, C1) or not, and an unpaired surrogate reads as U+FFFD.
    func testEscapesAndSurrogatePairs() throws {
        var repaired = false
        let v = try JSONValue.parse(Array(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u0000", "\ud83d\ude00 ok", "plain é 東京", "\u001b[31mred\u007f\u0085!"]"#.utf8),
                                    repaired: &repaired)
        XCTAssertEqual(v, .array([.string("a\"b\\c/d\u{c}\n\r\t"), .string("é"), .string("😀 ok"), .string("plain é 東京"), .string("[31mred!")]))
        XCTAssertFalse(repaired, "escaped controls are valid JSON")
        // Raw DEL and C1 are valid JSON too, and dropped the same; U+00A0 and é (C2 A0, C3 A9) are text.
        let raw: [UInt8] = Array("\"del".utf8) + [0x7F] + Array(" c1".utf8) + [0xC2, 0x85, 0xC2, 0x9B] + Array(" nbsp".utf8) + [0xC2, 0xA0]
            + Array("é\"".utf8)
        var rawRepaired = false
        XCTAssertEqual(try JSONValue.parse(raw, repaired: &rawRepaired), .string("del c1 nbsp\u{A0}é"))
        XCTAssertFalse(rawRepaired)
    }

    /// Mistakes of real feeds are mended and reported: an unpaired surrogate (a title cut in the
    /// middle of an emoji) is U+FFFD, a raw control character is dropped (white space kept). Each
    /// erased the whole string before.
    func testUnpairedSurrogatesAndRawControlsAreMendedAndReported() throws {
        let cases: [(String, String)] = [
            (#""ICE \ud800 raids""#, "ICE \u{FFFD} raids"),
            (#""\udc00 low first""#, "\u{FFFD} low first"),
            (#""high \ud83d then \u0041""#, "high \u{FFFD} then A"),
            (#""two highs \ud83d\ud83d\ude00""#, "two highs \u{FFFD}😀"),
            ("\"raw\ttab\"", "raw\ttab"),
            ("\"bell\u{7}and\u{1B}[0m escape\"", "belland[0m escape"),
        ]
        for (json, text) in cases {
            var repaired = false
            XCTAssertEqual(try JSONValue.parse(Array(json.utf8), repaired: &repaired), .string(text), json)
            XCTAssertTrue(repaired, json)
        }
    }

    func testTheFirstOfARepeatedNameIsRead() throws {
        XCTAssertEqual(try read(#"{"a": 1, "a": 2}"#)["a"], .number("1"))
    }

    func testATrailingCommaIsAllowed() throws {
        XCTAssertEqual(try read("[1, 2,]"), .array([.number("1"), .number("2")]))
        XCTAssertEqual(try read(#"{"a": 1,}"#)["a"], .number("1"))
    }

    /// A string or number wrong inside is that one value without text; its neighbours are read.
    func testABadValueFailsAloneAndItsNeighboursAreRead() throws {
        let v = try read("{\"b\": \"bad \\x escape\", \"d\": 01, \"e\": 1., \"f\": \"ok \\\" \\u00e9\"}")
        for name in ["b", "d", "e"] { XCTAssertEqual(v[name], .invalid, name) }
        XCTAssertEqual(v["f"], .string("ok \" é"))
        XCTAssertNil(JSONValue.invalid.text)
    }

    func testNumbersReadAsTextAsJSONDecoderReadThem() throws {
        let cases: [(String, String?)] = [("1", "1"), ("-0", "0"), ("1.0", "1"), ("1e2", "100"), ("1.5", "1.5"), ("-2.25E-2", "-0.0225"),
                                           ("123456789012345678901", "1.2345678901234568e+20"), ("1e400", nil)]
        for (written, text) in cases { XCTAssertEqual(try read(written).text, text, written) }
        XCTAssertEqual(try read("true").text, "true")
        XCTAssertNil(try read("null").text)
        XCTAssertNil(try read("[]").text)
    }

    func testWhatTheGrammarRefuses() {
        let bad = ["", "   ", "{", "[,]", "{,}", "[1,,]", "{a:1}", ".5", "+1", "[1 2]", "\"a", "\"a\\\"", "tru", "nul", "NaN",
                   "{} {}", "[1] x", "// c\n{}", "{'a': 1}", "\u{FEFF}{}", "{\"\\x\": 1}", "[-abc]"]
        for text in bad {
            XCTAssertThrowsError(try read(text), text.debugDescription)
        }
    }

    /// JSON Feed fields of the wrong shape read as absent, and the feed is kept.
    func testFieldsOfTheWrongShapeReadAsAbsent() {
        let f = parse(#"{"version": "https://jsonfeed.org/version/1.1", "title": [], "author": "x", "authors": {},"#
                      + #" "items": [1, {"id": 7, "title": {"a": 1}, "tags": ["t", null, 2, []], "content_text": "a"# + "\t" + #"b"}, {"id": "y",}],}"#)
        XCTAssertTrue(f.bozo, "a raw tab is mended, and said")
        XCTAssertNil(f.feed.title)
        XCTAssertEqual(f.items.map(\.id), ["7", "y"])
        XCTAssertNil(f.items[0].title)
        XCTAssertEqual(f.items[0].categories.map(\.term), ["t", "2"])
        XCTAssertEqual(f.items[0].content.map(\.value), ["a\tb"], "a raw tab is kept")
        let none = parse(#"{"version": "https://jsonfeed.org/version/1", "items": {}}"#)
        XCTAssertEqual(none.items.count, 0)
        XCTAssertFalse(none.bozo, "an items member that is no array reads as empty, as JSONDecoder read it")
    }

    func testNestingIsBoundedWithoutExhaustingTheStack() throws {
        let deep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        XCTAssertNoThrow(try read(deep))
        let tooDeep = String(repeating: "[", count: 100_000)
        XCTAssertThrowsError(try read(tooDeep)) { XCTAssertEqual(($0 as? JSONValue.SyntaxError)?.message, "nested too deeply") }
    }
}
