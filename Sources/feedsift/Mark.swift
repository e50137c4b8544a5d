import ArgumentParser
import FeedDaemon
import FeedModel
import FeedStore
#if canImport(Glibc)
import Glibc
#endif

struct Mark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark",
        abstract: "Feedback: copy a stored match into its topic's seeds (--relevant) or into not/ (--irrelevant).",
        discussion: """
            ID is a match id as `tail` shows it, or its first 6 or more characters. A running daemon takes the \
            new seed within a second. An irrelevant match also leaves `tail`, `export` and the served feeds.
            """
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
        // Ids are lowercase hexadecimal, as `tail` prints them.
        let id = self.id.lowercased()
        do {
            guard let store = try global.existingStore(loaded), let match = try store.match(id: id) else {
                let hint = id.count < 6 ? "give at least its first 6 characters, or the whole id" : "see `feedsift tail --json`"
                output.error("\(self.id): no stored match has this id (\(hint))")
                throw ExitCode.failure
            }
            guard let topic = loaded.topics.first(where: { $0.entry.name == match.topic }) else {
                output.error("\(match.id): its topic \(match.topic) is no longer in \(loaded.path)")
                throw ExitCode.failure
            }
            // The match document as written; one deleted by hand is made again from the store,
            // which keeps what it holds.
            let stored = MatchDocument(stored: match)
            var document = stored.rendered
            var name = stored.fileName
            // A match marked irrelevant before has no document: `mark` removed it.
            let wasDismissed = try store.isDismissed(id: match.id)
            if let file = match.file, !wasDismissed {
                let path = LoadedConfig.resolve(file, against: loaded.directory)
                name = String(path.split(separator: "/").last ?? Substring(name))
                do {
                    document = String(decoding: try readFile(path), as: UTF8.self)
                } catch {
                    output.warning("\(path): \(error); the seed is made from the stored match instead")
                }
            }
            let relevant = verdict == .relevant
            let target = relevant ? topic.seedFolder : topic.seedFolder + "/not"
            let other = relevant ? topic.seedFolder + "/not" : topic.seedFolder
            let (written, new) = try MatchWriter(folder: target).write(name: name, text: MatchDocument.seedText(fromMatch: document))
            // A second opinion replaces the first: the same document is never both a seed and a
            // counter-example. When the first cannot be removed, neither is the second kept.
            if unlink(other + "/" + name) == 0 {
                output.line(Array("removed \(other)/\(name)".utf8))
            } else if errno != ENOENT {
                let reason = String(cString: strerror(errno))
                if new { unlink(written) }
                output.error("\(other)/\(name): cannot remove it (\(reason)), so it is not made a \(relevant ? "seed" : "counter-example") either")
                throw ExitCode.failure
            }
            output.line(Array("\(relevant ? "seed" : "counter-example") \(written)".utf8))
            // An irrelevant match leaves the feeds and `tail`, and its document the matches folder
            // (a review: it stayed in the served feed); a relevant one comes back to them.
            try store.setDismissed(id: match.id, !relevant, at: Int64(time(nil)))
            if let file = match.file {
                let path = LoadedConfig.resolve(file, against: loaded.directory)
                if !relevant {
                    if unlink(path) == 0 { output.line(Array("removed \(path)".utf8)) }
                } else if wasDismissed, let slash = path.lastIndex(of: "/") {
                    // Back in the feeds, and its document back in the matches folder.
                    _ = try? MatchWriter(folder: String(path[..<slash])).write(name: String(path[path.index(after: slash)...]), text: stored.rendered)
                }
            }
            output.flush()
        } catch let error as ExitCode {
            throw error
        } catch {
            output.error("\(error)")
            throw ExitCode.failure
        }
    }
}
