import FeedModel
import FeedParse
import Foundation
import XCTest

/// Parses a document given as text (UTF-8) and fails the test when it throws.
func parse(_ xml: String, url: String? = nil, contentType: String? = nil,
           file: StaticString = #filePath, line: UInt = #line) -> ParsedFeed {
    parse(bytes: Array(xml.utf8), url: url, contentType: contentType, file: file, line: line)
}

func parse(bytes: [UInt8], url: String? = nil, contentType: String? = nil,
           file: StaticString = #filePath, line: UInt = #line) -> ParsedFeed {
    do {
        return try FeedParser.parse(bytes, url: url, contentType: contentType)
    } catch {
        XCTFail("parse threw \(error)", file: file, line: line)
        return ParsedFeed(format: .rss, encoding: "")
    }
}

/// An RSS 2.0 document with one item holding `itemXML`, and `channelXML` in the channel.
func rss(item itemXML: String, channel channelXML: String = "", namespaces: String = "") -> String {
    """
    <?xml version="1.0" encoding="utf-8"?>
    <rss version="2.0" \(namespaces)><channel><title>T</title><link>http://example.com/</link>
    \(channelXML)<item>\(itemXML)</item></channel></rss>
    """
}

/// An Atom 1.0 document with one entry holding `entryXML`.
func atom(entry entryXML: String, feed feedXML: String = "", attributes: String = "") -> String {
    """
    <?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom" \(attributes)><title>T</title><id>urn:x</id>
    \(feedXML)<entry>\(entryXML)</entry></feed>
    """
}

/// The folder of fixture files copied into the test bundle.
let fixtures: URL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

func fixture(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: fixtures.appendingPathComponent(path)))
}
