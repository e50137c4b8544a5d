import FeedModel
import FeedParse
import XCTest

/// Broken XML: every item that can be recovered comes back, with bozo and a message.
final class RecoveryTests: XCTestCase {
    let twoItems = """
        <rss version="2.0"><channel><title>T</title>
        <item><title>One</title></item><item><title>Two</title></item></channel></rss>
        """

    func testBlankLinesBeforeTheXMLDeclaration() {
        let f = parse("\n\n  <?xml version=\"1.0\"?>" + twoItems)
        XCTAssertEqual(f.items.map(\.title), ["One", "Two"])
        XCTAssertTrue(f.bozo)
    }

    func testJunkBeforeTheXMLDeclaration() {
        let f = parse("Warning: something in /var/www/feed.php on line 3\n<?xml version=\"1.0\"?>" + twoItems)
        XCTAssertEqual(f.items.count, 2)
        XCTAssertEqual(f.bozoMessage, "junk before the first tag")
    }

    func testTruncatedDocumentKeepsTheItemsBeforeTheCut() {
        let cut = String(twoItems.prefix(while: { $0 != "w" }))  // stops inside "Two"
        let f = parse(cut)
        XCTAssertEqual(f.items.first?.title, "One")
        XCTAssertTrue(f.bozo)
    }

    func testUnterminatedCDATA() {
        let doc = """
            <rss version="2.0"><channel><title>T</title>
            <item><title>Good</title></item>
            <item><title>Bad</title><description><![CDATA[never closed</description></item></channel></rss>
            """
        let f = parse(doc)
        XCTAssertEqual(f.items.map(\.title), ["Good", "Bad"])
        XCTAssertEqual(f.items.last?.summary, "never closed")
        XCTAssertEqual(f.bozoMessage, "unterminated CDATA section")
    }

    func testUnterminatedCDATAFollowedByAnotherSection() {
        let doc = """
            <rss version="2.0"><channel><title>T</title>
            <item><title>One</title><description><![CDATA[<p>open</p></description></item>
            <item><title>Two</title><description><![CDATA[<b>fine</b>]]></description></item></channel></rss>
            """
        let f = parse(doc)
        XCTAssertEqual(f.items.map(\.summary), ["<p>open</p>", "<b>fine</b>"])
        XCTAssertTrue(f.bozo)
    }

    func testMismatchedTagsStillGiveItems() {
        let doc = "<rss version=\"2.0\"><channel><item><title>A</b></title></item><item><title>B</title></item></channel></rss>"
        let f = parse(doc)
        XCTAssertEqual(f.items.count, 2)
        XCTAssertTrue(f.bozo)
    }

    func testControlCharactersAreDropped() {
        let f = parse(rss(item: "<title>bell\u{07}ring</title>"))
        XCTAssertEqual(f.items[0].title, "bellring")
        XCTAssertTrue(f.bozo)
    }

    func testWellFormedFeedIsNotBozo() {
        let f = parse("<?xml version=\"1.0\"?>" + twoItems)
        XCTAssertFalse(f.bozo)
        XCTAssertNil(f.bozoMessage)
    }

    func testAtomFeedInsideAnXHTMLPageIsFound() {
        let doc = """
            <html xmlns="http://www.w3.org/1999/xhtml"><body>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Inside</title><entry><title>E</title></entry></feed>
            </body></html>
            """
        let f = parse(doc)
        XCTAssertEqual(f.format, .atom10)
        XCTAssertEqual(f.items.map(\.title), ["E"])
        XCTAssertTrue(f.bozo)
    }
}
