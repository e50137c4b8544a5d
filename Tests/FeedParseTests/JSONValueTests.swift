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

    func testEscapesAndSurrogatePairs() throws {
        let v = try read(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u0000", "\ud83d\ude00 ok", "plain é 東京"]"#)
        XCTAssertEqual(v, .array([.string("a\"b\\c/d\u{8}\u{c}\n\r\t"), .string("é\u{0}"), .string("😀 ok"), .string("plain é 東京")]))
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
        let v = try read("{\"a\": \"raw\ttab\", \"b\": \"bad \\x escape\", \"c\": \"\\ud83d alone\", \"d\": 01, \"e\": 1., \"f\": \"ok \\\" \\u00e9\"}")
        for name in ["a", "b", "c", "d", "e"] { XCTAssertEqual(v[name], .invalid, name) }
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
        XCTAssertFalse(f.bozo)
        XCTAssertNil(f.feed.title)
        XCTAssertEqual(f.items.map(\.id), ["7", "y"])
        XCTAssertNil(f.items[0].title)
        XCTAssertEqual(f.items[0].categories.map(\.term), ["t", "2"])
        XCTAssertEqual(f.items[0].content.map(\.value), [], "a raw tab: that value fails alone")
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
