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
                output.error("\(file):\(error)")
                throw ExitCode.failure
            } catch {
                output.error("\(file): \(error)")
                throw ExitCode.failure
            }
            var (path, name, text) = try global.configText()
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
            // One edit for the whole list: added one by one, a thousand feeds took most of a minute.
            var skipped = 0
            var batch: [ConfigEdit.NewFeed] = []
            for feed in feeds {
                if present.contains(feed.url) { skipped += 1; continue }
                // Tags as feeds.conf writes them: no commas or spaces inside one.
                let tags = feed.tags.map { String($0.map { $0 == "," || $0 == " " ? "-" : $0 }) }
                let feedName = feed.name.flatMap { names.contains($0) ? nil : $0 }
                batch.append(ConfigEdit.NewFeed(url: feed.url, name: feedName, every: feed.every, tags: tags))
                if let feedName { names.insert(feedName) }
                names.insert(feed.url)
            }
            let refused: [(feed: ConfigEdit.NewFeed, error: ConfigEditError)]
            do {
                (text, refused) = try ConfigEdit.add(text, feeds: batch, file: name)
            } catch {
                output.error("\(error)")
                throw error.exitCode
            }
            for r in refused { output.error("\(file): \(r.feed.url): \(r.error.message) (skipped)") }
            skipped += refused.count
            let added = batch.count - refused.count
            if added > 0 { try global.writeConfig(text, to: path) }
            output.line(Array("\(file): \(added) feeds added, \(skipped) skipped (already there or unusable)".utf8))
            output.flush()
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
