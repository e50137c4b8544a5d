import ArgumentParser
import FeedConfig
import FeedDaemon
import FeedStore
import FeedParse
#if canImport(Glibc)
import Glibc
#endif

struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Check that a URL answers with a feed, and append it to [feeds] in feeds.conf.",
        discussion: "The rest of the file stays as it was. A running daemon picks the change up within seconds."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The feed's http(s) URL.")
    var url: String

    @Option(help: "A name for the feed (shown by list; remove accepts it).")
    var name: String?

    @Option(help: "Its poll interval: 30s, 15m, 2h, 1d (else the [daemon] default).")
    var every: String?

    @Option(help: "Comma-separated tags.")
    var tags: String?

    @Flag(name: .customLong("no-check"), help: "Add it without fetching it first.")
    var noCheck = false

    func run() throws {
        let output = Output()
        let tagList = tags.map { $0.split(separator: ",").map(String.init) } ?? []
        func edit(_ text: String, _ file: String) throws -> String {
            do {
                return try ConfigEdit.add(text, url: url, name: name, every: every, tags: tagList, file: file)
            } catch {
                output.error("\(error)")
                throw error.exitCode
            }
        }
        // Refused before fetching when it cannot be added; added to the file as it is after.
        let (path, file, text) = try global.configText()
        _ = try edit(text, file)
        if !noCheck {
            do {
                let feed = try Source.read(url)
                let parsed = try FeedParser.parse(feed.bytes, url: feed.url, contentType: feed.contentType)
                output.line(Array("\(url): \(parsed.format.rawValue), \(parsed.items.count) items: \(parsed.feed.title ?? "(untitled)")".utf8))
            } catch {
                output.error("\(url): \(error) (not added; --no-check adds it anyway)")
                throw ExitCode.failure
            }
        }
        try global.editConfig { text, file in (try edit(text, file), ()) }
        output.line(Array("added \(url) to \(path)".utf8))
        output.flush()
    }
}

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a feed's line from feeds.conf, by its URL or its name.",
        discussion: "The feed's items and matches stay in the state. Added again, it is fetched from the address feeds.conf gives, as a new feed is (not from where a permanent redirect had moved it, and even if it had answered 410), once the daemon reloads or `fetch` runs; what it delivered before is not matched again."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The feed's URL or name.")
    var feed: String

    func run() throws {
        let output = Output()
        let (removed, state) = try global.editConfig { text, file in
            do {
                let edit = try ConfigEdit.remove(text, urlOrName: feed, file: file)
                return (edit.text, (edit.removed, try? ConfigParser.parse(edit.text, file: file).daemon.state))
            } catch let error as ConfigEditError {
                output.error("\(error)")
                throw error.exitCode
            }
        }
        output.line(Array("removed: \(removed)".utf8))
        // The state learns it at once that the feed left: added again, it starts over (Store.ensureFeeds).
        let path = global.configPath
        let directory = LoadedConfig.resolve(state ?? ".feedsift", against: LoadedConfig.directory(of: path))
        if let url = removed.split(whereSeparator: { $0 == " " || $0 == "\t" }).first, access(Store.databasePath(in: directory), F_OK) == 0 {
            do { try Store(directory: directory).unlist(url: String(url)) } catch {
                output.error("\(directory): the feed's line is removed, but the state could not note it: \(error)")
            }
        }
        output.flush()
    }
}

extension ConfigEditError {
    /// 1 when the feed is already there (or not there); 78 when feeds.conf itself is wrong;
    /// 64 when an argument is (a bad duration, a URL that is not http(s), an ambiguous name).
    var exitCode: ExitCode {
        switch cause {
        case .conflict: .failure
        case .configuration: Exit.configuration
        case .argument: Exit.usage
        }
    }
}
