import ArgumentParser
import FeedModel

/// The command line: argument parsing, one call into the library, output (style rule 13).
@main
struct Feedsift: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedsift",
        abstract: "A feed filter daemon: fetches feeds, keeps the items on your topics, republishes them.",
        version: FeedsiftVersion.number,
        subcommands: [Run.self, Fetch.self, Add.self, Remove.self, List.self, Tail.self, Export.self, Opml.self, Mark.self, Parse.self, Classify.self, Check.self]
    )
}
