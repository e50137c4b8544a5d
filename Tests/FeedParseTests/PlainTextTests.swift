import Foundation
import XCTest
@testable import FeedParse

/// Character references, HTML to plain text, white space.
///
/// Every `assertDecodes` expectation is re-checked against Python's `html.unescape` (and, for
/// `inAttribute: true`, against html5lib's tokenizer) by `scripts/check_plaintext.py`, which reads
/// them from this file; every `assertPlain` expectation against an html5lib tokenizer reading, except
/// those marked `// not HTML5:` (our documented choices). Keep each call on one line, with plain
/// string literals, so that the script can read it.
final class PlainTextTests: XCTestCase {
    func assertDecodes(_ input: String, _ expected: String, inAttribute: Bool = false,
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(PlainText.decodeEntities(input, inAttribute: inAttribute), expected, file: file, line: line)
    }

    func assertPlain(_ html: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(PlainText.fromHTML(html), expected, file: file, line: line)
    }

    // MARK: - decodeEntities: named references

    func testDecodesNamedReference() {
        assertDecodes("Caf&eacute; cr&egrave;me", "Café crème")
    }

    func testDecodesTheXMLFive() {
        assertDecodes("&lt;b&gt; &amp; &quot;x&quot; &apos;y&apos;", "<b> & \"x\" 'y'")
    }

    func testDecodesNamedReferenceOutsideLatin1() {
        assertDecodes("&hellip;&mdash;&rarr;&euro;", "…—→€")
    }

    func testDecodesReferenceToTwoCodePoints() {
        assertDecodes("&NotEqualTilde;", "\u{2242}\u{338}")
    }

    func testDecodesReferenceThatGrowsTheText() {
        assertDecodes("&nLt;&nGt;", "\u{226A}\u{20D2}\u{226B}\u{20D2}")
    }

    func testDecodesLongestName() {
        assertDecodes("&CounterClockwiseContourIntegral;", "\u{2233}")
    }

    func testNamesAreCaseSensitive() {
        assertDecodes("&AMP; &Amp; &aMp;", "& &Amp; &aMp;")
    }

    func testLegacyNameWithoutSemicolonDecodes() {
        assertDecodes("&copy 2024 &amp &lt &eacute", "© 2024 & < é")
    }

    func testNonLegacyNameWithoutSemicolonStays() {
        assertDecodes("wait&hellip and &hellip;", "wait&hellip and …")
    }

    func testLongestLegacyPrefixWins() {
        assertDecodes("&copyright &notit; &ampx", "©right ¬it; &x")
    }

    func testLongerNameWithSemicolonBeatsLegacyPrefix() {
        assertDecodes("&notin; &not;", "∉ ¬")
    }

    func testUnknownNameStays() {
        assertDecodes("&foo; &xyz &q", "&foo; &xyz &q")
    }

    func testNameLongerThanAnyStays() {
        assertDecodes("&abcdefghijklmnopqrstuvwxyzabcdefghij;", "&abcdefghijklmnopqrstuvwxyzabcdefghij;")
    }

    func testBareAmpersandsStay() {
        assertDecodes("Tom & Jerry && co &", "Tom & Jerry && co &")
    }

    func testDoubleEscapedDecodesOnce() {
        assertDecodes("&amp;amp; &amp;lt;", "&amp; &lt;")
    }

    func testNonASCIIAroundReferences() {
        assertDecodes("é&amp;😀&eacute;", "é&😀é")
    }

    func testTextWithoutAmpersandIsUnchanged() {
        assertDecodes("Plain title, nothing to do", "Plain title, nothing to do")
    }

    // MARK: - decodeEntities: numeric references

    func testDecodesDecimalReference() {
        assertDecodes("caf&#233;", "café")
    }

    func testDecodesHexReference() {
        assertDecodes("&#xE9;&#XE9;&#xe9;", "ééé")
    }

    func testDecodesAstralReference() {
        assertDecodes("&#x1F600; &#128512;", "😀 😀")
    }

    func testNumericReferenceWithoutSemicolon() {
        assertDecodes("&#233abc &#x41g", "éabc Ag")
    }

    func testLeadingZerosInNumericReference() {
        assertDecodes("&#0000065; &#x0000041;", "A A")
    }

    func testAmpersandHashWithoutDigitsStays() {
        assertDecodes("&#; &#x; &#xg; &# 1", "&#; &#x; &#xg; &# 1")
    }

    func testNumericReferenceIsNotDecodedTwice() {
        assertDecodes("&#38;amp;", "&amp;")
    }

    func testWindows1252NumericReferences() {
        assertDecodes("&#150;&#151;&#147;x&#148;&#128;&#153;", "–—“x”€™")
    }

    func testWindows1252HexReference() {
        assertDecodes("&#x96;&#x85;", "–…")
    }

    func testUndefinedWindows1252ByteStaysC1() {
        assertDecodes("&#129;&#x9D;", "\u{81}\u{9D}")
    }

    func testZeroReferenceIsReplacementCharacter() {
        assertDecodes("a&#0;b", "a\u{FFFD}b")
    }

    func testSurrogateReferenceIsReplacementCharacter() {
        assertDecodes("&#xD800;&#57343;", "\u{FFFD}\u{FFFD}")
    }

    func testOutOfRangeReferenceIsReplacementCharacter() {
        assertDecodes("&#x110000;&#1114112;", "\u{FFFD}\u{FFFD}")
    }

    func testHugeNumberIsReplacementCharacter() {
        assertDecodes("&#99999999999999999999999999;&#xFFFFFFFFFFFFFFFFFFFF;", "\u{FFFD}\u{FFFD}")
    }

    func testLargestCodePointReferenceIsNoncharacterAndDropped() {
        assertDecodes("a&#x10FFFF;b&#x10FFFD;", "ab\u{10FFFD}")
    }

    func testControlCharacterReferencesAreDropped() {
        assertDecodes("a&#1;b&#x7F;c&#11;d&#x1F;e", "abcde")
    }

    func testWhiteSpaceReferencesAreKept() {
        assertDecodes("a&#9;b&#10;c&#12;d&#13;e", "a\tb\nc\u{0C}d\re")
    }

    func testNoncharacterReferencesAreDropped() {
        assertDecodes("&#xFFFE;&#xFFFF;&#xFDD0;&#x1FFFF;x", "x")
    }

    // MARK: - decodeEntities in attribute values

    func testAttributeKeepsLegacyNameBeforeEquals() {
        assertDecodes("?a=1&copy=2&not=3", "?a=1&copy=2&not=3", inAttribute: true)
    }

    func testTextDecodesLegacyNameBeforeEquals() {
        assertDecodes("?a=1&copy=2", "?a=1©=2")
    }

    func testAttributeKeepsLegacyNameBeforeLetterOrDigit() {
        assertDecodes("&notit &copy2 &ampx", "&notit &copy2 &ampx", inAttribute: true)
    }

    func testAttributeDecodesLegacyNameBeforeOtherCharacters() {
        assertDecodes("&copy 2 &amp-x &lt/", "© 2 &-x </", inAttribute: true)
    }

    func testAttributeDecodesNamesWithSemicolon() {
        assertDecodes("?a=1&amp;copy=2&copy;=&notit;", "?a=1&copy=2©=&notit;", inAttribute: true)
    }

    func testAttributeDecodesNumericReferences() {
        assertDecodes("&#38;x=1&#x26;", "&x=1&", inAttribute: true)
    }

    // MARK: - HTMLEntities

    func testTableHasEveryName() {
        XCTAssertEqual(HTMLEntities.count, 2231)
    }

    func testLookupWithoutSemicolon() {
        XCTAssertEqual(HTMLEntities.lookup("nbsp"), "\u{A0}")
        XCTAssertEqual(HTMLEntities.lookup("amp"), "&")
    }

    func testLookupFindsNamesThatNeedTheirSemicolon() {
        XCTAssertEqual(HTMLEntities.lookup("hellip"), "…")
    }

    func testLookupAcceptsTrailingSemicolon() {
        XCTAssertEqual(HTMLEntities.lookup("eacute;"), "é")
    }

    func testLookupOfUnknownNameIsNil() {
        XCTAssertNil(HTMLEntities.lookup("nosuchname"))
        XCTAssertNil(HTMLEntities.lookup(""))
        XCTAssertNil(HTMLEntities.lookup(";"))
        XCTAssertNil(HTMLEntities.lookup(Substring(String(repeating: "a", count: 100))))
    }

    func testLookupOfTwoCodePointName() {
        XCTAssertEqual(HTMLEntities.lookup("bne"), "=\u{20E5}")
    }

    func testExactTellsLegacyNamesApart() {
        XCTAssertEqual(HTMLEntities.exact("amp"), "&")
        XCTAssertEqual(HTMLEntities.exact("hellip;"), "…")
        XCTAssertNil(HTMLEntities.exact("hellip"))
    }

    func testNameLengthLimits() {
        XCTAssertEqual(HTMLEntities.maxNameLength, 32)
        XCTAssertEqual(HTMLEntities.maxLegacyNameLength, 6)
    }

    func testOutputBoundCoversEveryName() {
        // `PlainText.maxOutput` relies on no reference writing more than one byte beyond its length.
        let table = HTMLEntities.table
        for e in table.entries {
            XCTAssertLessThanOrEqual(Int(e.valueLength), Int(e.nameLength) + 2)
        }
    }

    // MARK: - fromHTML: tags

    func testDropsTags() {
        assertPlain("<b>Bold</b> and <i>italic</i>", "Bold and italic")
    }

    func testInlineTagsDoNotBreakWords() {
        assertPlain("<b>bold</b>er <a href=\"x\">li</a>nk", "bolder link")
    }

    func testBlockTagsBreakWords() {
        assertPlain("<p>one</p><p>two</p><div>three</div><li>four</li>", "one two three four")
    }

    func testBrBreaksWords() {
        assertPlain("line<br/>next<BR>last<br />end", "line next last end")
    }

    func testEveryWordBreakingElementBreaksWords() {
        for name in PlainText.wordBreakingElements {
            XCTAssertEqual(PlainText.fromHTML("a<\(name)>b"), "a b", "\(name)")
            XCTAssertEqual(PlainText.fromHTML("a</\(name.description.uppercased())>b"), "a b", "\(name)")
        }
    }

    func testOtherElementsDoNotBreakWords() {
        for name in ["span", "a", "em", "strong", "code", "abbr", "blockquot", "blockquotes", "divx", "sup"] {
            XCTAssertEqual(PlainText.fromHTML("a<\(name)>b"), "ab", name)
        }
    }

    func testQuotedAttributeMayHoldGreaterThan() {
        assertPlain("<img alt=\"a > b\" title='c>d' src=x>caption", "caption")
    }

    func testUnquotedAttributeEndsAtGreaterThan() {
        assertPlain("<a href=x>link</a>", "link")
    }

    func testEqualsBeforeAttributeNameStartsAName() {
        assertPlain("<a =\"b>c\">d", "c\">d")
    }

    func testOpenQuoteSwallowingTheGreaterThanRunsToTheEnd() {
        assertPlain("a <a title=\"oops>text", "a")
    }

    func testTagsWhoseQuotesSwallowEveryGreaterThanRunToTheEnd() {
        let input = "a " + String(repeating: "<a x=\">\" ", count: 50_000)
        XCTAssertEqual(PlainText.fromHTML(input), "a")
    }

    func testUnterminatedTagStaysText() {
        assertPlain("if x <y then", "if x <y then") // not HTML5: EOF in a tag drops it
    }

    func testEmptyEndTagIsDropped() {
        assertPlain("a</>b", "ab")
    }

    func testEndTagOpenWithoutNameStaysText() {
        assertPlain("a </ b> c", "a </ b> c") // not HTML5: a bogus comment there
    }

    // MARK: - fromHTML: comments, scripts, declarations

    func testDropsComments() {
        assertPlain("a<!-- hidden <b>x</b> -->b", "ab")
    }

    func testDropsEmptyComments() {
        assertPlain("a<!---->b<!-->c<!--->d", "abcd")
    }

    func testCommentClosedByDashDashBang() {
        assertPlain("a<!-- x --!>b", "ab")
    }

    func testUnterminatedCommentDropsTheRest() {
        assertPlain("title <!-- never closed", "title")
    }

    func testDropsScriptContent() {
        assertPlain("a<script>if (x < 1) document.write('<p>');</script>b", "ab")
    }

    func testDropsStyleContent() {
        assertPlain("<style type=\"text/css\">p > b { color: red }</style>Text", "Text")
    }

    func testScriptEndTagIsCaseInsensitive() {
        assertPlain("<SCRIPT>x</Script >y", "y")
    }

    func testScriptEndsOnlyAtItsOwnEndTag() {
        assertPlain("<script>a</scripts>b</style>c</script>d", "d")
    }

    func testUnterminatedScriptDropsTheRest() {
        assertPlain("a<script>b c", "a")
    }

    func testDropsDoctypeAndProcessingInstructions() {
        assertPlain("<!DOCTYPE html><?xml version=\"1.0\"?>Hi", "Hi")
    }

    func testCDATAContentIsKeptUndecoded() {
        assertPlain("<![CDATA[a < b &amp; c]]> d", "a < b &amp; c d") // not HTML5: a bogus comment there
    }

    // MARK: - fromHTML: text

    func testDecodesReferences() {
        assertPlain("Caf&eacute; &amp; bar &#8211; &#150;", "Café & bar – –")
    }

    func testEscapedMarkupStaysText() {
        assertPlain("&lt;b&gt;not a tag&lt;/b&gt;", "<b>not a tag</b>")
    }

    func testLessThanThatStartsNoTagIsKept() {
        assertPlain("a < b, I <3 feeds, 1<2", "a < b, I <3 feeds, 1<2")
    }

    func testLoneMarkupCharactersAtTheEnd() {
        assertPlain("x <", "x <")
    }

    func testCollapsesWhiteSpace() {
        assertPlain("  <p>\n  a \n\t b  </p>  ", "a b")
    }

    func testReferencesToWhiteSpaceCollapse() {
        assertPlain("a&#10;&#10;b&Tab;c&NewLine; ", "a b c")
    }

    func testKeepsNonBreakingSpaces() {
        assertPlain("a&nbsp;&nbsp;b&nbsp; <b>c</b>", "a\u{A0}\u{A0}b\u{A0} c")
    }

    func testPlainTextIsOnlyCollapsed() {
        assertPlain(" Just  a\ttitle ", "Just a title")
    }

    func testEmptyString() {
        assertPlain("", "")
    }

    func testOnlyMarkupGivesEmptyString() {
        assertPlain("<br/><p></p> <!-- x -->", "")
    }

    func testNonASCIIText() {
        assertPlain("<p>日本語 <b>テキスト</b> 😀</p>", "日本語 テキスト 😀")
    }

    func testManyUnterminatedTagsStayText() {
        let input = String(repeating: "<a x=\"", count: 20_000)
        XCTAssertEqual(PlainText.fromHTML(input), input)
    }

    func testManyUnterminatedTagsWithoutQuotesStayText() {
        let input = String(repeating: "<a ", count: 50_000)
        XCTAssertEqual(PlainText.fromHTML(input), String(input.dropLast()))
    }

    func testManyTagOpeningsWithoutSpacesStayText() {
        let input = String(repeating: "<a", count: 50_000)
        XCTAssertEqual(PlainText.fromHTML(input), input)
    }

    func testManyEndTagOpeningsStayText() {
        let input = String(repeating: "</a", count: 50_000)
        XCTAssertEqual(PlainText.fromHTML(input), input)
    }

    // MARK: - collapseWhitespace

    func testCollapseWhitespaceTrimsAndCollapses() {
        XCTAssertEqual(PlainText.collapseWhitespace(" a \t\n b \r\n\u{0C}"), "a b")
    }

    func testCollapseWhitespaceKeepsCleanText() {
        XCTAssertEqual(PlainText.collapseWhitespace("a b c"), "a b c")
    }

    func testCollapseWhitespaceLeavesMarkupAlone() {
        XCTAssertEqual(PlainText.collapseWhitespace("a  <b> &amp;"), "a <b> &amp;")
    }

    func testCollapseWhitespaceKeepsNonBreakingSpace() {
        XCTAssertEqual(PlainText.collapseWhitespace("\u{A0}a \u{A0} b\u{A0}"), "\u{A0}a \u{A0} b\u{A0}")
    }

    func testCollapseWhitespaceOfOnlySpaces() {
        XCTAssertEqual(PlainText.collapseWhitespace(" \n\t "), "")
    }

    func testCollapseWhitespaceOfEmptyString() {
        XCTAssertEqual(PlainText.collapseWhitespace(""), "")
    }

    // MARK: - looksLikeHTML

    func testLooksLikeHTMLForTags() {
        XCTAssertTrue(PlainText.looksLikeHTML("a <b>x</b>"))
        XCTAssertTrue(PlainText.looksLikeHTML("x</p>"))
        XCTAssertTrue(PlainText.looksLikeHTML("<!-- c -->"))
    }

    func testLooksLikeHTMLForReferences() {
        XCTAssertTrue(PlainText.looksLikeHTML("AT&amp;T"))
        XCTAssertTrue(PlainText.looksLikeHTML("&#38;"))
    }

    func testLooksLikeHTMLFalseForPlainText() {
        XCTAssertFalse(PlainText.looksLikeHTML("AT & T <3 a < b && c"))
    }

    func testLooksLikeHTMLFalseForMarkupCharactersAtTheEnd() {
        XCTAssertFalse(PlainText.looksLikeHTML("a <"))
        XCTAssertFalse(PlainText.looksLikeHTML("a &"))
        XCTAssertFalse(PlainText.looksLikeHTML(""))
    }

    // MARK: - Robustness

    func testOddInputsDoNotTrap() {
        let inputs = ["<", "&", "&#", "&#x", "<!", "<!-", "<!--", "<![CDATA[", "<?", "</", "<a", "<a x=", "<a x='",
                      "<script", "<script>", "<script></script", "&#99999999999999999999", "\u{0}", "\u{FFFD}<\u{FFFD}>"]
        for s in inputs {
            _ = PlainText.fromHTML(s)
            _ = PlainText.decodeEntities(s)
            _ = PlainText.decodeEntities(s, inAttribute: true)
            _ = PlainText.collapseWhitespace(s)
            _ = PlainText.looksLikeHTML(s)
        }
    }
}

/// Runs of text are found eight bytes at a time (`PlainText.endOfRun`): random texts of words,
/// white space, punctuation, non-ASCII, references and tags, across the eight-byte blocks, must
/// read as the rules say, which for these pieces are: white space (and a block tag) collapsed to
/// one space, the ends trimmed, inline tags dropped, `&amp;` decoded, a lone `<` or `&` kept.
final class PlainTextRunTests: XCTestCase {
    func testRandomTextsReadAsTheRulesSay() {
        let pieces = ["word", "Wörd", "é", "x", "12", ",", ".", ":", ";", "=", "\"", " ", "  ", "\t", "\n", " \r\n ", "\u{0C}",
                      "<b>", "</b>", "<p>", "&amp;", " < ", " & ", "\u{A0}", "—", "東京"]
        var state: UInt64 = 11
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        /// HTML's white space (space, tab, LF, FF, CR) collapsed to one space, the ends trimmed.
        func collapsed(_ s: String) -> String {
            let space: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r", "\u{0C}"]
            var out = String.UnicodeScalarView()
            var pending = false
            for u in s.unicodeScalars {
                if space.contains(u) { pending = !out.isEmpty; continue }
                if pending { out.append(" ") }
                pending = false
                out.append(u)
            }
            return String(out)
        }
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<(next() % 40) { text += pieces[next() % pieces.count] }
            let expected = collapsed(text.replacingOccurrences(of: "<p>", with: " ").replacingOccurrences(of: "<b>", with: "")
                .replacingOccurrences(of: "</b>", with: "").replacingOccurrences(of: "&amp;", with: "&"))
            XCTAssertEqual(PlainText.fromHTML(text), expected, text.debugDescription)
            let plain = text.replacingOccurrences(of: "<", with: "(").replacingOccurrences(of: "&", with: "+")
            XCTAssertEqual(PlainText.collapseWhitespace(plain), collapsed(plain), plain.debugDescription)
        }
    }
}

/// `trimmingWhitespace` (which takes a shortcut when both ends are visible ASCII): random texts
/// of white space (ASCII and not), marks that join a space, controls and letters must trim as
/// trimming whole Characters by `Character.isWhitespace` does.
final class TrimmingTests: XCTestCase {
    func testTrimmingAgreesWithCharacters() {
        let pieces = [" ", "\n", "\r\n", "\t", "\u{0B}", "\u{0C}", "\u{1F}", "\u{A0}", "\u{2028}", "\u{3000}", "\u{301}", "\u{200D}",
                      "x", "é", "東", "<p>", "\u{7F}"]
        var state: UInt64 = 5
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        func reference(_ s: String) -> String {
            guard let first = s.firstIndex(where: { !$0.isWhitespace }), let last = s.lastIndex(where: { !$0.isWhitespace }) else { return "" }
            return String(s[first...last])
        }
        for _ in 0..<5000 {
            var text = ""
            for _ in 0..<(next() % 8) { text += pieces[next() % pieces.count] }
            XCTAssertEqual(text.trimmingWhitespace, reference(text), text.debugDescription)
            XCTAssertEqual(text.dropFirst().trimmingWhitespace, reference(String(text.dropFirst())), text.debugDescription)
        }
    }

    /// `endOfRun` and `collapseWhitespace` read sixteen bytes at a time: checked against the rule
    /// read a byte at a time (the code they replaced), on random texts of white space, markup
    /// bytes and letters, every stop falling at every place of a block and at its edge.
    func testRunsReadInBlocksEndWhereTheyEndByteByByte() {
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C }
        func isOrdinary(_ c: UInt8) -> Bool { !(c == 0x3C || c == 0x26 || isSpace(c)) }
        func referenceEnd(_ b: [UInt8], _ j: Int, _ plainText: Bool) -> Int {
            var j = j
            while j < b.count {
                let d = b[j]
                if isSpace(d) {
                    if d == 0x20, j + 1 < b.count, plainText ? !isSpace(b[j + 1]) : isOrdinary(b[j + 1]) { j += 2; continue }
                    return j
                }
                if !plainText && (d == 0x3C || d == 0x26) { return j }
                j += 1
            }
            return b.count
        }
        func referenceCollapse(_ b: [UInt8]) -> String {
            String(decoding: b, as: UTF8.self).split(whereSeparator: { $0.unicodeScalars.allSatisfy { $0.isASCII && isSpace(UInt8($0.value)) } })
                .joined(separator: " ")
        }
        let alphabet: [UInt8] = [0x61, 0x62, 0x61, 0x62, 0x61, 0x20, 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x3C, 0x26, 0x3E, 0x7A, 0xC3, 0xA9]
        // Seeded (SplitMix64), so that a failure comes back the same.
        struct Seeded: RandomNumberGenerator {
            var state: UInt64 = 2026_11_30
            mutating func next() -> UInt64 {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return z ^ (z >> 31)
            }
        }
        var rng = Seeded()
        for round in 0..<3000 {
            // Mostly letters, with a few stops: long runs, so that blocks pass and then stop.
            let count = Int.random(in: 0...70, using: &rng)
            let rare = round % 3 == 0
            let b: [UInt8] = (0..<count).map { _ in
                rare && Int.random(in: 0..<8, using: &rng) > 0 ? 0x61 : alphabet.randomElement(using: &rng)!
            }
            let text = String(decoding: b, as: UTF8.self)
            let bytes = Array(text.utf8)  // the é pairs kept whole, broken ones made U+FFFD
            bytes.withUnsafeBufferPointer { p in
                for j in 0...bytes.count {
                    for plainText in [false, true] {
                        XCTAssertEqual(PlainText.endOfRun(p, from: j, plainText: plainText), referenceEnd(bytes, j, plainText),
                                       "\(bytes) from \(j) plainText \(plainText)")
                    }
                }
            }
            XCTAssertEqual(PlainText.collapseWhitespace(text), referenceCollapse(bytes), "\(bytes)")
        }
    }
}
