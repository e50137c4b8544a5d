import ArgumentParser
import FeedConfig
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
}

/// Exit codes of interface.md.
enum Exit {
    static let usage = ExitCode(64)
    static let configuration = ExitCode(78)
}
