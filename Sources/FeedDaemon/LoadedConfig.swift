#if canImport(Glibc)
import Glibc
#endif
public import FeedClassify
public import FeedConfig

/// Loads the configuration and its topics: rules compiled (a bad rule named by its line and
/// column in feeds.conf), seed folders read.
public struct LoadedConfig: Sendable {
    public var config: Config
    public var path: String
    /// The folder of the file: relative paths inside it resolve against this.
    public var directory: String
    public var topics: [TopicSource]
    /// Seed documents left out, each with its place and why (empty, unreadable, not UTF-8, a
    /// `not/` that cannot be read): `check` counts them as problems; the other commands and the
    /// daemon say so and go on with the others (an editor's lock file beside a seed stopped them).
    public var warnings: [String] = []

    /// A topic with the texts of its seeds, before a background exists to weigh them.
    public struct TopicSource: Sendable {
        public var entry: Config.TopicEntry
        public var rule: Rule?
        public var exclude: Rule?
        public var seeds: [String]
        public var counterExamples: [String]
        public var seedFolder: String

        /// The topic, its rule and exclusion compiled; `similarity`, its seeds' (`similarity(on:)`).
        public func topic(similarity: Similarity? = nil) -> Topic {
            Topic(name: entry.name, rule: rule, exclude: exclude, minScore: entry.minScore, similarity: similarity)
        }

        /// The seeds' similarity weighed against `background`; nil for a topic with neither seeds
        /// nor counter-examples (with counter-examples alone, it scores 0 and tells the items that
        /// nearly copy one, which the topic must not match).
        public func similarity(on background: Background) -> Similarity? {
            seeds.isEmpty && counterExamples.isEmpty ? nil : Similarity(seeds: seeds, counterExamples: counterExamples, background: background)
        }
    }

    /// Every problem: configuration, rules and seed folders, each with its place. nil when the
    /// file could not be read as a configuration (its topics' problems, and the seed documents
    /// left out, are listed all the same). Seed documents left out are the configuration's
    /// `warnings` when it reads.
    public static func load(_ path: String) -> (LoadedConfig?, [String]) {
        guard let bytes = try? readFile(path) else {
            return (nil, ["\(path): cannot read: \(String(cString: strerror(errno)))"])
        }
        let name = fileName(of: path)
        let text: String
        do { text = try ConfigParser.text(bytes, file: name) } catch { return (nil, error.errors.map(\.description)) }
        var config: Config
        var problems: [String] = []
        var parsed = true
        do {
            config = try ConfigParser.parse(text, file: name)
        } catch {
            parsed = false
            // The topics that could be read are checked too, for every problem at once; no configuration is loaded.
            problems = error.errors.map(\.description)
            guard let partial = error.partial else { return (nil, problems) }
            config = partial
        }
        let directory = directory(of: path)
        var topics: [TopicSource] = []
        var warnings: [String] = []
        // Polls come at most every 30 s (interface.md's shortest example): a feed asked for every
        // second (a review saw `every = 1s` polled twelve times in twelve seconds) is a burden
        // on its site that `per-host` does not lighten. Said, and read as 30 s.
        if config.daemon.every < shortestEvery {
            warnings.append("\(name):\(config.daemon.everyLine ?? 0): every: polls come at most every \(shortestEvery)s; read as \(shortestEvery)s")
            config.daemon.every = shortestEvery
        }
        for k in config.feeds.indices where (config.feeds[k].every ?? shortestEvery) < shortestEvery {
            warnings.append("\(name):\(config.feeds[k].line): every: polls come at most every \(shortestEvery)s; read as \(shortestEvery)s")
            config.feeds[k].every = shortestEvery
        }
        for entry in config.topics {
            func compile(_ value: Config.Value?) -> Rule? {
                guard let value else { return nil }
                do {
                    let rule = try RuleParser.parse(value.text)
                    // `immigration or asylum` reads "or" as a word (both words and "or" must be
                    // there), which a new user never means: said, as a warning.
                    for word in Set(LoadedConfig.operatorWords(rule)).sorted() {
                        let line = value.place(of: 0).line
                        let op = word == "near" ? "NEAR/n" : word.uppercased()
                        warnings.append("\(name):\(line): topic \(entry.name): \"\(word)\" is read as a word to find; the operators are written in capitals (\(op))")
                    }
                    return rule
                } catch {
                    let place = value.place(of: error.offset)
                    problems.append("\(name):\(place.line):\(place.column): \(error.message)")
                    return nil
                }
            }
            let rule = compile(entry.rule)
            let exclude = compile(entry.exclude)
            let folder = resolve(entry.seeds ?? "\(config.daemon.seeds)/\(entry.name)", against: directory)
            // A folder the topic names must be there; the default one only when there is no rule.
            let (seeds, seedProblems) = SeedFolder.read(folder, optional: entry.seeds == nil && entry.rule != nil)
            let (counter, counterProblems) = SeedFolder.read(folder + "/not", optional: true)
            let place = "\(name):\(entry.seedsLine ?? entry.line): topic \(entry.name): "
            problems += (seedProblems.missing + counterProblems.missing).map { place + $0 }
            warnings += (seedProblems.leftOut + counterProblems.leftOut).map { place + $0 }
            if entry.rule == nil, seeds.isEmpty {
                problems.append("\(name):\(entry.line): topic \(entry.name) has neither a rule nor seed documents")
            } else if entry.minScore != nil, seeds.isEmpty {
                problems.append("\(name):\(entry.line): topic \(entry.name): min-score needs seed documents (without them there is no score, and the topic would never match)")
            }
            topics.append(TopicSource(entry: entry, rule: rule, exclude: exclude, seeds: seeds, counterExamples: counter, seedFolder: folder))
        }
        guard parsed else { return (nil, problems + warnings) }
        var loaded = LoadedConfig(config: config, path: path, directory: directory, topics: topics)
        loaded.warnings = warnings
        return (loaded, problems)
    }

    /// The terms of a rule that are operators written in small letters (`or`, `and`, `not`, `near`).
    static func operatorWords(_ rule: Rule) -> [String] {
        switch rule {
        case let .term(t): ["or", "and", "not", "near"].contains(t.written) ? [t.written] : []
        // `near/5` is read as the words "near 5".
        case let .phrase(ts): ts.count == 2 && ts[0].written == "near" && Int(ts[1].written) != nil ? ["near"] : []
        case .regex: []
        case let .and(a, b), let .or(a, b), let .near(a, b, _): operatorWords(a) + operatorWords(b)
        case let .not(a), let .field(_, a): operatorWords(a)
        }
    }

    /// The shortest poll interval, in seconds.
    public static let shortestEvery = ConfigParser.shortestEvery

    /// A configuration file's name, as its messages start (`feeds.conf:12: …`).
    public static func fileName(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The folder of a configuration file, which its relative paths resolve against.
    public static func directory(of path: String) -> String {
        path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
    }

    public static func resolve(_ path: String, against directory: String) -> String {
        path.hasPrefix("/") ? path : directory + "/" + path
    }
}

/// A topic's seed documents: `*.txt` in its folder (not `matches/`), or in `not/`.
public enum SeedFolder {
    /// What kept documents out: a folder that is not there or cannot be read (`missing`, which
    /// stops the configuration), and documents left out (`leftOut`: the others are read).
    public struct Problems: Sendable {
        public var missing: [String] = []
        public var leftOut: [String] = []
    }

    /// The texts of the folder's `*.txt` files (`.TXT` too), in name order. Hidden files are no
    /// seeds: an editor's lock file (`.#story.txt`, a dangling link) or a copy's resource fork
    /// (`._story.txt`). `optional`: a folder that does not exist is no problem (one that cannot
    /// be read, or is a file, is).
    public static func read(_ folder: String, optional: Bool = false) -> ([String], Problems) {
        var problems = Problems()
        let (files, error) = files(folder)
        if let error {
            if !(optional && error == ENOENT) { problems.missing.append("seed folder \(folder): \(String(cString: strerror(error)))") }
            return ([], problems)
        }
        var texts: [String] = []
        for file in files {
            var info = stat()
            if stat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { continue }  // a folder named *.txt
            do {
                let bytes = try readFile(file)
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    problems.leftOut.append("seed \(file) is not UTF-8 text (left out; convert it with iconv)")
                    continue
                }
                if text.trimmingWhitespace().isEmpty {
                    problems.leftOut.append("seed \(file) is empty (left out)")
                } else {
                    texts.append(text)
                }
            } catch {
                problems.leftOut.append("seed \(file): \(error) (left out)")
            }
        }
        return (texts, problems)
    }

    /// The paths of the folder's seed files (`*.txt`, not hidden), in name order; or the error
    /// (`errno`) that kept the folder from being read.
    public static func files(_ folder: String) -> (paths: [String], error: Int32?) {
        guard let dir = opendir(folder) else { return ([], errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if !name.hasPrefix("."), name.lowercased().hasSuffix(".txt") { names.append(name) }
        }
        return (names.sorted().map { folder + "/" + $0 }, nil)
    }
}
