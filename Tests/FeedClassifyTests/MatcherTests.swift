@testable import FeedClassify
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Rules against text, matched the way a reader reads it.
final class MatcherTests: XCTestCase {
    func matches(_ rule: String, title: String = "", text: String = "", category: String = "", author: String = "") throws -> Bool {
        try Matcher.evaluate(RuleParser.parse(rule), Document(title: title, text: text, author: author, category: category)).matches
    }

    func testCapitalsTermMatchesWithApostrophesAndHyphens() throws {
        XCTAssertTrue(try matches("ICE", title: "ICE's new policy"))
        XCTAssertTrue(try matches("ICE", title: "An anti-ICE protest"))
        XCTAssertTrue(try matches("ICE", title: "ICE-led raids"))
    }

    func testCapitalsTermIsNotInsideOtherWords() throws {
        XCTAssertFalse(try matches("ICE", title: "An iceberg ahead"))
        XCTAssertFalse(try matches("ICE", title: "Police said"))
    }

    func testCapitalsTermDoesNotMatchLowercase() throws {
        XCTAssertFalse(try matches("ICE", title: "Thin ice on the lake"))
        XCTAssertFalse(try matches("ICE", title: "Ice cream prices"))
    }

    func testCapitalsSayNothingInAShoutingHeadline() throws {
        XCTAssertFalse(try matches("ICE", title: "ICE STORM CLOSES SCHOOLS"))
        XCTAssertTrue(try matches("ICE", title: "ICE STORM CLOSES SCHOOLS", text: "ICE agents were not involved."))
    }

    func testOrdinaryTermIgnoresCaseAndAccents() throws {
        XCTAssertTrue(try matches("asylum", title: "ASYLUM seekers"))
        XCTAssertTrue(try matches("inmigracion", title: "La inmigración en EE.UU."))
        XCTAssertTrue(try matches("inmigración", title: "inmigracion"))
    }

    func testPrefix() throws {
        XCTAssertTrue(try matches("deport*", title: "Deportations rise"))
        XCTAssertFalse(try matches("deport*", title: "Report says"))
    }

    func testPhraseNeedsAdjacentWordsInOrder() throws {
        XCTAssertTrue(try matches("\"border patrol\"", text: "the Border Patrol said"))
        XCTAssertFalse(try matches("\"border patrol\"", text: "patrol of the border"))
        XCTAssertTrue(try matches("\"sanctuary cit*\"", text: "sanctuary cities like Denver"))
    }

    func testNEARInEitherOrder() throws {
        XCTAssertTrue(try matches("raid* NEAR/3 ICE", text: "ICE agents conducted raids"))
        XCTAssertTrue(try matches("raid* NEAR/3 ICE", text: "raids by ICE"))
        XCTAssertFalse(try matches("raid* NEAR/1 ICE", text: "ICE agents conducted overnight raids"))
    }

    func testNEARWithItselfNeedsTwoMentions() throws {
        XCTAssertFalse(try matches("immigra* NEAR/20 immigra*", text: "The debate touched on immigration once."))
        XCTAssertTrue(try matches("immigra* NEAR/20 immigra*", text: "Immigration reform stalled; immigrants wait."))
    }

    func testNOTExcludes() throws {
        XCTAssertFalse(try matches("ice AND NOT hockey", title: "ice hockey final"))
        XCTAssertTrue(try matches("ice AND NOT hockey", title: "ice on roads"))
    }

    func testFieldRestrictsWhereATermLooks() throws {
        XCTAssertFalse(try matches("title:asylum", text: "asylum"))
        XCTAssertTrue(try matches("title:asylum", title: "Asylum"))
        XCTAssertTrue(try matches("author:(smith OR jones)", author: "Ann Jones"))
    }

    func testTermsLookInTitleTextAndCategoriesButNotAuthor() throws {
        XCTAssertTrue(try matches("immigration", category: "Immigration"))
        XCTAssertFalse(try matches("immigration", author: "Immigration Desk"))
    }

    /// Accents written as marks after their letter fold as the letters that hold them do; the
    /// invisible characters inside words (soft hyphens, joiners) are no break; letters whose
    /// accent is part of their shape fold to the letters readers type for them.
    func testAccentsApartSoftHyphensAndStrokedLettersFold() throws {
        XCTAssertTrue(try matches("cafe", title: "Le cafe\u{301} ferme"))
        XCTAssertTrue(try matches("café", title: "Le cafe\u{301} ferme"))
        XCTAssertTrue(try matches("cafe\u{301}", title: "Le café ferme"))
        XCTAssertTrue(try matches("\"cafe ferme\"", title: "Le cafe\u{301} ferme"))
        XCTAssertTrue(try matches("immigration", title: "Immi\u{AD}gration policy"))
        XCTAssertTrue(try matches("immigration", title: "Immi\u{200C}gra\u{2060}tion policy"))
        XCTAssertFalse(try matches("immi", title: "Immi\u{AD}gration policy"), "one word, not two")
        // A hit is shown as a reader sees it, and counted once with the word written plainly.
        XCTAssertEqual(Matcher.evaluate(try RuleParser.parse("saturday"), Document(title: "Satur\u{AD}day and Saturday")).hits,
                       [Hit(field: .title, text: "Saturday")])
        XCTAssertEqual(Matcher.evaluate(try RuleParser.parse("saturday"), Document(title: "Satur\u{AD}day")).hits,
                       [Hit(field: .title, text: "Saturday")])
        XCTAssertTrue(try matches("lodz", title: "Protest in Łódź"))
        XCTAssertTrue(try matches("Łódź", title: "Protest in Lodz"))
        XCTAssertTrue(try matches("oresund", title: "Øresund bridge"))
        XCTAssertTrue(try matches("oresund", title: "\u{1FE}resund bridge"), "Ǿ: Ø and an acute")
        XCTAssertTrue(try matches("oresund", title: "\u{D8}\u{301}resund bridge"))
        XCTAssertTrue(try matches("oeuvre", text: "son œuvre"))
        XCTAssertTrue(try matches("istanbul", text: "İstanbul ve ıstakoz"))
        XCTAssertTrue(try matches("istakoz", text: "İstanbul ve ıstakoz"))
        // Marks that tell words apart in their script are kept: Hindi's anusvara.
        XCTAssertFalse(try matches("हिदी", text: "हिंदी"))
    }

    /// An item's categories, and its summary and content, are parts of one field each: a phrase
    /// does not run from one into the next, and a list of tags in capitals is no shouting.
    func testPartsOfAFieldAreKeptApart() throws {
        func item(_ rule: String, texts: [String] = [], categories: [String] = []) throws -> (matches: Bool, hits: [Hit]) {
            Matcher.evaluate(try RuleParser.parse(rule), Document(title: "", texts: texts, author: "", categories: categories, feed: "", link: ""))
        }
        XCTAssertFalse(try item("\"border patrol\"", categories: ["border", "patrol"]).matches)
        XCTAssertTrue(try item("\"border patrol\"", categories: ["news", "border patrol"]).matches)
        XCTAssertFalse(try item("\"border patrol\"", texts: ["Boats reached the border", "Patrol boats left"]).matches)
        XCTAssertFalse(try item("border NEAR/0 patrol", texts: ["Boats reached the border", "Patrol boats left"]).matches)
        XCTAssertTrue(try item("border NEAR/1 patrol", texts: ["Boats reached the border", "Patrol boats left"]).matches,
                      "the parts' gap counts one word")
        XCTAssertTrue(try item("\"border patrol\"", texts: ["The border patrol", "Patrol boats left"]).matches)
        XCTAssertEqual(try item("ICE OR CBP", categories: ["ICE", "DHS", "CBP"]).hits, [Hit(field: .category, text: "ICE"), Hit(field: .category, text: "CBP")])
        XCTAssertTrue(try item("ICE", categories: ["ICE; DHS"]).matches, "one tag written in capitals")
        XCTAssertFalse(try item("ICE", texts: ["ICE STORM CLOSES SCHOOLS", "SNOW AND ICE"]).matches, "a shouting text still shouts")
        XCTAssertTrue(try item("patrol", texts: ["", "", "Patrol boats"]).matches)
        // A regex reads the parts joined by line feeds, which `.` does not cross.
        XCTAssertFalse(try item("/r.*b/", categories: ["border", "boats"]).matches)
        XCTAssertEqual(try item("/border\\nboats/", categories: ["border", "boats"]).hits, [Hit(field: .category, text: "border\nboats")])
    }

    func testRegexIsCaseSensitiveUnlessI() throws {
        XCTAssertTrue(try matches("/H-?1B/", text: "the H1B visa"))
        XCTAssertFalse(try matches("/H-?1B/", text: "the h1b visa"))
        XCTAssertTrue(try matches("/H-?1B/i", text: "the h-1b visa"))
    }

    func testHitsNameTheFieldAndTheWordsAsWritten() throws {
        let result = Matcher.evaluate(try RuleParser.parse("ICE OR \"sanctuary cit*\""),
                                      Document(title: "ICE targets Sanctuary Cities"))
        XCTAssertEqual(result.hits, [Hit(field: .title, text: "ICE"), Hit(field: .title, text: "Sanctuary Cities")])
    }

    func testNoHitsFromUnderNOT() throws {
        let result = Matcher.evaluate(try RuleParser.parse("asylum NOT hockey"), Document(title: "asylum"))
        XCTAssertEqual(result.hits, [Hit(field: .title, text: "asylum")])
    }
}

/// One index for many topics finds the same as each rule alone.
final class TermIndexTests: XCTestCase {
    func testSharedIndexGivesTheSameVerdictsAsEachRuleAlone() throws {
        let rules = try ["ICE OR deport*", "\"sanctuary cit*\" NEAR/5 raid*", "title:(asylum OR refugee*) NOT hockey", "cit*"]
            .map { try RuleParser.parse($0) }
        let index = TermIndex(rules: rules)
        let docs = [Document(title: "ICE raids in sanctuary cities", text: "Deportations rose in the city."),
                    Document(title: "Asylum claims", text: "Refugees wait at the border."),
                    Document(title: "ICE STORM", text: "the ice hockey game in the city")]
        for doc in docs {
            let occurrences = index.occurrences(doc)
            for rule in rules {
                let shared = Matcher.evaluate(rule, doc, occurrences)
                let alone = Matcher.evaluate(rule, doc)
                XCTAssertEqual(shared.matches, alone.matches)
                XCTAssertEqual(shared.hits, alone.hits)
            }
        }
        XCTAssertTrue(Matcher.evaluate(rules[3], docs[2], index.occurrences(docs[2])).matches)
        XCTAssertFalse(Matcher.evaluate(rules[0], docs[2], index.occurrences(docs[2])).matches)
    }

    /// The hits are the words that made the rule hold: an AND that fails inside an OR that holds
    /// gives none.
    func testAFailedANDGivesNoHits() throws {
        let doc = Document(title: "ICE plans deportation flights", text: "A raid? No: a hearing.")
        let r = Matcher.evaluate(try RuleParser.parse("(ICE AND asylum) OR deportation OR (hearing AND (court OR judge))"), doc)
        XCTAssertTrue(r.matches)
        XCTAssertEqual(r.hits.map(\.text), ["deportation"])
        let both = Matcher.evaluate(try RuleParser.parse("(ICE AND raid) OR deportation"), doc)
        XCTAssertEqual(both.hits.map(\.text), ["ICE", "raid", "deportation"])
    }

    /// An OR holds when one of its operands holds, and its hits are theirs, in order, each once:
    /// checked on random ORs of up to 25 operands of every kind the evaluator passes over without
    /// evaluating (words, prefixes and phrases that occur nowhere, terms the index lacks) and of
    /// the others (nested ORs, ANDs, NOT, fields, NEAR, regexes), against each operand evaluated alone.
    func testAnORIsItsOperandsEachAlone() throws {
        var random = SplitRNG(seed: 11)
        let pool = ["ice", "raid", "raids", "border", "asylum", "visa", "court", "judge", "city", "cities", "storm", "game",
                    "deport*", "sanctu*", "refug*", "\"border patrol\"", "\"sanctuary cit*\"", "\"green card\"", "ICE", "CBP",
                    "title:asylum", "text:(raid OR storm)", "NOT hockey", "(visa OR \"green card\")", "(court NEAR/3 judge)",
                    "/ra[i]d/", "/CITY/i", "absent", "nowhere*", "\"no such phrase\"", "(ice AND raid)", "(asylum AND absent)",
                    "(visa AND (court OR city))"]
        let words = ["ICE", "ice", "raid", "raids", "border", "patrol", "asylum", "visa", "green", "card", "court", "the", "judge",
                     "city", "cities", "sanctuary", "storm", "game", "hockey", "deported", "refugees", "CBP", "a", "of"]
        func text(_ n: Int) -> String { (0..<n).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ") }
        for round in 0..<400 {
            let operands = (0..<(1 + Int(random.next() % 25))).map { _ in pool[Int(random.next() % UInt64(pool.count))] }
            let rule = try RuleParser.parse(operands.joined(separator: " OR "))
            let doc = Document(title: text(Int(random.next() % 8)), text: text(Int(random.next() % 30)), category: text(Int(random.next() % 3)))
            var holds = false
            var hits: [Hit] = []
            for o in operands {
                let alone = Matcher.evaluate(try RuleParser.parse(o), doc)
                holds = holds || alone.matches
                for h in alone.hits where !hits.contains(where: { $0.text == h.text }) { hits.append(h) }
            }
            let or = Matcher.evaluate(rule, doc)
            XCTAssertEqual(or.matches, holds, "round \(round): \(operands)")
            XCTAssertEqual(or.hits, holds ? hits : [], "round \(round): \(operands)")
            // The same with an index that holds other rules' terms too, and lacks none of these.
            let shared = TermIndex(rules: [rule, try RuleParser.parse("border OR storm OR other*")])
            let withShared = Matcher.evaluate(rule, doc, shared.occurrences(doc))
            XCTAssertEqual(withShared.matches, or.matches, "round \(round)")
            XCTAssertEqual(withShared.hits, or.hits, "round \(round)")
        }
    }

    /// Words shorter than every term are not looked up; a term as short as a word still finds it.
    func testShortWordsAreFoundByTermsAsShort() throws {
        let doc = Document(title: "A plan of the deportations", text: "x")
        XCTAssertEqual(try Matcher.evaluate(RuleParser.parse("deport* OR plan"), doc).hits.map(\.text), ["deportations", "plan"])
        XCTAssertEqual(try Matcher.evaluate(RuleParser.parse("\"of the\" OR a OR x"), doc).hits.map(\.text), ["of the", "A", "x"])
        XCTAssertFalse(try Matcher.evaluate(RuleParser.parse("deportations OR pla"), Document(title: "a pl deport")).matches)
    }

    /// Words are passed over by their first letters and their length, when no term starts so
    /// (`startBits`, `prefixStartBits`): every term of a large rule is still found, as a word and
    /// as the start of a longer one, prefixes of three letters among them, and a prefix shorter
    /// than three letters still finds its words.
    func testWordsPassedOverByTheirStartAreNoTerms() throws {
        let letters: [Character] = Array("abcdefghijklmnopqrstuvwxyz")
        var terms: [String] = []
        for k in 0..<300 {
            var t = ""
            for j in 0..<(3 + k % 6) { t.append(letters[(k * 7 + j * (k % 5 + 1)) % 26]) }
            terms.append(t)
        }
        let written: [String] = terms.indices.map { k in k % 2 == 0 ? terms[k] : terms[k] + "*" }
        let rule = try RuleParser.parse(written.joined(separator: " OR "))
        let index = TermIndex(rules: [rule])
        XCTAssertTrue(index.startsFilter)
        for (k, t) in terms.enumerated() {
            XCTAssertTrue(Matcher.evaluate(rule, Document(title: "x " + t + " y")).matches, t)
            if k % 2 == 1 { XCTAssertTrue(Matcher.evaluate(rule, Document(title: t + "ing")).matches, t + "ing") }
        }
        let none = "zzq qqz zzzz xqzj"
        XCTAssertFalse(terms.contains { none.contains($0) })
        XCTAssertFalse(Matcher.evaluate(rule, Document(title: none)).matches)
        XCTAssertTrue(try Matcher.evaluate(RuleParser.parse("u* OR abc"), Document(title: "under the bridge")).matches)
        XCTAssertFalse(TermIndex(rules: [try RuleParser.parse("u* OR abc")]).startsFilter)
        XCTAssertFalse(TermIndex(rules: [try RuleParser.parse("ab* OR abcde")]).startsFilter)
        // The shipped rule's "sanctuary cit*" and "anchor bab*": prefixes of three letters keep the filter.
        let three = try RuleParser.parse("\"sanctuary cit*\" OR abc* OR xyz OR abcde")
        XCTAssertTrue(TermIndex(rules: [three]).startsFilter)
        for (title, expected) in [("sanctuary city", true), ("sanctuary cit", true), ("abc", true), ("abcx", true), ("xyz", true),
                                  ("abd abx xyzz xy", false), ("sanctuary ci", false)] {
            XCTAssertEqual(Matcher.evaluate(three, Document(title: title)).matches, expected, title)
        }
        XCTAssertTrue(try Matcher.evaluate(RuleParser.parse("us OR abcd"), Document(title: "for us")).matches)
    }

    /// The index finds what comparing every word with every term finds: exact terms and prefixes
    /// of 1 to 20 bytes (a word is hashed and compared eight bytes at a time, `TermKeys`), words
    /// that share all but their last byte with a term, capitals-only terms, every field. Every
    /// other round has no term shorter than three bytes, so that the start filters are on
    /// (`startBits`, and `prefixStartBits` which spares a word's prefixes).
    func testTheIndexFindsWhatComparingEveryWordWithEveryTermFinds() throws {
        var random = SplitRNG(seed: 7)
        let letters = Array("abcdefgh")
        func word(_ length: Int) -> String { String((0..<length).map { _ in letters[Int(random.next() % 8)] }) }
        for round in 0..<80 {
            var terms: [Term] = []
            let shortest = round % 2 == 0 ? 1 : 3
            for _ in 0..<(5 + round % 30) {
                let length = shortest + Int(random.next() % UInt64(21 - shortest))
                let folded = word(length)
                terms.append(Term(folded: folded, written: folded, isPrefix: random.next() % 3 == 0, capitalsOnly: random.next() % 7 == 0))
            }
            // The text: the terms themselves, one byte longer or shorter, changed in their last
            // byte, in capitals, and random words.
            var words: [String] = []
            for t in terms {
                words.append(t.folded)
                words.append(t.folded + word(1 + Int(random.next() % 9)))
                words.append(String(t.folded.dropLast()))
                words.append(String(t.folded.dropLast()) + (t.folded.last == "a" ? "b" : "a"))
                words.append(t.folded.uppercased())
            }
            for _ in 0..<40 { words.append(word(1 + Int(random.next() % 24))) }
            words.shuffle(using: &random)
            let doc = Document(title: words.prefix(words.count / 2).joined(separator: " "), text: words.dropFirst(words.count / 2).joined(separator: ", "))
            let index = TermIndex(rules: terms.map { Rule.term($0) })
            if shortest == 3 { XCTAssertTrue(index.startsFilter) }
            let occurrences = index.occurrences(doc)
            for (id, t) in index.terms.enumerated() {
                for field in [Field.title, .text] {
                    let all = doc[field]!.words
                    let expected = all.indices.filter { i in
                        let w = all[i]
                        let same = t.isPrefix ? w.folded.hasPrefix(t.folded) : w.folded == t.folded
                        return same && (!t.capitalsOnly || w.capitals)
                    }
                    let found = occurrences.positions(id, in: field).map(occurrences.word(at:))
                    XCTAssertEqual(found, expected, "round \(round), term \(t.folded)\(t.isPrefix ? "*" : "")\(t.capitalsOnly ? " (capitals)" : ""), \(field)")
                }
            }
        }
    }

    /// Occurrences come in the order words are read (field by field, word by word, the terms of
    /// one word in any order) and are grouped by term without a sort: the groups must be what
    /// sorting gives, and each term's run, field and word be found in them, for term counts
    /// around the 64 of a word of `present` (a wrong rank shows there first).
    func testOccurrencesGroupedByTermAsSortingWouldGroupThem() {
        var random = SplitRNG(seed: 30)
        for round in 0..<120 {
            let termCount = [1, 3, 63, 64, 65, 127, 129, 1000][round % 8]
            var visited: [UInt64] = []
            for field in Field.allCases where random.next() % 3 != 0 {
                for word in 0..<Int(random.next() % 40) {
                    var terms = Set<Int>()
                    for _ in 0..<Int(random.next() % 4) { terms.insert(Int(random.next() % UInt64(termCount))) }
                    for t in terms.shuffled(using: &random) { visited.append(Occurrences.key(t, field, word)) }
                }
            }
            let occ = Occurrences(hits: visited, termCount: termCount, ids: [:])
            XCTAssertEqual(occ.hits, visited.sorted(), "round \(round)")
            for t in 0..<termCount {
                let mine = visited.filter { Int($0 >> 35) == t }
                XCTAssertEqual(occ.isPresent(t), !mine.isEmpty)
                XCTAssertEqual(occ.places(of: t).map { occ.hits[$0] }, mine.sorted(), "round \(round), term \(t)")
                if mine.isEmpty { continue }
                for field in Field.allCases {
                    let words = mine.filter { Int($0 >> 32 & 7) == field.ordinal }.map { Int($0 & 0xFFFF_FFFF) }.sorted()
                    XCTAssertEqual(occ.positions(t, in: field).map(occ.word(at:)), words)
                    for w in 0..<41 { XCTAssertEqual(occ.occurs(t, in: field, at: w), words.contains(w)) }
                }
            }
        }
    }

    /// An index with no term (topics of seeds or regexes alone) and a document with no
    /// occurrence: nothing occurs, and nothing is read past an empty array.
    func testOccurrencesOfNoTermAndNoWord() {
        let none = Occurrences(hits: [], termCount: 0, ids: [:])
        XCTAssertTrue(none.hits.isEmpty)
        XCTAssertFalse(none.isPresent(0))
        XCTAssertEqual(none.places(of: 0), 0..<0)
        let empty = Occurrences(hits: [], termCount: 70, ids: [:])
        for t in [0, 63, 64, 69] { XCTAssertEqual(empty.places(of: t), 0..<0) }
        XCTAssertFalse(empty.occurs(5, in: .title, at: 0))
        let doc = Document(title: "ICE raids", text: "deportation flights", author: "A. Writer", category: "immigration")
        let onlyRegex = TermIndex(rules: [try! RuleParser.parse("/ra+ids/i")])
        XCTAssertTrue(onlyRegex.occurrences(doc).hits.isEmpty)
    }

    /// The index reads the fields in the order of their ordinals, each word by word: what grouping
    /// the occurrences by a count, not a sort, relies on. A term in every field is found in each,
    /// at the words a comparison of every word finds, and the occurrences come out sorted.
    func testOccurrencesOfEveryFieldInOrder() throws {
        let rule = try RuleParser.parse("title:(raid OR ice) OR text:(raid OR ice) OR author:(raid OR ice) OR category:(raid OR ice) OR feed:(raid OR ice) OR link:(raid OR ice)")
        let index = TermIndex(rules: [rule])
        XCTAssertEqual(Set(index.fields), Set(Field.allCases))
        let doc = Document(title: "ICE raid, then another raid", text: "a raid; ice in the raid", author: "Raid Ice",
                           category: "raid, ice", feed: "raid raid ice", link: "https://ice.example/raid")
        let occ = index.occurrences(doc)
        XCTAssertEqual(occ.hits, occ.hits.sorted())
        for (id, t) in index.terms.enumerated() {
            for field in Field.allCases {
                let words = doc[field]!.words
                let expected = words.indices.filter { words[$0].folded == t.folded }
                XCTAssertFalse(expected.isEmpty, "\(t.folded) in \(field)")
                XCTAssertEqual(occ.positions(id, in: field).map(occ.word(at:)), expected, "\(t.folded) in \(field)")
            }
        }
    }

    /// `Vocabulary` hashes with `safeHash` what may have nothing readable after it, and with
    /// `hash` the splitter's words: the two must agree on every length, or a word would be
    /// counted as two; and `safeHash` reads no byte past the key (here the key ends where a page
    /// that cannot be read starts: a read past it stops the test).
    func testSafeHashIsTheHashWithoutReadingPastTheKey() throws {
        var rng = SplitRNG(seed: 2026_11_30)
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let memory = try XCTUnwrap(mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        defer { munmap(memory, 2 * page) }
        XCTAssertEqual(mprotect(memory + page, page, PROT_NONE), 0)
        let end = memory.assumingMemoryBound(to: UInt8.self) + page
        for count in 0...40 {
            for _ in 0..<20 {
                let key = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
                let padded = key + (0..<8).map { _ in UInt8.random(in: 0...255, using: &rng) }
                let fast = padded.withUnsafeBufferPointer { TermKeys.hash($0.baseAddress!, count: count) }
                let atEdge = end - count
                atEdge.update(from: key, count: count)
                XCTAssertEqual(TermKeys.safeHash(atEdge, count: count), fast, "\(count) bytes")
            }
        }
        // A word the background read from its stored form (a String) and the same word split from
        // an item's text: one word, counted on.
        var background = Background(documents: 4, frequencies: ["deportation": 3, "internationalization": 2, "ice": 1])
        background.add(Document(title: "Deportation flights", text: "Internationalization of ICE and deportation"))
        XCTAssertEqual(background.frequencies["deportation"], 4)  // 11 bytes: a block and a part
        XCTAssertEqual(background.frequencies["internationalization"], 3)  // 20 bytes: two blocks and a part
        XCTAssertEqual(background.frequencies["ice"], 2)
        XCTAssertEqual(background.frequencies["flights"], 1)
    }

    /// `TermKeys` finds every key of 1 to 24 bytes with other bytes after it, compares every byte
    /// of a key and none past it (its hash finds a key; its comparison alone tells keys apart
    /// whose hashes share their top 32 bits, which no test can count on meeting).
    func testTermKeysCompareEveryByteOfAKeyAndNoneAfter() {
        var keys = TermKeys()
        let all: [[UInt8]] = (1...24).map { length in (0..<length).map { UInt8(0x61 + ($0 * 7 + length) % 26) } }
        for (id, key) in all.enumerated() { XCTAssertEqual(keys.add(key), id) }
        for (id, key) in all.enumerated() { XCTAssertEqual(keys.add(key), id, "added again") }
        XCTAssertEqual(keys.count, 24)
        func hash(_ b: [UInt8], _ count: Int) -> UInt64 { b.withUnsafeBufferPointer { TermKeys.hash($0.baseAddress!, count: count) } }
        func equal(_ a: [UInt8], _ b: [UInt8], _ count: Int) -> Bool {
            a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in TermKeys.Lookup.equal(a.baseAddress!, b.baseAddress!, count) } }
        }
        keys.withLookup { lookup in
            for (id, key) in all.enumerated() {
                let followed = key + [UInt8](repeating: 0x7A, count: 9)
                XCTAssertEqual(hash(followed, key.count), hash(key + [UInt8](repeating: 0, count: 8), key.count))
                XCTAssertEqual(lookup.id(followed, count: key.count, hash: hash(followed, key.count)), id)
                XCTAssertEqual(lookup.id(followed, count: key.count + 1, hash: hash(followed, key.count + 1)), -1)
                XCTAssertTrue(equal(key + [UInt8](repeating: 1, count: 8), followed, key.count))
                for k in key.indices {
                    var other = followed
                    other[k] ^= 0x01
                    XCTAssertFalse(equal(followed, other, key.count), "\(key.count) bytes, byte \(k)")
                }
            }
        }
    }

    /// Hits are kept once a text, with the field of its first place and Swift's String equality:
    /// ASCII by its bytes, other text canonically (`café` written two ways is one hit, so are `K`
    /// and the Kelvin sign); `raid` in the title and again in the text is one hit.
    func testRepeatedHitsAreKeptOnceAsStringsCompare() throws {
        let doc = Document(title: "Raid, raid, RAID and raid", text: "raid café cafe\u{301} K \u{212A} k K raid Café")
        let hits = try Matcher.evaluate(RuleParser.parse("raid OR cafe OR k"), doc).hits
        XCTAssertEqual(hits, [Hit(field: .title, text: "Raid"), Hit(field: .title, text: "raid"), Hit(field: .title, text: "RAID"),
                              Hit(field: .text, text: "café"), Hit(field: .text, text: "Café"), Hit(field: .text, text: "K"),
                              Hit(field: .text, text: "k")])
        let across = try Matcher.evaluate(RuleParser.parse("café OR ICE"), Document(title: "ICE café", text: "cafe\u{301} and ICE", category: "ICE")).hits
        XCTAssertEqual(across, [Hit(field: .title, text: "café"), Hit(field: .title, text: "ICE")])  // in the rule's order
        let kelvinFirst = try Matcher.evaluate(RuleParser.parse("k"), Document(text: "\u{212A} K k")).hits
        XCTAssertEqual(kelvinFirst.map { Array($0.text.utf8) }, [Array("\u{212A}".utf8), Array("k".utf8)])
    }

    /// More hits than are compared each with each (32) are kept once the same way; a regex's hit
    /// is the text it matched, found by its bytes after text that is not ASCII.
    func testManyHitsAndRegexHitsAreTheTextAsWritten() throws {
        let many = String(repeating: "raid Raid café cafe\u{301} ", count: 20)
        let hits = try Matcher.evaluate(RuleParser.parse("raid OR cafe"), Document(title: "RAID", text: many)).hits
        XCTAssertEqual(hits, [Hit(field: .title, text: "RAID"), Hit(field: .text, text: "raid"), Hit(field: .text, text: "Raid"),
                              Hit(field: .text, text: "café")])
        let again = try Matcher.evaluate(RuleParser.parse("raid OR cafe"), Document(title: "raid", text: many)).hits
        XCTAssertEqual(again, [Hit(field: .title, text: "raid"), Hit(field: .text, text: "Raid"), Hit(field: .text, text: "café")])
        let regex = try Matcher.evaluate(RuleParser.parse("/h-?1b/i OR visa"), Document(title: "Élan: the H-1B visa", text: "Ωmega h1b"))
        XCTAssertEqual(regex.hits, [Hit(field: .title, text: "H-1B"), Hit(field: .text, text: "h1b"), Hit(field: .title, text: "visa")])
    }

    /// Past 32 distinct hits they are kept through a Set of their texts: the same hits, in the
    /// same order, as comparing each with each as Strings (a reference written here, on the
    /// words the rule finds); with repeats, other capitals and canonically equal text after the
    /// 32nd, in two fields.
    func testHitsPastThirtyTwoAreTheHitsOfStringComparison() throws {
        var rng = SystemRandomNumberGenerator()
        let forms = ["w", "W", "wé", "we\u{301}", "w\u{212A}", "wK", "w-x"]
        var past = 0  // rounds with more than 32 distinct hits
        for round in 0..<50 {
            let words = (0..<Int.random(in: 20...90, using: &rng)).map { _ in forms.randomElement(using: &rng)! + String(Int.random(in: 0..<40, using: &rng)) }
            let cut = Int.random(in: 0...words.count, using: &rng)
            let title = words[..<cut].joined(separator: " "), text = words[cut...].joined(separator: " ")
            let doc = Document(title: title, text: text)
            let hits = try Matcher.evaluate(RuleParser.parse("w*"), doc).hits
            // The reference: every word the rule finds, title then text, kept when no kept text equals it.
            var expected: [Hit] = []
            for (field, part) in [(Field.title, title), (Field.text, text)] {
                for word in part.split(separator: " ").map(String.init) where word.lowercased().hasPrefix("w") {
                    // `w-x` is two words; the rule finds the `w…` one (`w`, before the hyphen).
                    let found = word.split(separator: "-").map(String.init)[0]
                    if !expected.contains(where: { $0.text == found }) { expected.append(Hit(field: field, text: found)) }
                }
            }
            XCTAssertEqual(hits, expected, "round \(round): \(title) | \(text)")
            if expected.count > 32 { past += 1 }
        }
        XCTAssertGreaterThan(past, 10)
    }
}

extension SplitRNG: RandomNumberGenerator {}

extension Occurrences {
    /// Occurrences of the keys `hits`, in any order that keeps each term's ascending (the order
    /// `TermIndex.occurrences` reads them in).
    init(hits: [UInt64], termCount: Int, ids: [Term: Int]) {
        self = hits.withUnsafeBufferPointer { Occurrences(visited: $0, termCount: termCount, ids: ids) }
    }
}

