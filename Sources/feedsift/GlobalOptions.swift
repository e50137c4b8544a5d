import ArgumentParser
import FeedConfig
import FeedDaemon
#if canImport(Glibc)
import Glibc
#endif

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (else $FEEDSIFT_CONFIG, else ./feeds.conf, else /etc/feedsift/feeds.conf).")
    var config: String?

    /// The configuration file to read, by the order interface.md gives.
    var configPath: String {
        if let config { return config }
        if let env = getenv("FEEDSIFT_CONFIG").map({ String(cString: $0) }), !env.isEmpty { return env }
        if access("feeds.conf", R_OK) == 0 { return "feeds.conf" }
        return "/etc/feedsift/feeds.conf"
    }

    /// The configuration with its topics; every problem printed with its place, then exit 78.
    func load() throws -> LoadedConfig {
        let (loaded, problems) = LoadedConfig.load(configPath)
        guard let loaded, problems.isEmpty else {
            let output = Output()
            for p in problems { output.error(p) }
            throw Exit.configuration
        }
        return loaded
    }
}

/// Exit codes of interface.md.
enum Exit {
    static let usage = ExitCode(64)
    static let configuration = ExitCode(78)
}
