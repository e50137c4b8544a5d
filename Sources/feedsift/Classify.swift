import ArgumentParser
import FeedClassify
import FeedDaemon
import FeedModel
import FeedParse
import FeedStore
#if canImport(Glibc)
import Glibc
#endif

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Parse feeds and show each topic's verdict on every item; stores nothing.",
        discussion: """
            SOURCE is a file, '-' or an http(s) URL, as for parse. The topics are those of the configuration. \
            Seed scores weigh words by the background of ordinary news the daemon has saved in its state \
            (the items it has not read added, as it adds new items), so that they are the scores `run` would give \
            these items now; without a state, by the items read here. A stored match keeps the score it had \
            when it was decided: the background has grown since.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print JSON: one object a source, {\"items\": [...]}, as interface.md gives it.")
    var json = false

    @Argument(help: "Feeds to classify: paths, '-', or http(s) URLs.")
    var sources: [String]

    func validate() throws {
        if sources.isEmpty { throw ValidationError("give at least one SOURCE") }
    }

    func run() throws {
        Batch.keepFreedMemory()
        let output = Output()
        let loaded = try global.load()
        var failed = false
        // Why each source that failed did, for its JSON line (as `parse --json` gives it).
        var failures: [String: String] = [:]
        func read(_ source: String) -> ParsedFeed? {
            do {
                let document = try Source.read(source)
                return try FeedParser.parse(document.bytes, url: document.url, contentType: document.contentType, makesText: true)
            } catch {
                failed = true
                failures[source] = "\(error)"
                output.error("\(source): \(error)")
                return nil
            }
        }
        // The background of ordinary news the seed scores weigh words against: the one the
        // daemon keeps in the state, when there is one, with the items read now added, as the
        // daemon adds each new item before it scores it; so a score here is the score `run`
        // gives (a review found 0.196 here against 0.28 stored, and a verdict turned by
        // min-score). Without a state (a fresh install), what is being read now. Never the
        // seeds: many seeds on one subject would make its own words look common. Only seed
        // scores read it, so it is made only when a topic has seeds. Then every source is read
        // and every item split into words first (its document feeds the background, then the
        // rules and the score); else each source is read, classified and let go in turn, so
        // that memory holds one feed at a time.
        let needsBackground = loaded.topics.contains { !$0.seeds.isEmpty }
        let documents = { (feed: ParsedFeed, fields: [Field]) in
            feed.items.map { ItemText.document($0, feed: feed, texts: ItemText.texts($0), fields: fields) }
        }
        let feeds = needsBackground ? sources.map(read) : []
        let kept = feeds.map { $0.map { documents($0, Field.allCases) } ?? [] }
        // The daemon saves the background its seed profiles are made on (`Poller.saveBackground`).
        let (stored, store) = needsBackground ? Self.storedBackground(loaded, output: output) : (Background(), nil)
        var background = stored
        // An item the daemon has read (its story is in the state: by its link, or by its title
        // when it has none) is in its background already, and is not counted twice.
        let linklessTitles = (try? store?.titlesWithoutLinkKey()) ?? nil
        func counted(_ item: Item) -> Bool {
            guard let store else { return false }
            if let key = LinkKey.make(item.link) { return (try? store.story(linkKey: key)) != nil }
            // Only an item without a link, and with a title, is known by it.
            guard let title = item.title, !title.isEmpty else { return false }
            return linklessTitles?.contains(title) == true
        }
        let seedTerms = zip(feeds, kept).map { feed, docs in
            zip(feed?.items ?? [], docs).map { item, doc in counted(item) ? nil : background.add(doc) }
        }
        // The profiles the daemon's next poll of these items would score with: made again on the
        // grown background only when it grew as much as the daemon asks (`Sifter.rebuilds`), else
        // the ones made on the saved background. Without a state, on the items read here.
        let basis = Sifter.rebuilds(builtWith: stored.documents, documents: background.documents) ? background : stored
        let topics = loaded.topics.map { $0.topic(similarity: $0.similarity(on: basis)) }
        let classifier = Classifier(topics)
        let verdicts = ItemText.VerdictWriter(topics)
        var giveUps = RegexGiveUps(topics)
        let colour = isatty(1) != 0
        let gates = topics.map(\.scoreGate)
        var decisions = Classifier.Decisions()  // kept from item to item, with their room
        // The flag read once: its property wrapper's getter cost 450 instructions an item.
        let json = self.json
        for (k, source) in sources.enumerated() {
            guard let feed = needsBackground ? feeds[k] : read(source) else {
                if json {
                    var w = JSONWriter()
                    w.beginObject(); w.field("source", source); w.field("error", failures[source] ?? "could not be read"); w.endObject()
                    output.line(w)
                }
                continue
            }
            // Room for every item's verdicts (a quiet one is about 60 bytes), so that the output is not copied as it grows.
            var w = JSONWriter(capacity: json ? feed.items.count * (512 + 64 * topics.count) : 0)
            if json { w.beginObject(); if sources.count > 1 { w.field("source", source) }; w.key("items"); w.beginArray() }
            // Made after the topics, a document need split only the fields they read.
            for (i, (item, doc)) in zip(feed.items, needsBackground ? kept[k] : documents(feed, classifier.fields)).enumerated() {
                let terms = needsBackground ? seedTerms[k][i] : nil
                if json {
                    classifier.decide(doc, seedTerms: terms, into: &decisions)
                    ItemText.writeJSON(item, decisions, verdicts: verdicts, to: &w)
                } else {
                    output.line(Array(ItemText.readable(item, classifier.verdicts(doc, seedTerms: terms), gates: gates, colour: colour).utf8))
                }
                for line in giveUps.news() { output.error("\(source): item \(item.id ?? item.title ?? String(i + 1)): \(line)") }
            }
            if json { w.endArray(); w.endObject(); output.line(w) }
        }
        output.flush()
        if failed { throw ExitCode.failure }
    }
}

extension Classify {
    /// The background the daemon keeps in the state, and the state; an empty one and no state
    /// when there is no state yet, or (with a warning) when it cannot be read. Makes no state
    /// where there is none.
    static func storedBackground(_ loaded: LoadedConfig, output: Output) -> (Background, Store?) {
        guard loaded.stateExists else { return (Background(), nil) }
        do {
            let store = try loaded.openStore()
            let saved = try store.loadBackground()
            return (Background(documents: saved.documents, serialized: saved.terms, fold: saved.fold), store)
        } catch {
            output.warning("\(error); the scores weigh words by the items read now alone, not by the daemon's background")
            return (Background(), nil)
        }
    }
}

/// An item's verdicts as the command prints them.
extension ItemText {
    /// `decisions`: what `Classifier.decide` gives, in topic order; every other topic's is its
    /// quiet verdict. Quiet verdicts side by side are written as one piece of `verdicts.all`; a
    /// hit's text is written from the item's bytes (`Decisions.withHitTexts`), no String made.
    static func writeJSON(_ item: Item, _ decisions: Classifier.Decisions, verdicts: VerdictWriter, to w: inout JSONWriter) {
        // The texts' view is made only for an item with hits (the shipped topic's items mostly have none).
        if decisions.spans.isEmpty {
            writeJSON(item, decisions, nil, verdicts: verdicts, to: &w)
        } else {
            decisions.withHitTexts { writeJSON(item, decisions, $0, verdicts: verdicts, to: &w) }
        }
    }

    private static func writeJSON(_ item: Item, _ decisions: Classifier.Decisions, _ texts: HitTexts?, verdicts: VerdictWriter, to w: inout JSONWriter) {
        w.beginObject()
        w.field("id", item.id)
        w.field("title", item.title)
        w.field("link", item.link)
        w.key("topics"); w.beginArray()
        var run = 0  // the first topic of the quiet ones not written yet
        for d in decisions.list where !d.isQuiet {
            if run < d.topic { w.values(json: verdicts.run(run..<d.topic)) }
            run = d.topic + 1
            verdicts.writeVerdict(d, to: &w) { w in
                for (k, span) in decisions.spans[d.hits].enumerated() {
                    if k > 0 { w.raw(",") }
                    if let bytes = texts!.bytes(span) { w.rawString(utf8: bytes) } else { w.rawString(texts!.string(span)) }
                }
            }
        }
        if run < verdicts.count { w.values(json: verdicts.run(run..<verdicts.count)) }
        w.endArray()
        w.endObject()
    }

    /// Each topic's verdict as JSON, as interface.md gives it, from pieces made once a topic:
    /// its start (`{"topic":…,"match":…,`), then its score, its hits and its end by gate. And
    /// each topic's quiet verdict (no match, no score, no hits, by the rule: `Decision.isQuiet`),
    /// one after another with commas between: the commonest verdict by far (most items are on no
    /// topic), written for most topics of every item as it is.
    struct VerdictWriter {
        var all: [UInt8] = []
        /// Topic `k`'s quiet verdict is `all[starts[k]..<ends[k]]`.
        var starts: [Int] = []
        var ends: [Int] = []
        /// Topic `k`'s start: `starts[2 * k]` no match, `starts[2 * k + 1]` a match.
        var verdictStarts: [[UInt8]] = []
        var count: Int { starts.count }

        init(_ topics: [Topic]) {
            for (k, t) in topics.enumerated() {
                var name = JSONWriter()
                name.value(t.name)
                for match in [false, true] {
                    verdictStarts.append(Array(#"{"topic":"#.utf8) + name.bytes + Array(#","match":\#(match),"#.utf8))
                }
                var w = JSONWriter()
                writeVerdict(Decision(topic: k, match: false, score: nil, gate: .rule, hits: 0..<0), to: &w) { _ in }
                if !all.isEmpty { all.append(UInt8(ascii: ",")) }
                starts.append(all.count)
                all += w.bytes
                ends.append(all.count)
            }
        }

        /// The quiet verdicts of topics `r`, with their commas.
        func run(_ r: Range<Int>) -> ArraySlice<UInt8> { all[starts[r.lowerBound]..<ends[r.upperBound - 1]] }

        /// One verdict; `hits` writes its hits' strings with commas between (`JSONWriter.rawString`).
        func writeVerdict(_ d: Decision, to w: inout JSONWriter, hits: (inout JSONWriter) -> Void) {
            w.beginRawValue()
            w.raw(verdictStarts[2 * d.topic + (d.match ? 1 : 0)][...])
            if let score = d.score {
                w.raw(#""score":"#)
                w.rawNumber((score * 1000).rounded() / 1000)
                w.raw(",")
            }
            w.raw(#""hits":["#)
            hits(&w)
            w.raw(Self.end(d.gate))
        }

        /// A verdict's end after its hits.
        static func end(_ gate: Verdict.Gate) -> StaticString {
            switch gate {
            case .rule: #"],"gate":"rule"}"#
            case .exclude: #"],"gate":"exclude"}"#
            case .minScore: #"],"gate":"min-score"}"#
            case .score: #"],"gate":"score"}"#
            case .counterExample: #"],"gate":"not"}"#
            }
        }
    }

    /// `✔ topic 0.41  title with [hits] marked`, one line a topic under the item's title.
    /// `gates`: each topic's score gate (`Topic.scoreGate`), said in the reason.
    static func readable(_ item: Item, _ verdicts: [Verdict], gates: [Double?], colour: Bool) -> String {
        var lines = [item.title ?? "(untitled)"]
        for (v, gate) in zip(verdicts, gates) {
            let mark = v.match ? "match" : "no   "
            let score = v.score.map { " score \(String(format3: $0))" } ?? ""
            // Each word once, whatever its case or field, as `tail` shows a stored match's.
            let hits = Hit.distinctWords(v.hits).map { colour ? "\u{1B}[1;33m\($0.text)\u{1B}[0m" : "[\($0.text)]" }.joined(separator: " ")
            lines.append("  \(mark) \(v.topic)\(score)  (\(reason(v, gate: gate)))\(hits.isEmpty ? "" : "  " + hits)")
        }
        return lines.joined(separator: "\n")
    }

    /// What decided, in words (the JSON's `gate` names it), with the score's gate when it decided.
    static func reason(_ v: Verdict, gate: Double?) -> String {
        let value = gate.map { String(format3: $0) } ?? "?"
        switch (v.gate, v.match) {
        case (.rule, true): return "the rule holds"
        case (.rule, false): return "the rule does not hold"
        case (.exclude, _): return "excluded"
        case (.minScore, true): return "the rule holds, and the score reaches min-score \(value)"
        case (.minScore, false): return "the score is under min-score \(value)"
        case (.score, true): return "the seed score reaches \(value)"
        case (.score, false): return "the seed score is under \(value)"
        case (.counterExample, _): return "nearly a copy of a counter-example in not/"
        }
    }
}

extension String {
    /// A number with three decimals, without Foundation.
    init(format3 x: Double) {
        let scaled = Int((x * 1000).rounded())
        let frac = String(scaled % 1000)
        self = "\(scaled / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }
}
