import FeedModel
import XCTest

/// `JSONWriter`, the writer behind every `--json` output: commas and nesting, escapes.
final class JSONWriterTests: XCTestCase {
    func testCommasFollowNesting() {
        var w = JSONWriter()
        w.beginObject()
        w.field("a", 1 as Int?)
        w.key("b"); w.beginArray(); w.value("x"); w.beginObject(); w.endObject(); w.value(true); w.null(); w.endArray()
        w.field("c", nil as String?)
        w.field("d", false)
        w.endObject()
        XCTAssertEqual(w.string, #"{"a":1,"b":["x",{},true,null],"d":false}"#)
    }

    /// Nesting deeper than the 64 levels kept as bits: each level's comma is still right.
    func testDeepNesting() {
        var w = JSONWriter()
        for _ in 0..<100 { w.beginArray(); w.value(1) }
        for _ in 0..<100 { w.endArray(); w.value(2) }
        // [1,[1,…[1],2],2…],2: each array holds 1, the next array, then 2 (the outermost's 2 follows it).
        let expected = String(repeating: "[1,", count: 99) + "[1]" + String(repeating: ",2]", count: 99) + ",2"
        XCTAssertEqual(w.string, expected)
    }

    func testStringsAreEscaped() {
        var w = JSONWriter()
        let long = String(repeating: "abcdefgh", count: 5)
        w.value("\(long)\"q\" \\ \n\t\r\u{1}é\(long)<b>")
        XCTAssertEqual(w.string, "\"\(long)\\\"q\\\" \\\\ \\n\\t\\r\\u0001é\(long)<b>\"")
        XCTAssertEqual(w.bytes, Array(w.string.utf8))
    }
}
