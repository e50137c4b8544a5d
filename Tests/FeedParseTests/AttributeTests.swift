import XCTest
import FeedModel
@testable import FeedParse

/// Attribute values as libxml2's SAX2 gives them, before any format reads them.
final class AttributeTests: XCTestCase {
    func testAnEscapedAmpersandInAnAttributeIsOneAmpersand() throws {
        let atom = Array("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
            <entry><id>x</id><title>a</title><link href="https://e.org/?a=1&amp;b=2&#38;c=3&#x26;d=4"/></entry></feed>
            """.utf8)
        XCTAssertEqual(try FeedParser.parse(atom).items[0].link, "https://e.org/?a=1&b=2&c=3&d=4")
    }

    func testOtherReferencesInAnAttributeAreDecoded() throws {
        let rss = Array(#"<rss version="2.0"><channel><item><source url="https://e.org/?q=&lt;&quot;&gt;">s</source></item></channel></rss>"#.utf8)
        XCTAssertEqual(try FeedParser.parse(rss).items[0].source?.url, #"https://e.org/?q=<">"#)
    }
}
