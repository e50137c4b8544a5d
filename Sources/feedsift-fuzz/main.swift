// The parser's fuzz target. Built and run by `make fuzz` (fuzz/run.sh), which compiles with
// `-sanitize=fuzzer,address -DFEEDSIFT_FUZZ`; an ordinary build makes a binary that says so.
#if FEEDSIFT_FUZZ
import CFuzzer
import Glibc
import FeedClassify
import FeedDaemon
import FeedModel
@_spi(Checks) import FeedParse

/// One input: the first byte picks what reads the rest: `R` the rule language, `O` the OPML
/// reader, `L` the link normaliser; otherwise the feed parser, offered the bytes with no HTTP
/// charset, a charset that outranks the document's, or a document URL for resolution, and the
/// whole pipeline runs, JSON output included, twice: with and without `Repair`'s rewriting of
/// escaped text and CDATA, which must give the same JSON.
private func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    if data[0] == UInt8(ascii: "R") {
        // A rule of the rule language, read and evaluated against a fixed item.
        if let rule = try? RuleParser.parse(String(decoding: bytes, as: UTF8.self)) {
            _ = Matcher.evaluate(rule, fuzzDocument)
        }
        return 0
    }
    if data[0] == UInt8(ascii: "O") {
        // A subscription list (`opml import`): strict XML, folders to tags.
        _ = try? OPMLReader.read(bytes)
        return 0
    }
    if data[0] == UInt8(ascii: "L") {
        // A link, normalised to a story key (text from any feed).
        _ = LinkKey.make(String(decoding: bytes, as: UTF8.self))
        return 0
    }
    let contentType: String?
    let url: String?
    switch data[0] % 4 {
    case 0: contentType = nil; url = nil
    case 1: contentType = "application/rss+xml; charset=windows-1251"; url = nil
    case 2: contentType = "text/xml; charset=shift_jis"; url = "http://example.com/a/b/feed.xml"
    default: contentType = nil; url = "https://example.org/x/"
    }
    let feed = try? FeedParser.parse(bytes, url: url, contentType: contentType)
    // Escaped text as CDATA and sections taken out (`Repair`) must read exactly as libxml2 reads
    // the document itself, broken documents included: a difference stops the run with this input.
    let plain = try? FeedParser.parse(bytes, url: url, contentType: contentType, rewritesText: false)
    if feed?.json != plain?.json { fatalError("feedsift-fuzz: the rewritten document reads differently") }
    // The plain text made while sanitizing must be the plain text of the HTML, and asking for
    // it must change nothing else.
    let withText = try? FeedParser.parse(bytes, url: url, contentType: contentType, makesText: true)
    if let withText {
        for item in withText.items {
            if let s = item.summary, let t = item.summaryText, t != FeedParser.plainText(html: s) {
                fatalError("feedsift-fuzz: a summary's plain text differs from the plain text of its HTML")
            }
            for c in item.content where c.text != nil && c.text != FeedParser.plainText(html: c.value) {
                fatalError("feedsift-fuzz: a content's plain text differs from the plain text of its HTML")
            }
        }
    }
    if withText?.withoutMadeText() != feed { fatalError("feedsift-fuzz: asking for plain text changed the feed") }
    if let withText { classifyItems(withText) }
    return 0
}

/// The items classified as `classify` does it: plain text, words, the background, the rule and
/// a seed score. The score from the terms the background numbered must be the score from the
/// words: a difference stops the run with this input.
private func classifyItems(_ feed: ParsedFeed) {
    var background = Background()
    let docs = feed.items.prefix(20).map { ItemText.document($0, feed: feed, texts: ItemText.texts($0)) }
    let terms = docs.map { background.add($0) }
    let similarity = Similarity(seeds: [fuzzSeed], counterExamples: [fuzzCounterExample], background: background)
    let classifier = Classifier([Topic(name: "t", rule: fuzzRule, exclude: nil, minScore: 0.05, similarity: similarity)])
    var decisions = Classifier.Decisions()
    for (doc, t) in zip(docs, terms) {
        let verdicts = classifier.verdicts(doc)
        if classifier.verdicts(doc, seedTerms: t) != verdicts {
            fatalError("feedsift-fuzz: a score from the background's ids differs from the score from the words")
        }
        // The hits `classify --json` writes from the item's bytes are the verdicts' texts.
        classifier.decide(doc, into: &decisions)
        let written = decisions.withHitTexts { texts in
            decisions.list.map { d in decisions.spans[d.hits].map { texts.bytes($0).map { String(decoding: $0, as: UTF8.self) } ?? texts.string($0) } }
        }
        if written != decisions.list.map({ verdicts[$0.topic].hits.map(\.text) }) {
            fatalError("feedsift-fuzz: the hits written from the item's bytes differ from its verdicts' hits")
        }
    }
}

private let fuzzSeed = "ICE agents raid sanctuary cities; immigrants detained for deportation, asylum claims denied. Беженцы, 難民."
private let fuzzCounterExample = "The team won the game in overtime as the ice storm closed schools."
private let fuzzRule = try? RuleParser.parse("ICE OR deport* OR \"sanctuary cit*\" OR (asylum NEAR/5 border) OR title:immigra*")

private let fuzzDocument = Document(title: "ICE raids in SANCTUARY cities: anti-ICE protest", text: "Deportations, asylum and the border patrol; inmigración y DACA.",
                                    author: "Ann Jones", category: "Immigration; Politics", feed: "News", link: "https://e.com/a")

/// libFuzzer's classic entry point: used when the linker keeps libFuzzer's own `main`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { fuzzOne(data, size) }

// When SwiftPM's `main` is the one linked, drive libFuzzer ourselves.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzzOne($0, $1) })
#else
print("feedsift-fuzz: built without the fuzzer; run `make fuzz`")
#endif
