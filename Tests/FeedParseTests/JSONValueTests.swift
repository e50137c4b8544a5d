@testable import FeedParse
import XCTest

/// The JSON reader under JSON Feed: RFC 8259's grammar, strictly, as `JSONDecoder` read it.
final class JSONValueTests: XCTestCase {
    func parse(_ s: String) throws -> JSONValue { try JSONValue.parse(Array(s.utf8)) }

    func testValuesOfEveryKind() throws {
        let v = try parse(#" { "a": [1, -2.5e3, true, false, null, "x"], "b": {}, "c": [] } "#)
        XCTAssertEqual(v["a"], .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null, .string("x")]))
        XCTAssertEqual(v["b"], .object([]))
        XCTAssertEqual(v["c"], .array([]))
        XCTAssertNil(v["d"])
        XCTAssertNil(JSONValue.array([])["a"], "only an object has members")
    }

    func testEscapesAndSurrogatePairs() throws {
        let v = try parse(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u0000", "\ud83d\ude00 ok", "plain é 東京"]"#)
        XCTAssertEqual(v, .array([.string("a\"b\\c/d\u{8}\u{c}\n\r\t"), .string("é\u{0}"), .string("😀 ok"), .string("plain é 東京")]))
    }

    func testTheLastOfARepeatedNameIsRead() throws {
        XCTAssertEqual(try parse(#"{"a": 1, "a": 2}"#)["a"], .number("2"))
    }

    func testNumbersReadAsTextAsJSONDecoderReadThem() throws {
        let cases: [(String, String?)] = [("1", "1"), ("-0", "0"), ("1.0", "1"), ("1e2", "100"), ("1.5", "1.5"), ("-2.25E-2", "-0.0225"),
                                           ("123456789012345678901", "1.2345678901234568e+20"), ("1e400", nil)]
        for (written, text) in cases { XCTAssertEqual(try parse(written).text, text, written) }
        XCTAssertEqual(try parse("true").text, "true")
        XCTAssertNil(try parse("null").text)
        XCTAssertNil(try parse("[]").text)
    }

    func testWhatTheGrammarRefuses() {
        let bad = ["", "   ", "{", "[1,]", "{\"a\":1,}", "{a:1}", "01", "1.", ".5", "-", "1e", "+1", "[1 2]", "\"a", "\"\\x\"",
                   "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83d\\u0041\"", "\"\\u12g4\"", "\"tab\there\"", "tru", "nul", "NaN",
                   "{} {}", "[1] x", "// c\n{}", "{'a': 1}", "\u{FEFF}{}"]
        for text in bad {
            XCTAssertThrowsError(try parse(text), text.debugDescription)
        }
    }

    func testNestingIsBoundedWithoutExhaustingTheStack() throws {
        let deep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        XCTAssertNoThrow(try parse(deep))
        let tooDeep = String(repeating: "[", count: 100_000)
        XCTAssertThrowsError(try parse(tooDeep)) { XCTAssertEqual(($0 as? JSONValue.SyntaxError)?.message, "nested too deeply") }
    }
}
