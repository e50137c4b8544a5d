@testable import FeedClassify
import XCTest

/// Seeds teach a similarity; topics decide by rule, exclusion and score, and say why.
final class TopicTests: XCTestCase {
    let seed = "Trump plans raids on sanctuary cities. ICE agents will arrest immigrants in cities that refuse to cooperate with immigration enforcement."
    var background: Background {
        var b = Background()
        for text in ["The team won the game in overtime.", "Stocks fell as markets worried about rates.",
                     "The city council approved a new budget.", "Immigration agents arrested dozens in raids.",
                     "A storm brought snow and ice to the region.", "The president spoke about the economy."] {
            b.add(text)
        }
        return b
    }

    func testIdenticalTextScoresNearOne() {
        let s = Similarity(seeds: [seed], background: background)
        XCTAssertGreaterThan(s.score(seed), 0.99)
    }

    func testOnTopicScoresAboveOffTopic() {
        let s = Similarity(seeds: [seed], background: background)
        let on = s.score("Immigration raids in sanctuary cities: ICE arrests dozens")
        let off = s.score("The team won the hockey game in overtime")
        let falseFriend = s.score("The team won the hockey game on the ice in overtime")
        XCTAssertGreaterThan(on, 0.2)
        XCTAssertLessThan(off, 0.01)
        XCTAssertGreaterThan(on, 3 * falseFriend)
    }

    func testCounterExamplesPullTheScoreDown() {
        let item = "Cities brace for raids and arrests"
        let plain = Similarity(seeds: [seed], background: background).score(item)
        let withNot = Similarity(seeds: [seed], counterExamples: ["Police raids on drug gangs led to arrests in several cities"],
                                 background: background).score(item)
        XCTAssertLessThan(withNot, plain)
    }

    func testTheScoreIsTheMeanOfTheCentroidAndTheNearestSeeds() {
        // Five seeds with no word in common: their vectors are orthonormal, so an item that is
        // seed 0 has cosine 1 with it and 0 with the others, whatever the idf. Centroid: the sum of
        // five orthonormal vectors over √5, so 1/√5. Neighbours: k = ⌈√5⌉ = 3, the mean of 1, 0, 0.
        let seeds = ["Border agents detain migrants", "Senate passes budget bill", "Hurricane floods coastal towns",
                     "Quarterback throws touchdown pass", "Central bank raises interest rates"]
        let s = Similarity(seeds: seeds, background: background)
        XCTAssertEqual(s.score(seeds[0]), 0.5 / 5.0.squareRoot() + 0.5 / 3, accuracy: 1e-12)
        XCTAssertEqual(s.score("Volcano erupts in Iceland"), 0)
    }

    /// With one seed, the score is the cosine of the item's and the seed's TF-IDF vectors, made
    /// here the plain way (dictionaries of terms): for words the background counted (looked up by
    /// its ids), words it never saw (by their bytes), words met several times, and words that
    /// are not ASCII, in one item.
    func testTheScoreIsTheCosineWithTheSeedForKnownUnknownAndRepeatedWords() {
        var counted = background
        counted.add("Zyxwv immigrants and agents in Montréal")  // every word of this item is known
        for bg in [background, counted] {
        let s = Similarity(seeds: [seed], background: bg)
        for item in ["Zyxwv immigrants and agents in Montréal", "ICE agents raid cities; agents arrest immigrants in cities, cities refuse",
                     "Immigration enforcement: zyxwv qqq ICE raids, raids and more raids",
                     "Les villes sanctuaires refusent: ICE arrête des immigrés à Montréal et à Zürich",
                     "agents"] {
            let a = bg.vector(Similarity.terms(item))
            let b = bg.vector(Similarity.terms(seed))
            XCTAssertEqual(s.score(item), min(1, max(0, Similarity.dot(a, b))), accuracy: 1e-12, item)
        }
        }
    }

    /// Seeds whose words are ASCII and not ASCII mixed: the neighbours' part of the score is the
    /// mean of the k largest cosines with the seeds less the same with the counter-examples, each
    /// cosine made here the plain way (dictionaries of terms). It failed when a word that is not
    /// ASCII and the next new ASCII word shared an id (their weights summed in one list).
    func testNeighboursWeighEveryWordOfTheSeedsOnItsOwn() {
        // Accents fold away (réfugiés is refugies): the words that stay other than ASCII are of
        // other scripts.
        let seeds = ["Беженцы на границе: agents detain migrants near Αθήνα", "Asylum court rules; депортация of migrants halted",
                     "Ciudad santuario: sanctuary city refuses ICE detainers", "難民 und Abschiebung: deportation flights resume"]
        let counter = ["Café owners protest rent; city council delays vote", "Футбол: quarterback throws touchdown in Αθήνα",
                       "Central bank raises rates; экономика slows", "Hurricane floods coastal towns near Montréal"]
        var bg = background
        for t in seeds + counter { bg.add(t) }
        let s = Similarity(seeds: seeds, counterExamples: counter, background: bg)
        func vector(_ t: String) -> Similarity.Vector { bg.vector(Similarity.terms(t)) }
        func meanOfLargest(_ xs: [Double], _ k: Int) -> Double { xs.sorted(by: >).prefix(k).reduce(0, +) / Double(k) }
        for item in ["Migrants at the границе: asylum court and ICE agents", "Депортация: deportation flights from Αθήνα",
                     "Беженцы, 難民, migrants", "City council and café rents; экономика"] {
            let v = vector(item)
            let centroid = Similarity.dot(v, s.profile)
            let near = meanOfLargest(seeds.map { Similarity.dot(v, vector($0)) }, Neighbours.k(seeds.count))
                - meanOfLargest(counter.map { Similarity.dot(v, vector($0)) }, Neighbours.k(counter.count))
            XCTAssertEqual(s.score(item), min(1, max(0, 0.5 * centroid + 0.5 * near)), accuracy: 1e-12, item)
        }
    }

    /// The same seeds and item give the same score to the bit, however the dictionaries it is
    /// made through lay out their words (Swift seeds each dictionary on its own, so two of the
    /// same words can list them in two orders, and a sum of doubles depends on its order).
    func testTheScoreDoesNotDependOnTheOrderDictionariesListWords() {
        let words = ["frontière", "réfugiés", "asile", "expulsión", "migración", "Grenze", "Flüchtlinge", "Abschiebung", "беженцы", "難民",
                     "ICE", "raid", "border", "deportation", "asylum", "court", "visa", "sanctuary", "city", "policy"]
        var rng = SplitRNG(seed: 7)
        func text(_ n: Int) -> String { (0..<n).map { _ in words.randomElement(using: &rng)! + String(Int.random(in: 0..<40, using: &rng)) }.joined(separator: " ") }
        let seeds = (0..<12).map { _ in text(60) }
        let counter = (0..<12).map { _ in text(60) }
        var background = Background()
        for _ in 0..<50 { background.add(text(40)) }
        let items = (0..<40).map { _ in text(50) }
        let first = Similarity(seeds: seeds, counterExamples: counter, background: background)
        let expected = items.map { first.score($0).bitPattern }
        for _ in 0..<6 {
            // Made again: new dictionaries, other seeds for their layout.
            let again = Similarity(seeds: seeds, counterExamples: counter, background: background)
            XCTAssertEqual(items.map { again.score($0).bitPattern }, expected)
        }
    }

    func testNeighboursTakeTheMeanOfTheKLargestCosines() {
        XCTAssertEqual([0, 1, 10, 100, 500].map(Neighbours.k), [0, 1, 4, 10, 23])
        var xs = [0.1, 0.5, 0.3, 0.9]
        xs.withUnsafeMutableBufferPointer { b in
            XCTAssertEqual(Neighbours.meanOfLargest(b[...], 2), 0.7, accuracy: 1e-12)
            XCTAssertEqual(Neighbours.meanOfLargest(b[1...], 3), (0.5 + 0.3 + 0.9) / 3, accuracy: 1e-12)
            XCTAssertEqual(Neighbours.meanOfLargest(b[0..<0], 0), 0)
        }
    }

    func testLogOddsWeighWordsBySeedsAgainstCounterExamples() {
        // raid: in 2 of 2 seeds, 0 of 1 counter-examples: ln(3/4) - ln(1/3) = ln(9/4).
        // city: in 1 of 2 seeds, 1 of 1 counter-examples: ln(2/4) - ln(2/3) = ln(3/4), below 0.
        let odds = Similarity.logOdds([["raid": 0.8, "city": 0.6], ["raid": 1]], [["city": 0.6, "gang": 0.8]])
        XCTAssertEqual(odds["raid"]!, log(9.0 / 4), accuracy: 1e-12)
        XCTAssertEqual(odds["city"]!, log(3.0 / 4), accuracy: 1e-12)
        XCTAssertNil(odds["gang"])  // only the seeds' words are weighed
    }

    func testRuleMustHold() throws {
        let t = Topic(name: "imm", rule: try RuleParser.parse("asylum"), exclude: nil, minScore: nil, similarity: nil)
        XCTAssertEqual(t.decide(Document(title: "Asylum claims rise"), similarityText: "").match, true)
        let no = t.decide(Document(title: "Budget vote"), similarityText: "")
        XCTAssertFalse(no.match)
        XCTAssertEqual(no.gate, .rule)
    }

    func testARuleThatHoldsWithoutItsWordsIsStillEvaluated() throws {
        // `asylum OR NOT hockey` holds for a text with neither word: no shortcut may skip it.
        let t = Topic(name: "x", rule: try RuleParser.parse("asylum OR NOT hockey"), exclude: nil, minScore: nil, similarity: nil)
        XCTAssertTrue(t.decide(Document(title: "Budget vote"), similarityText: "").match)
        XCTAssertFalse(t.decide(Document(title: "hockey night"), similarityText: "").match)
    }

    func testExcludeVetoes() throws {
        let t = Topic(name: "imm", rule: try RuleParser.parse("ice"), exclude: try RuleParser.parse("\"ice hockey\""), minScore: nil, similarity: nil)
        let v = t.decide(Document(title: "Ice hockey final"), similarityText: "")
        XCTAssertFalse(v.match)
        XCTAssertEqual(v.gate, .exclude)
    }

    /// A gate's static name (what `classify --json` writes) is its raw value, for every gate.
    func testAGatesNameIsItsRawValue() {
        for gate in Verdict.Gate.allCases {
            XCTAssertEqual(gate.name.description, gate.rawValue)
        }
    }

    func testMinScoreGatesARuleMatch() throws {
        let sim = Similarity(seeds: [seed], background: background)
        let t = Topic(name: "imm", rule: try RuleParser.parse("raids"), exclude: nil, minScore: 0.2, similarity: sim)
        let off = "Police raids on drug dealers"
        let on = "ICE raids on sanctuary cities arrest immigrants"
        XCTAssertFalse(t.decide(Document(title: off), similarityText: off).match)
        let v = t.decide(Document(title: on), similarityText: on)
        XCTAssertTrue(v.match)
        XCTAssertEqual(v.gate, .minScore)
        XCTAssertEqual(v.hits, [Hit(field: .title, text: "raids")])
    }

    /// A document nearly a copy of a counter-example is no match, whatever the rule says and
    /// with no `min-score` (what `mark --irrelevant` put in `not/` then stops matching, and its
    /// copies from other feeds); a document on the same subject that is no copy still matches by
    /// its rule. With counter-examples alone (no seed), the same.
    func testADocumentNearlyACopyOfACounterExampleIsNoMatch() throws {
        let marked = "Police raids on drug gangs led to arrests in several cities. Officers seized cash and weapons."
        let copy = "Police raids on drug gangs led to arrests in several cities. Officers seized cash, weapons."
        let other = "ICE raids in sanctuary cities led to arrests of immigrants"
        let rule = try RuleParser.parse("raids")
        for seeds in [[seed], []] {
            let sim = Similarity(seeds: seeds, counterExamples: [marked], background: background)
            XCTAssertTrue(sim.hasCounterExamples)
            let t = Topic(name: "imm", rule: rule, exclude: nil, minScore: nil, similarity: sim)
            for text in [marked, copy] {
                let v = t.decide(Document(title: text), similarityText: text)
                XCTAssertFalse(v.match, text)
                XCTAssertEqual(v.gate, .counterExample)
                XCTAssertEqual(v.gate.rawValue, "not")
                XCTAssertEqual(v.hits, [Hit(field: .title, text: "raids")], "the rule's hits are shown")
                XCTAssertTrue(sim.scored(text).copiesCounterExample)
            }
            let v = t.decide(Document(title: other), similarityText: other)
            XCTAssertTrue(v.match, "seeds \(seeds.count)")
            XCTAssertEqual(v.gate, .rule)
            XCTAssertFalse(sim.scored(other).copiesCounterExample)
        }
        // Closer to a seed than to the counter-example: the seed wins.
        let both = Similarity(seeds: [marked], counterExamples: [copy], background: background)
        XCTAssertFalse(both.scored(marked).copiesCounterExample)
        // No counter-example, no veto.
        XCTAssertFalse(Similarity(seeds: [seed], background: background).scored(seed).copiesCounterExample)
    }

    func testSeedsAloneDecideOnTheScore() {
        let t = Topic(name: "imm", rule: nil, exclude: nil, minScore: nil, similarity: Similarity(seeds: [seed], background: background))
        let on = "ICE raids on sanctuary cities arrest immigrants"
        let v = t.decide(Document(title: on), similarityText: on)
        XCTAssertTrue(v.match)
        XCTAssertEqual(v.gate, .score)
        XCTAssertFalse(t.decide(Document(title: "Snow day"), similarityText: "Snow day").match)
    }

    func testClassifierDecidesAsEachTopicDoes() throws {
        let sim = Similarity(seeds: [seed], background: background)
        let topics = [
            Topic(name: "a", rule: try RuleParser.parse("ICE OR deport*"), exclude: try RuleParser.parse("\"ice hockey\""), minScore: nil, similarity: nil),
            Topic(name: "b", rule: try RuleParser.parse("title:(raid* NEAR/3 cit*)"), exclude: nil, minScore: 0.1, similarity: sim),
            Topic(name: "c", rule: nil, exclude: nil, minScore: nil, similarity: sim),
            Topic(name: "d", rule: try RuleParser.parse("budget OR NOT hockey"), exclude: nil, minScore: nil, similarity: nil),
        ]
        let classifier = Classifier(topics)
        for (title, text) in [("ICE raids in sanctuary cities", "Deportations rose."), ("Ice hockey final", "ICE agents watched."),
                              ("Budget vote", ""), ("Raids hit two cities", "Police raids.")] {
            let doc = Document(title: title, text: text)
            let together = classifier.verdicts(doc, similarityText: title + "\n" + text)
            let alone = topics.map { $0.decide(doc, similarityText: title + "\n" + text) }
            // Scores may differ in the last bits: sums over dictionaries run in their hash order.
            XCTAssertEqual(together.map { [$0.topic, "\($0.match)", $0.gate.rawValue] }, alone.map { [$0.topic, "\($0.match)", $0.gate.rawValue] })
            XCTAssertEqual(together.map(\.hits), alone.map(\.hits))
            for (x, y) in zip(together, alone) { XCTAssertEqual(x.score ?? -1, y.score ?? -1, accuracy: 1e-12) }
        }
    }

    /// A classifier made without seeds, then given similarities, decides as one made with them:
    /// the daemon's rebuild after its background grows keeps the rules compiled.
    func testReplacingSimilaritiesDecidesAsAClassifierMadeWithThem() throws {
        let sim = Similarity(seeds: [seed], background: background)
        let rule = try RuleParser.parse("raid* OR deport*")
        let made = Classifier([Topic(name: "a", rule: rule, exclude: nil, minScore: 0.1, similarity: sim),
                               Topic(name: "b", rule: nil, exclude: nil, minScore: nil, similarity: sim),
                               Topic(name: "c", rule: rule, exclude: nil, minScore: nil, similarity: nil)])
        let bare = Classifier(made.topics.map { Topic(name: $0.name, rule: $0.rule, exclude: nil, minScore: $0.minScore, similarity: nil) })
        let replaced = bare.replacingSimilarities { $0 < 2 ? sim : nil }
        for (title, text) in [("ICE raids in sanctuary cities", "Deportations rose."), ("Raids hit two cities", "Police raids."),
                              ("The team won", "Overtime.")] {
            let doc = Document(title: title, text: text)
            XCTAssertEqual(replaced.verdicts(doc), made.verdicts(doc), title)
            XCTAssertNotNil(replaced.verdicts(doc)[1].score, "a topic of seeds alone is scored")
        }
        XCTAssertNil(bare.verdicts(Document(title: "ICE raids in sanctuary cities"))[1].score)
    }

    func testADocumentCountsAndScoresAsItsTitleAndTextJoined() {
        let title = "ICE raids in São Paulo? No: Москва"
        let text = "Immigration agents, raids and more raids."
        var joined = background
        joined.add(title + "\n" + text)
        var byDoc = background
        byDoc.add(Document(title: title, text: text))
        XCTAssertEqual(byDoc.documents, joined.documents)
        XCTAssertEqual(byDoc.frequencies, joined.frequencies)
        XCTAssertEqual(joined.frequencies["raids"], 2)  // once here (twice in the text), once in the background
        XCTAssertEqual(joined.frequencies["москва"], 1)
        let s = Similarity(seeds: [seed], background: joined)
        XCTAssertEqual(s.score(Document(title: title, text: text)), s.score(title + "\n" + text), accuracy: 1e-12)
    }

    /// A document's terms as its background numbered them score it to the bit as its words do,
    /// for seeds with counter-examples, words repeated, stop words, words of other scripts, words
    /// first met in the document itself, and a document of no term; terms of another numbering
    /// give no score, and the words are read instead: another background's, a copy's that has
    /// counted more, and those of two copies that both counted (the same ids, other words).
    func testTermsNumberedByTheBackgroundScoreAsTheWordsDo() throws {
        let texts = ["ICE raids in São Paulo? No: Москва. Raids, raids and the raids of ICE.",
                     "Sanctuary cities refuse detainers; the city council votes on 難民 and беженцы",
                     "Zyxwvut qwertyuiop: words no other item holds, twice zyxwvut",
                     "The team won the game in overtime", "", "a I of the"]
        var counted = background
        var docs: [Document] = []
        var terms: [SeedTerms] = []
        for (k, t) in texts.enumerated() {
            let doc = Document(title: k == 4 ? "" : "Item \(k)", text: t)  // one with no word at all
            docs.append(doc)
            terms.append(counted.add(doc))
        }
        XCTAssertEqual(terms[4].ids, [])
        let s = Similarity(seeds: [seed, texts[1]], counterExamples: [texts[3]], background: counted)
        for (doc, t) in zip(docs, terms) {
            let fromTerms = try XCTUnwrap(s.score(t))
            XCTAssertEqual(fromTerms.bitPattern, s.score(doc).bitPattern, "\(doc[.text]!.text)")
        }
        // Another background's numbering, even of the same words: no score.
        var other = background
        for d in docs { other.add(d) }
        XCTAssertNil(Similarity(seeds: [seed], background: other).score(terms[0]))
        // A copy that counts on after the similarity was made: its numbering is its own.
        var later = counted
        let newer = later.add(Document(title: "Quixotic xylophones", text: "raids"))
        XCTAssertNil(s.score(newer))
        // Two copies that both count: the same next ids for other words.
        var a = background
        a.add("zebra crossing")
        var b = a
        let fromA = a.add("alpha beta")
        b.add("gamma delta")
        let onB = Similarity(seeds: ["gamma delta"], background: b)
        XCTAssertNil(onB.score(fromA))
        XCTAssertEqual(onB.score("alpha beta"), 0)
        // The classifier takes them: the same verdicts.
        let topic = Topic(name: "t", rule: nil, exclude: nil, minScore: 0.01, similarity: s)
        let classifier = Classifier([topic])
        for (doc, t) in zip(docs, terms) {
            XCTAssertEqual(classifier.verdicts(doc, seedTerms: t), classifier.verdicts(doc))
        }
    }

    func testTheSerializedBackgroundReadsBackTheSame() {
        var b = background
        b.add("Inmigración: ICE agents and raids in Москва")
        let again = Background(documents: b.documents, serialized: b.serialized())
        XCTAssertEqual(again.documents, b.documents)
        XCTAssertEqual(again.frequencies, b.frequencies)
        XCTAssertEqual(again.frequencies["москва"], 1)
        XCTAssertEqual(again.frequencies["raids"], 2)  // the background's "arrested dozens in raids" and this one
        // Lines it cannot read are skipped, not fatal.
        let odd = Background(documents: 2, serialized: Array("ice\t2\nbroken line\nraid\tx\n\tnothing\nok\t1".utf8))
        XCTAssertEqual(odd.frequencies, ["ice": 2, "ok": 1])
    }

    func testFrequenciesSurviveAWriteAndARead() {
        let b = Background(documents: 7, frequencies: ["raids": 3, "ice": 0, "москва": 2])
        XCTAssertEqual(b.frequencies, ["raids": 3, "ice": 0, "москва": 2])
        XCTAssertEqual(b.idf("raids"), log(8.0 / 4.0) + 1, accuracy: 1e-12)
        XCTAssertEqual(b.idf("москва"), log(8.0 / 3.0) + 1, accuracy: 1e-12)
    }

    func testWithoutEveryScoreOnlyDecidingOrMatchingVerdictsCarryOne() throws {
        let sim = Similarity(seeds: [seed], background: background)
        let topics = [
            Topic(name: "rule", rule: try RuleParser.parse("ICE"), exclude: nil, minScore: nil, similarity: sim),
            Topic(name: "gate", rule: try RuleParser.parse("raid*"), exclude: nil, minScore: 0.01, similarity: sim),
            Topic(name: "seeds", rule: nil, exclude: nil, minScore: nil, similarity: sim),
        ]
        let classifier = Classifier(topics)
        for (title, text) in [("ICE raids in sanctuary cities", "Agents arrested immigrants."), ("The team won", "In overtime.")] {
            let doc = Document(title: title, text: text)
            let every = classifier.verdicts(doc)
            let lean = classifier.verdicts(doc, everyScore: false)
            XCTAssertEqual(lean.map(\.match), every.map(\.match), title)
            XCTAssertEqual(lean.map(\.gate), every.map(\.gate), title)
            for (l, e) in zip(lean, every) {
                // A verdict keeps its score when the score decided it (a gate) or it is a match.
                let scored = l.match || l.gate == .minScore || l.gate == .score
                XCTAssertEqual(l.score, scored ? e.score : nil, "\(title): \(l.topic)")
            }
        }
        // The off-topic item fails the two rules on their words: no score computed for them.
        let lean = classifier.verdicts(Document(title: "The team won", text: "In overtime."), everyScore: false)
        XCTAssertEqual(lean.map { $0.score == nil }, [true, true, false])
    }

    func testADocumentOfTheFieldsTheTopicsReadIsDecidedTheSame() throws {
        let topics = [Topic(name: "a", rule: try RuleParser.parse("author:jones OR raid*"), exclude: nil, minScore: nil, similarity: nil),
                      Topic(name: "b", rule: try RuleParser.parse("ice"), exclude: nil, minScore: nil,
                            similarity: Similarity(seeds: [seed], background: background))]
        let classifier = Classifier(topics)
        XCTAssertEqual(classifier.fields, [.title, .text, .author, .category])
        let parts = (title: "Ice raids", text: "ICE agents raided", author: "Ann Jones", category: "US", feed: "Ice News", link: "https://ice.example/raid")
        let full = Document(title: parts.title, text: parts.text, author: parts.author, category: parts.category, feed: parts.feed, link: parts.link)
        let only = Document(title: parts.title, text: parts.text, author: parts.author, category: parts.category, feed: parts.feed,
                            link: parts.link, only: classifier.fields)
        XCTAssertNil(only[.link])
        let a = classifier.verdicts(full)
        let b = classifier.verdicts(only)
        XCTAssertEqual(a.map(\.match), b.map(\.match))
        XCTAssertEqual(a.map(\.hits), b.map(\.hits))
        XCTAssertEqual(a.map(\.match), [true, true])
    }

    /// A phrase wakes its rule by its longest word alone (`RuleProgram.required`): short words
    /// such as `in` or `to` would wake it for every item, and the phrase cannot match without
    /// its longest word. Verdicts stay those of the rule evaluated on its own, without waking.
    func testAPhraseWakesItsRuleByItsLongestWord() throws {
        let rules = ["\"remain in Mexico\"", "\"path to citizenship\" OR ICE", "\"sanctuary cit*\" NEAR/5 raid*", "\"in the\" AND budget", "\"a b\"",
                     "\"DACA law\"", "budget AND NOT \"remain in Mexico\"", "title:\"remain in Mexico\""]
        let programs = try rules.map { RuleProgram(try RuleParser.parse($0)) }
        func required(_ p: RuleProgram) -> Set<String> { Set(p.required?.map { p.terms[$0].folded } ?? []) }
        XCTAssertEqual(required(programs[0]), ["remain"])
        XCTAssertEqual(required(programs[1]), ["citizenship", "ice"])
        XCTAssertEqual(required(programs[2]), ["sanctuary", "raid"])
        XCTAssertEqual(required(programs[3]), ["the", "budget"])
        XCTAssertEqual(required(programs[4]), ["a"])  // of two as long, the first
        XCTAssertEqual(required(programs[5]), ["daca"])  // capitals-only: recorded only where it matched in capitals
        XCTAssertEqual(required(programs[6]), ["budget"])  // nothing under NOT
        XCTAssertEqual(required(programs[7]), ["remain"])
        let topics = try rules.enumerated().map { Topic(name: "t\($0)", rule: try RuleParser.parse($1), exclude: nil, minScore: nil, similarity: nil) }
        let classifier = Classifier(topics)
        let docs = [Document(title: "They remain in Mexico", text: "stay in town"),
                    Document(title: "In the budget", text: "a path to citizenship"),
                    Document(title: "a b c", text: "raids in sanctuary cities"),
                    Document(title: "stay in the city", text: "to remain"),
                    Document(title: "DACA LAW RULING", text: "the court ruled"),  // shouting: capitals say nothing
                    Document(title: "DACA LAW RULING", text: "a DACA law ruling"),
                    Document(title: "daca law", text: "budget vote; they remain in Mexico")]
        var matched = 0
        for doc in docs {
            let verdicts = classifier.verdicts(doc)
            for (k, r) in rules.enumerated() {
                let alone = Matcher.evaluate(try RuleParser.parse(r), doc)
                XCTAssertEqual(verdicts[k].match, alone.matches, "\(r) on \(doc[.title]!.text)")
                XCTAssertEqual(verdicts[k].hits, alone.matches ? alone.hits : [], "\(r) on \(doc[.title]!.text)")
                if alone.matches { matched += 1 }
            }
        }
        // Every rule matches: "remain in Mexico" twice (a title, a text), the others once each;
        // "DACA law" only in the text that does not shout, the title-only phrase only in a
        // title, the NOT only where the phrase is not.
        XCTAssertEqual(matched, 9)
    }

    /// The classifier evaluates only the topics some occurring term can wake: rules that can hold
    /// without a word of their own (NOT, regexes), exclusions, capitals-only terms, fields and
    /// topics that score by seeds must come out as when every topic is decided on its own.
    func testSkippingTopicsWithoutTheirWordsChangesNoVerdict() throws {
        let sim = Similarity(seeds: [seed], background: background)
        func rule(_ s: String) throws -> Rule { try RuleParser.parse(s) }
        let topics = [
            Topic(name: "plain", rule: try rule("ICE OR deport* OR \"border patrol\""), exclude: nil, minScore: nil, similarity: nil),
            Topic(name: "not", rule: try rule("NOT hockey"), exclude: nil, minScore: nil, similarity: nil),
            Topic(name: "or-not", rule: try rule("budget OR NOT hockey"), exclude: nil, minScore: nil, similarity: nil),
            Topic(name: "and-not", rule: try rule("raid* AND NOT police"), exclude: nil, minScore: nil, similarity: nil),
            Topic(name: "exclude", rule: try rule("raid*"), exclude: try rule("police OR hockey"), minScore: nil, similarity: nil),
            Topic(name: "regex", rule: try rule("/ra+ids?/i"), exclude: nil, minScore: nil, similarity: nil),
            Topic(name: "regex-or", rule: try rule("budget OR /\\d{4}/"), exclude: nil, minScore: nil, similarity: nil),
            Topic(name: "capitals", rule: try rule("ICE AND agents"), exclude: nil, minScore: nil, similarity: nil),
            Topic(name: "field", rule: try rule("title:(raid* NEAR/3 cit*) OR author:jones"), exclude: nil, minScore: nil, similarity: nil),
            Topic(name: "seeds", rule: nil, exclude: nil, minScore: nil, similarity: sim),
            Topic(name: "rule-seeds", rule: try rule("sanctuary"), exclude: nil, minScore: 0.05, similarity: sim),
            Topic(name: "rule-seeds-ungated", rule: try rule("hockey"), exclude: nil, minScore: nil, similarity: sim),
            Topic(name: "москва", rule: try rule("москв* OR inmigración"), exclude: nil, minScore: nil, similarity: nil),
        ]
        let classifier = Classifier(topics)
        let docs = [
            Document(),
            Document(title: "ICE raids in sanctuary cities", text: "Deportations rose; border patrol agents watched."),
            Document(title: "Ice hockey final", text: "Police watched the game."),
            Document(title: "ICE RAIDS IN TWO CITIES", text: "AGENTS ARRIVED"),
            Document(title: "Budget vote in 2024", text: "The council met."),
            Document(title: "Raaaid on a farm", text: "No police."),
            Document(title: "Snow day", text: "Nothing happened.", author: "Ann Jones"),
            Document(title: "Новости: Москва", text: "La inmigración sube."),
        ]
        for doc in docs {
            let text = (doc[.title]?.text ?? "") + "\n" + (doc[.text]?.text ?? "")
            let together = classifier.verdicts(doc, similarityText: text)
            let alone = topics.map { $0.decide(doc, similarityText: text) }
            XCTAssertEqual(together.map(\.topic), alone.map(\.topic))
            XCTAssertEqual(together.map(\.match), alone.map(\.match), text)
            XCTAssertEqual(together.map(\.gate), alone.map(\.gate), text)
            XCTAssertEqual(together.map(\.hits), alone.map(\.hits), text)
            for (x, y) in zip(together, alone) { XCTAssertEqual(x.score ?? -1, y.score ?? -1, accuracy: 1e-12, "\(text): \(x.topic)") }
            let lean = classifier.verdicts(doc, everyScore: false)
            XCTAssertEqual(lean.map(\.match), alone.map(\.match), text)
            XCTAssertEqual(lean.map(\.hits), alone.map(\.hits), text)
            // The decisions `classify --json` writes from: the same verdicts, and each hit's text
            // read from the item's bytes (ASCII) or made (other text) is the verdict's.
            var decisions = Classifier.Decisions()
            classifier.decide(doc, into: &decisions)
            let decided = classifier.decided(doc)
            XCTAssertEqual(decisions.list.map(\.topic), decided.map(\.topic), text)
            for (d, v) in zip(decisions.list, decided) {
                XCTAssertEqual(d.match, v.verdict.match, text)
                XCTAssertEqual(d.gate, v.verdict.gate, text)
                XCTAssertEqual(d.isQuiet, !v.verdict.match && v.verdict.score == nil && v.verdict.hits.isEmpty && v.verdict.gate == .rule, text)
                let written = decisions.withHitTexts { texts in
                    decisions.spans[d.hits].map { texts.bytes($0).map { String(decoding: $0, as: UTF8.self) } ?? texts.string($0) }
                }
                XCTAssertEqual(written, v.verdict.hits.map(\.text), text)
            }
            // `decided` names each topic once, in order, and leaves out only quiet verdicts.
            for everyScore in [true, false] {
                let decided = classifier.decided(doc, everyScore: everyScore)
                XCTAssertEqual(decided.map(\.topic), Array(Set(decided.map(\.topic))).sorted(), text)
                let named = Set(decided.map(\.topic))
                for k in topics.indices where !named.contains(k) {
                    let v = alone[k]
                    XCTAssertTrue(!v.match && v.hits.isEmpty && v.gate == .rule && (!everyScore || v.score == nil), "\(text): \(v.topic)")
                }
            }
        }
        // The cases are there: some topic matches only by NOT, by a regex, by capitals, by seeds.
        let matched = Set(docs.flatMap { doc in classifier.verdicts(doc).filter(\.match).map(\.topic) })
        XCTAssertTrue(matched.isSuperset(of: ["plain", "not", "or-not", "and-not", "exclude", "regex", "regex-or", "capitals", "field", "seeds", "москва"]), "\(matched)")
    }
}
