import ArgumentParser
import FeedDaemon

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate feeds.conf, its rules and its seed folders.",
        discussion: """
            Prints each problem with its place (feeds.conf:LINE[:COLUMN]: …); exits 78 when there is any. \
            The state folder must be one this user can make or write; check makes nothing.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let output = Output()
        // Seed documents the other commands leave out, and say so, are problems to `check`.
        let (loaded, problems) = LoadedConfig.load(global.configPath)
        // A state folder the daemon could not make or write would stop it at its start.
        let all = problems + (loaded?.warnings ?? []) + (loaded?.stateProblem.map { [$0] } ?? [])
        for p in all { output.error(p) }
        guard let loaded, all.isEmpty else { throw Exit.configuration }
        let seeds = loaded.topics.reduce(0) { $0 + $1.seeds.count }
        output.line(Array("\(loaded.path): ok: \(loaded.config.feeds.count) feeds, \(loaded.topics.count) topics, \(seeds) seed documents".utf8))
        output.flush()
    }
}
