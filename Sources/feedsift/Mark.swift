import ArgumentParser
import FeedDaemon
import FeedStore
#if canImport(Glibc)
import Glibc
#endif

struct Mark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark",
        abstract: "Feedback: copy a stored match into its topic's seeds (--relevant) or into not/ (--irrelevant).",
        discussion: "ID is a match id as `tail --json` shows it, or its first 6 or more characters. The seeds count from the next start or reload of the daemon."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The match's id (or its first characters).")
    var id: String

    @Flag(help: "Relevant: the match becomes a seed; irrelevant: a counter-example in not/.")
    var verdict: MarkVerdict

    enum MarkVerdict: String, EnumerableFlag {
        case relevant, irrelevant
    }

    func run() throws {
        let output = Output()
        let loaded = try global.load()
        do {
            let store = try Store(directory: LoadedConfig.resolve(loaded.config.daemon.state, against: loaded.directory))
            guard let match = try store.match(id: id) else {
                output.error("\(id): no stored match has this id (see `feedsift tail --json`)")
                throw ExitCode.failure
            }
            guard let file = match.file else {
                output.error("\(match.id): the match has no document")
                throw ExitCode.failure
            }
            guard let topic = loaded.topics.first(where: { $0.entry.name == match.topic }) else {
                output.error("\(match.id): its topic \(match.topic) is no longer in \(loaded.path)")
                throw ExitCode.failure
            }
            let path = LoadedConfig.resolve(file, against: loaded.directory)
            let document = try readFile(path).utf8String
            let name = String(path.split(separator: "/").last ?? "")
            let relevant = verdict == .relevant
            let target = relevant ? topic.seedFolder : topic.seedFolder + "/not"
            let other = relevant ? topic.seedFolder + "/not" : topic.seedFolder
            let (written, _) = try MatchWriter(folder: target).write(name: name, text: MatchDocument.seedText(fromMatch: document))
            // A second opinion replaces the first: the same document is never both a seed and a counter-example.
            if unlink(other + "/" + name) == 0 { output.line(Array("removed \(other)/\(name)".utf8)) }
            output.line(Array("\(relevant ? "seed" : "counter-example") \(written)".utf8))
            output.flush()
        } catch let error as ExitCode {
            throw error
        } catch {
            output.error("\(error)")
            throw ExitCode.failure
        }
    }
}
