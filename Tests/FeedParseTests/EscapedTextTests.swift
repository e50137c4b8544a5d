@_spi(Checks) @testable import FeedParse
import FeedModel
import Foundation
import XCTest

/// Escaped text in element content becomes a CDATA section of what it stands for before libxml2
/// reads it (`Repair.writeEscapedText`): the reader must get the same text as from the
/// references, and nothing outside content may change.
final class EscapedTextTests: XCTestCase {
    private func repaired(_ s: String) -> String {
        String(decoding: Repair.document(Array(s.utf8)).bytes, as: UTF8.self)
    }

    func testEscapedContentBecomesOneSection() {
        XCTAssertEqual(repaired("<a>&lt;p&gt;Fish &amp; chips&lt;/p&gt;</a>"), "<a><![CDATA[<p>Fish & chips</p>]]></a>")
        // Text before the first reference stays as it is; numeric and HTML references join the section.
        XCTAssertEqual(repaired("<a>x &quot;y&#39;s&#x2019; &eacute;&nbsp;z&quot;</a>"),
                       "<a>x <![CDATA[\"y's\u{2019} é\u{A0}z\"]]></a>")
    }

    func testParsedTextIsTheSameAsFromReferences() {
        let f = parse(rss(item: "<title>AT&amp;T &lt;3 &#8220;q&#8221;</title><description>&lt;p&gt;A &amp;amp; B&lt;/p&gt;</description>"))
        XCTAssertEqual(f.items[0].title, "AT&T <3 \u{201C}q\u{201D}")
        XCTAssertEqual(f.items[0].summary, "<p>A &amp; B</p>")
    }

    /// Inside a tag nothing changes, even after a '>' inside a quoted value (legal XML).
    func testAttributeValuesAreNotSections() {
        XCTAssertEqual(repaired("<a t=\"x &amp; y\" u='&lt;'>&amp;</a>"), "<a t=\"x &#38; y\" u='&#60;'><![CDATA[&]]></a>")
        // After a '>' in a value the tag's end cannot be proved from the text after it: unsure, no section.
        XCTAssertEqual(repaired("<a t=\"1 > 0 &amp; b\">&amp;</a>"), "<a t=\"1 > 0 &#38; b\">&#38;</a>")
        let f = parse(rss(item: "<link>http://e.com/</link><enclosure url=\"http://e.com/a?x=1&amp;y=2\" type=\"audio/mpeg\" length=\"1\"/>"))
        XCTAssertEqual(f.items[0].enclosures.first?.url, "http://e.com/a?x=1&y=2")
    }

    /// A '>' in text before the reference: not provably content, so the usual character references.
    func testUnsureContextKeepsReferences() {
        XCTAssertEqual(repaired("<a>1 > 0 &amp; 2</a>"), "<a>1 > 0 &#38; 2</a>")
        XCTAssertEqual(repaired("<!-- <b> --> &amp;<c/>"), "<!-- <b> --> &#38;<c/>")
    }

    /// `]]>` cannot arise: a section stops before `]`, and the rest is read the usual way.
    func testSectionStopsBeforeABracket() {
        XCTAssertEqual(repaired("<a>&lt;x]]&gt;y</a>"), "<a><![CDATA[<x]]>]]<![CDATA[>y]]></a>")
        // `&rsqb;` is `]`: it ends a section too, and is written as a character reference.
        XCTAssertEqual(repaired("<a>&lt;&rsqb;]&gt;</a>"), "<a><![CDATA[<]]>&#93;]<![CDATA[>]]></a>")
        XCTAssertEqual(parse(rss(item: "<guid>&lt;x]]&gt;y &amp;rsqb; &rsqb;]&gt;</guid>")).items[0].id, "<x]]>y &rsqb; ]]>")
    }

    /// libxml2 keeps a CR inside a section; in text it reads CR LF and CR as LF, so the section
    /// is written that way. A reference to CR stays a reference (it is a real CR).
    func testLineEndsAreReadAsInText() {
        XCTAssertEqual(repaired("<a>&lt;p&gt;1\r\n2\r3&#13;4</a>"), "<a><![CDATA[<p>1\n2\n3]]>&#13;4</a>")
        let f = parse(rss(item: "<description>&lt;p&gt;one\r\ntwo&lt;/p&gt;</description>"))
        XCTAssertEqual(f.items[0].summary, "<p>one\ntwo</p>")
    }

    /// References with a problem end the section, and are mended and noted as before.
    func testProblemReferencesEndTheSection() {
        XCTAssertEqual(repaired("<a>&lt;b&gt; &bogus; &amp;</a>"), "<a><![CDATA[<b> ]]>&#38;bogus; <![CDATA[&]]></a>")
        let f = parse(rss(item: "<guid>&lt;b&gt; &bogus; &amp;</guid>"))
        XCTAssertEqual(f.items[0].id, "<b> &bogus; &")
        XCTAssertTrue(f.bozo)
    }

    /// A run of text libxml2 reports (`]]>` in content, U+FFFE) is left to it whole: its recovery
    /// drops text around the fault, and a section in the run would change what it drops (found
    /// by the fuzz target's comparison of the two readings).
    func testRunsLibxml2ReportsAreLeftWhole() {
        XCTAssertEqual(repaired("<a>&lt;b&gt; x ]]> y</a><c>&lt;d</c>"), "<a>&#60;b&#62; x ]]> y</a><c><![CDATA[<d]]></c>")
        XCTAssertEqual(repaired("<a>x ]]> &#252;</a>"), "<a>x ]]> &#252;</a>")
        XCTAssertEqual(repaired("<a>&lt;b \u{FFFF}</a>"), "<a>&#60;b \u{FFFF}</a>")
    }

    /// A CDATA section is taken out only in element content; not at all after an internal DTD
    /// subset, whose end a broken document can make libxml2 and `Repair` disagree on (the fuzz
    /// target found a document that read fewer items so).
    func testSectionsOnlyInContentAndNotAfterASubset() {
        let long = String(repeating: "x", count: 60)
        XCTAssertTrue(Repair.document(Array("<a><b t=\"<![CDATA[\(long)]]>\"/></a>".utf8)).sections.isEmpty, "in an attribute value")
        XCTAssertFalse(Repair.document(Array("<a><![CDATA[\(long)]]></a>".utf8)).sections.isEmpty)
        let subset = Repair.document(Array("<!DOCTYPE a [<!-- x -->]><a><![CDATA[\(long)]]>&lt;b&gt;</a>".utf8))
        XCTAssertTrue(subset.sections.isEmpty)
        XCTAssertTrue(String(decoding: subset.bytes, as: UTF8.self).hasSuffix("<a><![CDATA[\(long)]]>&#60;b&#62;</a>"))
    }

    /// After a processing instruction libxml2 does not read as one (no target, an XML
    /// declaration past the start), nothing more is rewritten: where libxml2 resumes is its own.
    func testNothingIsRewrittenAfterABrokenInstruction() {
        XCTAssertEqual(repaired("<a>&lt;b<?> x ?>&lt;c</a>"), "<a><![CDATA[<b]]><?> x ?>&#60;c</a>")
        XCTAssertEqual(repaired("<a><?xml version=\"1.0\"?>&lt;c</a>"), "<a><?xml version=\"1.0\"?>&#60;c</a>")
        // A well-formed one stops nothing (the text right after it is not provably content, though).
        XCTAssertEqual(repaired("<?xml version=\"1.0\"?><a><?php x ?>&lt;c<b/>&lt;d</a>"),
                       "<?xml version=\"1.0\"?><a><?php x ?>&#60;c<b/><![CDATA[<d]]></a>")
    }

    /// A DOCTYPE that declares entities: its expansion goes first, and no section is made.
    func testDeclaredEntitiesTurnSectionsOff() {
        let out = repaired("<!DOCTYPE a [<!ENTITY lt2 \"x\">]><a>&lt;&lt2;</a>")
        XCTAssertFalse(out.contains("CDATA"), out)
    }
}

/// Long CDATA sections go around libxml2 (`Sections`): a processing instruction with the
/// process's nonce stands in the document for each, and the reader puts the text back.
final class SectionsTests: XCTestCase {
    private let long = String(repeating: "<p>Fish & chips</p>\n", count: 4)

    func testLongSectionsAreTakenOutAndPutBack() {
        let doc = "<a><![CDATA[\(long)]]></a>"
        let r = Repair.document(Array(doc.utf8))
        let nonce = String(decoding: Sections.nonce, as: UTF8.self)
        XCTAssertEqual(String(decoding: r.bytes, as: UTF8.self), "<a><?feedsift-text 0 \(nonce)\n\n\n\n?></a>", "a line feed for each of the text's")
        XCTAssertEqual(Array(r.sections.section(0)), Array(long.utf8))
        let escaped = String(repeating: "&lt;p&gt;Fish &amp; chips&lt;/p&gt;\n", count: 4)
        let f = parse(rss(item: "<guid>x<![CDATA[\(long)]]>y</guid><description>&lt;b&gt;\(escaped)</description>"))
        XCTAssertEqual(f.items[0].id, "x\(long)y")
        XCTAssertTrue(f.items[0].summary?.hasPrefix("<b><p>Fish &amp; chips</p>") ?? false, f.items[0].summary ?? "nil")
    }

    func testShortSectionsStay() {
        let r = Repair.document(Array("<a><![CDATA[short]]></a>".utf8))
        XCTAssertEqual(String(decoding: r.bytes, as: UTF8.self), "<a><![CDATA[short]]></a>")
        XCTAssertTrue(r.sections.isEmpty)
    }

    /// U+FFFE is no XML character: libxml2 reads such a section and says so, as before.
    func testSectionsWithNoncharactersStay() {
        let doc = "<a><![CDATA[\(long)\u{FFFE}]]></a>"
        XCTAssertTrue(Repair.document(Array(doc.utf8)).sections.isEmpty)
    }

    /// An instruction a document writes itself is not one of ours, whatever its number: ignored.
    func testForgedInstructionsAreIgnored() {
        let forged = "<?feedsift-text 0 0123456789abcdef?><?feedsift-text 0 \(String(decoding: Sections.nonce, as: UTF8.self))x?>"
        let f = parse(rss(item: "<guid>a\(forged)b</guid><description><![CDATA[\(long)]]></description>"))
        XCTAssertEqual(f.items[0].id, "ab")
    }

    /// libxml2's messages name the line of the document as written.
    func testLineNumbersAreKept() {
        func doc(_ section: String) -> String {
            "<rss version=\"2.0\"><channel>\n<item><description><![CDATA[\(section)]]></description></item>\n</channel></rss>\n<junk/>"
        }
        XCTAssertFalse(Repair.document(Array(doc(long).utf8)).sections.isEmpty)
        XCTAssertTrue(Repair.document(Array(doc("\n\n\n\n").utf8)).sections.isEmpty)
        XCTAssertEqual(parse(doc(long)).bozoMessage, "line 8: Extra content at the end of the document")
        XCTAssertEqual(parse(doc("\n\n\n\n")).bozoMessage, "line 8: Extra content at the end of the document")
    }
}

/// The rewriting as a whole: every feed at hand reads the same with and without it (`Repair`'s
/// `rewritesText`), to the byte of `parse --json`: the golden feeds always, the whole corpus where
/// `../shared/corpus` is (the fuzz target makes the same check on every input it tries).
final class RewritingTests: XCTestCase {
    private func assertSameReading(_ bytes: [UInt8], _ name: String) {
        let rewritten = try? FeedParser.parse(bytes, url: nil, contentType: nil, rewritesText: true)
        let plain = try? FeedParser.parse(bytes, url: nil, contentType: nil, rewritesText: false)
        XCTAssertEqual(rewritten?.json, plain?.json, name)
    }

    func testGoldenFeedsReadTheSame() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("golden").path)
            .filter { !$0.hasSuffix(".json") && !$0.hasSuffix(".md") && !$0.hasSuffix(".tsv") }
        XCTAssertGreaterThan(names.count, 5)
        for name in names { assertSameReading(try fixture("golden/" + name), name) }
        // And the documents these tests are about.
        assertSameReading(Array(rss(item: "<description>&lt;p&gt;\(String(repeating: "a &amp; b\r\n", count: 9))&lt;/p&gt;</description>").utf8), "escaped")
    }

    /// A broken document found by the fuzz target: with the rewriting, libxml2 recovered from its
    /// errors otherwise and read 2 items of 7. When libxml2 reports an error in a rewritten
    /// document, the document is read again as written (`FeedParser.parse`).
    func testBrokenDocumentsAreReadAsWritten() throws {
        let bytes = try fixture("broken/fuzz-recovery.xml")
        XCTAssertTrue(Repair.document(Array(Decode.document(bytes, httpCharset: nil).utf8)).rewrote)
        assertSameReading(bytes, "fuzz-recovery.xml")
        XCTAssertEqual(try FeedParser.parse(bytes).items.count, 7)
    }

    func testCorpusReadsTheSame() throws {
        guard let corpus = CorpusTests.corpus else {
            throw XCTSkip("corpus check skipped: ../shared/corpus not found (set FEEDSIFT_CORPUS to run it)")
        }
        let files = corpus.appendingPathComponent("files")
        let names = try FileManager.default.contentsOfDirectory(atPath: files.path)
        XCTAssertGreaterThan(names.count, 400)
        for name in names { assertSameReading(Array(try Data(contentsOf: files.appendingPathComponent(name))), name) }
    }
}
