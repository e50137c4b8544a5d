import ArgumentParser
import FeedConfig
import FeedDaemon
import FeedExport
import FeedModel
import FeedParse

struct Opml: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opml",
        abstract: "Subscription lists in OPML 2.0.",
        subcommands: [Import.self, ExportList.self]
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Add the feeds of an OPML file to [feeds]; folders become tags; feeds already there are skipped."
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The OPML file (as Feedly, Inoreader, NetNewsWire, Thunderbird, newsboat or Miniflux export it).")
        var file: String

        func run() throws {
            let output = Output()
            let feeds: [OPMLFeed]
            do {
                feeds = try OPMLReader.read(readFile(file))
            } catch let error as OPMLError {
                output.error("\(file):\(error.line == nil ? " " : "")\(error)")
                throw ExitCode.failure
            } catch {
                output.error("\(file): \(error)")
                throw ExitCode.failure
            }
            let (added, skipped) = try global.editConfig { text, name in try add(feeds, to: text, name: name, output: output) }
            output.line(Array("\(file): \(added) feeds added, \(skipped) skipped (already there or unusable)".utf8))
            output.flush()
        }

        /// feeds.conf's text with the feeds added (nil when none is), and how many were added and skipped.
        /// One edit for the whole list: added one by one, a thousand feeds took most of a minute.
        func add(_ feeds: [OPMLFeed], to text: String, name: String, output: Output) throws -> (text: String?, result: (Int, Int)) {
            let present: Set<String>
            // Names and URLs in use: a name names one feed (`ConfigEdit.add`), so a feed whose
            // title another feed has is added without a name rather than left out.
            var names: Set<String>
            do {
                let config = try ConfigParser.parse(text, file: name)
                present = Set(config.feeds.map(\.url))
                names = Set(config.feeds.compactMap(\.name)).union(present)
            } catch {
                for e in error.errors { output.error("\(e)") }
                throw Exit.configuration
            }
            var skipped = 0
            var batch: [ConfigEdit.NewFeed] = []
            for feed in feeds {
                if present.contains(feed.url) { skipped += 1; continue }
                // Tags as feeds.conf writes them: no commas or spaces inside one.
                let tags = feed.tags.map { String($0.map { $0 == "," || $0 == " " ? "-" : $0 }) }
                // A title feeds.conf cannot quote keeps its words: its '"' become '\''.
                let title = feed.name.map { String($0.map { $0 == "\"" ? "'" : $0 }) }
                let feedName = title.flatMap { names.contains($0) ? nil : $0 }
                // An interval feedsift does not read (another reader's "5 minutes") is left out, not the feed.
                var every = feed.every
                if let e = every, ConfigParser.duration(e) == nil {
                    output.warning("\(file): \(feed.url): every=\"\(e)\" is not a duration feedsift reads (30s, 15m, 2h, 1d): added without it")
                    every = nil
                }
                batch.append(ConfigEdit.NewFeed(url: feed.url, name: feedName, every: every, tags: tags))
                if let feedName { names.insert(feedName) }
                names.insert(feed.url)
            }
            do {
                let (edited, refused) = try ConfigEdit.add(text, feeds: batch, file: name)
                for r in refused { output.error("\(file): \(r.feed.url): \(r.error.message) (skipped)") }
                let added = batch.count - refused.count
                return (added > 0 ? edited : nil, (added, skipped + refused.count))
            } catch {
                output.error("\(error)")
                throw error.exitCode
            }
        }
    }

    struct ExportList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Every feed of feeds.conf, with its name and tags, as OPML 2.0 on standard output."
        )

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let loaded = try global.load()
            let feeds = loaded.config.feeds.map { f in
                OPMLFeed(url: f.url, name: f.name, tags: f.tags, every: f.every.map(Duration.format))
            }
            let output = Output()
            output.line(OPML.write(feeds, title: "feedsift subscriptions"))
            output.flush()
        }
    }
}
