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

    /// No command is a usage error (exit 64, interface.md), not a request for help: a script
    /// that lost its command's name must not go on as if it had run.
    func run() throws {
        throw ValidationError("give a command (feedsift --help lists them)")
    }
}

extension Feedsift {
    /// `--config PATH` is a global option (interface.md): written before the command
    /// (`feedsift --config x.conf check`), it is moved after the command's name, where each
    /// command reads it (swift-argument-parser gives a parent's options to no subcommand).
    static func main() {
        main(globalOptionsAfterCommand(Array(CommandLine.arguments.dropFirst())))
    }

    /// The arguments with the `--config` options that come before the command moved after its
    /// name (and its subcommand's: `opml import`).
    static func globalOptionsAfterCommand(_ args: [String]) -> [String] {
        var moved: [String] = []
        var i = 0
        while i < args.count {
            if args[i] == "--config", i + 1 < args.count {
                moved += args[i...(i + 1)]
                i += 2
            } else if args[i].hasPrefix("--config=") {
                moved.append(args[i])
                i += 1
            } else {
                break
            }
        }
        guard !moved.isEmpty, i < args.count else { return args }
        if args[i] == "help" { return Array(args[i...]) }  // help reads no configuration
        var names = i
        var command: any ParsableCommand.Type = Feedsift.self
        while names < args.count,
              let sub = command.configuration.subcommands.first(where: { $0.configuration.commandName == args[names] }) {
            command = sub
            names += 1
        }
        return Array(args[i..<names]) + moved + Array(args[names...])
    }
}
