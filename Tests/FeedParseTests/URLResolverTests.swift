import XCTest
@testable import FeedParse

/// URL reference resolution. The RFC 3986 §5.4 examples are copied from the RFC's text (base
/// `http://a/b/c/d;p?q`), one test each; the other expectations follow from §5.2 step by step, or
/// from the cleaning that browsers do (WHATWG URL parser) as documented on `URLResolver`.
final class URLResolverTests: XCTestCase {
    let base = "http://a/b/c/d;p?q"

    // MARK: RFC 3986 §5.4.1 normal examples (base http://a/b/c/d;p?q)

    func testRFCNormal_gColonh() {
        XCTAssertEqual(URLResolver.resolve("g:h", against: base), "g:h")
    }

    func testRFCNormal_g() {
        XCTAssertEqual(URLResolver.resolve("g", against: base), "http://a/b/c/g")
    }

    func testRFCNormal_DotSlashg() {
        XCTAssertEqual(URLResolver.resolve("./g", against: base), "http://a/b/c/g")
    }

    func testRFCNormal_gSlash() {
        XCTAssertEqual(URLResolver.resolve("g/", against: base), "http://a/b/c/g/")
    }

    func testRFCNormal_Slashg() {
        XCTAssertEqual(URLResolver.resolve("/g", against: base), "http://a/g")
    }

    func testRFCNormal_SlashSlashg() {
        XCTAssertEqual(URLResolver.resolve("//g", against: base), "http://g")
    }

    func testRFCNormal_Queryy() {
        XCTAssertEqual(URLResolver.resolve("?y", against: base), "http://a/b/c/d;p?y")
    }

    func testRFCNormal_gQueryy() {
        XCTAssertEqual(URLResolver.resolve("g?y", against: base), "http://a/b/c/g?y")
    }

    func testRFCNormal_Hashs() {
        XCTAssertEqual(URLResolver.resolve("#s", against: base), "http://a/b/c/d;p?q#s")
    }

    func testRFCNormal_gHashs() {
        XCTAssertEqual(URLResolver.resolve("g#s", against: base), "http://a/b/c/g#s")
    }

    func testRFCNormal_gQueryyHashs() {
        XCTAssertEqual(URLResolver.resolve("g?y#s", against: base), "http://a/b/c/g?y#s")
    }

    func testRFCNormal_Semix() {
        XCTAssertEqual(URLResolver.resolve(";x", against: base), "http://a/b/c/;x")
    }

    func testRFCNormal_gSemix() {
        XCTAssertEqual(URLResolver.resolve("g;x", against: base), "http://a/b/c/g;x")
    }

    func testRFCNormal_gSemixQueryyHashs() {
        XCTAssertEqual(URLResolver.resolve("g;x?y#s", against: base), "http://a/b/c/g;x?y#s")
    }

    func testRFCNormal_Empty() {
        XCTAssertEqual(URLResolver.resolve("", against: base), "http://a/b/c/d;p?q")
    }

    func testRFCNormal_Dot() {
        XCTAssertEqual(URLResolver.resolve(".", against: base), "http://a/b/c/")
    }

    func testRFCNormal_DotSlash() {
        XCTAssertEqual(URLResolver.resolve("./", against: base), "http://a/b/c/")
    }

    func testRFCNormal_DotDot() {
        XCTAssertEqual(URLResolver.resolve("..", against: base), "http://a/b/")
    }

    func testRFCNormal_DotDotSlash() {
        XCTAssertEqual(URLResolver.resolve("../", against: base), "http://a/b/")
    }

    func testRFCNormal_DotDotSlashg() {
        XCTAssertEqual(URLResolver.resolve("../g", against: base), "http://a/b/g")
    }

    func testRFCNormal_DotDotSlashDotDot() {
        XCTAssertEqual(URLResolver.resolve("../..", against: base), "http://a/")
    }

    func testRFCNormal_DotDotSlashDotDotSlash() {
        XCTAssertEqual(URLResolver.resolve("../../", against: base), "http://a/")
    }

    func testRFCNormal_DotDotSlashDotDotSlashg() {
        XCTAssertEqual(URLResolver.resolve("../../g", against: base), "http://a/g")
    }

    // MARK: RFC 3986 §5.4.2 abnormal examples (base http://a/b/c/d;p?q)

    func testRFCAbnormal_DotDotSlashDotDotSlashDotDotSlashg() {
        XCTAssertEqual(URLResolver.resolve("../../../g", against: base), "http://a/g")
    }

    func testRFCAbnormal_DotDotSlashDotDotSlashDotDotSlashDotDotSlashg() {
        XCTAssertEqual(URLResolver.resolve("../../../../g", against: base), "http://a/g")
    }

    func testRFCAbnormal_SlashDotSlashg() {
        XCTAssertEqual(URLResolver.resolve("/./g", against: base), "http://a/g")
    }

    func testRFCAbnormal_SlashDotDotSlashg() {
        XCTAssertEqual(URLResolver.resolve("/../g", against: base), "http://a/g")
    }

    func testRFCAbnormal_gDot() {
        XCTAssertEqual(URLResolver.resolve("g.", against: base), "http://a/b/c/g.")
    }

    func testRFCAbnormal_Dotg() {
        XCTAssertEqual(URLResolver.resolve(".g", against: base), "http://a/b/c/.g")
    }

    func testRFCAbnormal_gDotDot() {
        XCTAssertEqual(URLResolver.resolve("g..", against: base), "http://a/b/c/g..")
    }

    func testRFCAbnormal_DotDotg() {
        XCTAssertEqual(URLResolver.resolve("..g", against: base), "http://a/b/c/..g")
    }

    func testRFCAbnormal_DotSlashDotDotSlashg() {
        XCTAssertEqual(URLResolver.resolve("./../g", against: base), "http://a/b/g")
    }

    func testRFCAbnormal_DotSlashgSlashDot() {
        XCTAssertEqual(URLResolver.resolve("./g/.", against: base), "http://a/b/c/g/")
    }

    func testRFCAbnormal_gSlashDotSlashh() {
        XCTAssertEqual(URLResolver.resolve("g/./h", against: base), "http://a/b/c/g/h")
    }

    func testRFCAbnormal_gSlashDotDotSlashh() {
        XCTAssertEqual(URLResolver.resolve("g/../h", against: base), "http://a/b/c/h")
    }

    func testRFCAbnormal_gSemixEq1SlashDotSlashy() {
        XCTAssertEqual(URLResolver.resolve("g;x=1/./y", against: base), "http://a/b/c/g;x=1/y")
    }

    func testRFCAbnormal_gSemixEq1SlashDotDotSlashy() {
        XCTAssertEqual(URLResolver.resolve("g;x=1/../y", against: base), "http://a/b/c/y")
    }

    func testRFCAbnormal_gQueryySlashDotSlashx() {
        XCTAssertEqual(URLResolver.resolve("g?y/./x", against: base), "http://a/b/c/g?y/./x")
    }

    func testRFCAbnormal_gQueryySlashDotDotSlashx() {
        XCTAssertEqual(URLResolver.resolve("g?y/../x", against: base), "http://a/b/c/g?y/../x")
    }

    func testRFCAbnormal_gHashsSlashDotSlashx() {
        XCTAssertEqual(URLResolver.resolve("g#s/./x", against: base), "http://a/b/c/g#s/./x")
    }

    func testRFCAbnormal_gHashsSlashDotDotSlashx() {
        XCTAssertEqual(URLResolver.resolve("g#s/../x", against: base), "http://a/b/c/g#s/../x")
    }

    func testRFCAbnormal_httpColong() {
        // The RFC allows "http://a/b/c/g" for backward compatibility; we are a strict parser.
        XCTAssertEqual(URLResolver.resolve("http:g", against: base), "http:g")
    }

    // MARK: §5.2.4 remove_dot_segments, the RFC's two worked examples

    func testRemoveDotSegmentsFirstWorkedExample() {
        XCTAssertEqual(Array(URLResolver.removeDotSegments(Array("/a/b/c/./../../g".utf8)[...])), Array("/a/g".utf8))
    }

    func testRemoveDotSegmentsSecondWorkedExample() {
        XCTAssertEqual(Array(URLResolver.removeDotSegments(Array("mid/content=5/../6".utf8)[...])), Array("mid/6".utf8))
    }

    // MARK: When nothing is resolved

    func testNilBaseReturnsReference() {
        XCTAssertEqual(URLResolver.resolve("../g", against: nil), "../g")
    }

    func testEmptyBaseReturnsReference() {
        XCTAssertEqual(URLResolver.resolve("g", against: ""), "g")
    }

    func testRelativeBaseReturnsReference() {
        XCTAssertEqual(URLResolver.resolve("g", against: "/b/c/d"), "g")
    }

    func testAbsoluteReferenceIsReturnedUnchanged() {
        XCTAssertEqual(URLResolver.resolve("https://example.org/x/../y?q#f", against: base), "https://example.org/x/../y?q#f")
    }

    func testMailtoReferenceIsAbsolute() {
        XCTAssertEqual(URLResolver.resolve("mailto:someone@example.org", against: base), "mailto:someone@example.org")
    }

    // MARK: Cleaning

    func testSurroundingWhiteSpaceIsTrimmed() {
        XCTAssertEqual(URLResolver.resolve("  \n\tg \r\n", against: base), "http://a/b/c/g")
    }

    func testSurroundingWhiteSpaceIsTrimmedWithoutBase() {
        XCTAssertEqual(URLResolver.resolve("  http://x/  ", against: nil), "http://x/")
    }

    func testNewlinesInsideAreRemoved() {
        XCTAssertEqual(URLResolver.resolve("http://example.org/a-very-\n  long/path", against: nil), "http://example.org/a-very-  long/path")
    }

    /// An absolute reference is returned as it is only when cleaning would not change it (the
    /// fast path of `resolve`): a tab, CR or LF inside, or a control or space at an end, is cleaned.
    func testAbsoluteReferencesAreCleanedWhereTheyNeedIt() {
        XCTAssertEqual(URLResolver.resolve("http://x/a\tb", against: base), "http://x/ab")
        XCTAssertEqual(URLResolver.resolve("http://x/a\rb", against: nil), "http://x/ab")
        XCTAssertEqual(URLResolver.resolve("http://x/\u{1}", against: base), "http://x/")
        XCTAssertEqual(URLResolver.resolve("\u{7F}http://x/", against: base), "http://a/b/c/\u{7F}http://x/")  // DEL is no control here
        XCTAssertEqual(URLResolver.resolve("h:", against: base), "h:")
        XCTAssertEqual(URLResolver.resolve("1http://x/", against: base), "http://a/b/c/1http://x/")
    }

    func testBaseIsCleanedToo() {
        XCTAssertEqual(URLResolver.resolve("g", against: "  http://a/b/c/d;p?q\n"), "http://a/b/c/g")
    }

    func testSpacesAndPipesAreCarriedThrough() {
        XCTAssertEqual(URLResolver.resolve("my image|1.png", against: "http://x.org/photos/"), "http://x.org/photos/my image|1.png")
    }

    func testNonASCIIIsCarriedThrough() {
        XCTAssertEqual(URLResolver.resolve("caf\u{E9}/../th\u{E9}.html", against: "http://x.org/a/"), "http://x.org/a/th\u{E9}.html")
    }

    // MARK: Other resolutions (§5.2.2, §5.2.3)

    func testProtocolRelativeReferenceTakesBaseScheme() {
        XCTAssertEqual(URLResolver.resolve("//cdn.example.org/img.png", against: "https://example.org/feed"), "https://cdn.example.org/img.png")
    }

    func testProtocolRelativeReferenceRemovesDotSegments() {
        XCTAssertEqual(URLResolver.resolve("//h/a/./b/../c", against: base), "http://h/a/c")
    }

    func testBaseWithAuthorityAndEmptyPathMergesWithSlash() {
        XCTAssertEqual(URLResolver.resolve("g", against: "http://a"), "http://a/g")
    }

    func testQueryOnlyReferenceKeepsBasePath() {
        XCTAssertEqual(URLResolver.resolve("?page=2", against: "http://a/feed.xml?page=1#top"), "http://a/feed.xml?page=2")
    }

    func testFragmentOnlyReferenceKeepsBaseQuery() {
        XCTAssertEqual(URLResolver.resolve("#c", against: "http://a/b?q#old"), "http://a/b?q#c")
    }

    func testEmptyReferenceIsBaseWithoutFragment() {
        XCTAssertEqual(URLResolver.resolve("", against: "http://a/b?q#f"), "http://a/b?q")
    }

    func testWhiteSpaceOnlyReferenceIsBaseWithoutFragment() {
        XCTAssertEqual(URLResolver.resolve("   ", against: "http://a/b?q#f"), "http://a/b?q")
    }

    func testEmptyQueryIsKept() {
        XCTAssertEqual(URLResolver.resolve("g?", against: base), "http://a/b/c/g?")
    }

    func testEmptyFragmentIsKept() {
        XCTAssertEqual(URLResolver.resolve("g#", against: base), "http://a/b/c/g#")
    }

    func testEmptySegmentsAreKept() {
        XCTAssertEqual(URLResolver.resolve("g//h", against: base), "http://a/b/c/g//h")
    }

    func testInvalidSchemeIsRelativePath() {
        XCTAssertEqual(URLResolver.resolve("1:x", against: base), "http://a/b/c/1:x")
    }

    func testBaseWithUserinfoAndPort() {
        XCTAssertEqual(URLResolver.resolve("../x", against: "http://u@h:8080/p/q/r"), "http://u@h:8080/p/x")
    }

    func testBaseWithoutAuthority() {
        XCTAssertEqual(URLResolver.resolve("../x", against: "urn:a/b/c"), "urn:a/x")
    }

    // MARK: scheme and isAbsolute

    func testSchemeIsLowerCased() {
        XCTAssertEqual(URLResolver.scheme("HTTP://example.org"), "http")
    }

    func testSchemeWithDigitsPlusDotMinus() {
        XCTAssertEqual(URLResolver.scheme("svn+ssh.v-2:rest"), "svn+ssh.v-2")
    }

    func testSchemeIgnoresLeadingWhiteSpaceAndControls() {
        XCTAssertEqual(URLResolver.scheme("\u{0}\u{1F} \t javascript:alert(1)"), "javascript")
    }

    func testSchemeIgnoresEmbeddedTabsAndNewlines() {
        XCTAssertEqual(URLResolver.scheme("java\tscr\nipt\r:alert(1)"), "javascript")
    }

    func testSchemeOfRelativeReferenceIsNil() {
        XCTAssertNil(URLResolver.scheme("/path/with:colon"))
    }

    func testSchemeMustStartWithALetter() {
        XCTAssertNil(URLResolver.scheme("1http://x"))
    }

    func testSchemeMustNotBeEmpty() {
        XCTAssertNil(URLResolver.scheme("://x"))
    }

    func testSchemeStopsAtInvalidCharacter() {
        XCTAssertNil(URLResolver.scheme("java script:alert(1)"))
    }

    func testSchemeOfEmptyStringIsNil() {
        XCTAssertNil(URLResolver.scheme(""))
    }

    func testIsAbsoluteForHTTP() {
        XCTAssertTrue(URLResolver.isAbsolute("http://a/b"))
    }

    func testIsAbsoluteForMailto() {
        XCTAssertTrue(URLResolver.isAbsolute("mailto:x@y"))
    }

    func testIsAbsoluteFalseForProtocolRelative() {
        XCTAssertFalse(URLResolver.isAbsolute("//a/b"))
    }

    func testIsAbsoluteFalseForPath() {
        XCTAssertFalse(URLResolver.isAbsolute("b/c:d"))
    }

    // MARK: Robustness

    func testManyDotDotSegmentsStopAtRoot() {
        let reference = String(repeating: "../", count: 10_000) + "g"
        XCTAssertEqual(URLResolver.resolve(reference, against: base), "http://a/g")
    }

    func testOddInputsDoNotTrap() {
        for s in ["", ":", "//", "?", "#", "/..", "..", ".", "%", "\u{0}", "a:", "//@:/?#", "http:", "http:/", "\u{FFFD}"] {
            _ = URLResolver.resolve(s, against: base)
            _ = URLResolver.resolve("g", against: s)
            _ = URLResolver.resolve(s, against: s)
            _ = URLResolver.scheme(s)
        }
    }
}
