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

    /// feeds.conf as text, for the commands that edit it (`add`, `remove`, `opml import`), and the
    /// file's name for messages; exit 78 when it cannot be read.
    func configText() throws -> (path: String, name: String, text: String) {
        let path = configPath
        do {
            return (path, path.split(separator: "/").last.map(String.init) ?? path, try readFile(path).utf8String)
        } catch {
            Output().error("\(path): cannot read: \(error)")
            throw Exit.configuration
        }
    }

    /// Replaces feeds.conf atomically with an edited text; exit 1 when it cannot be written.
    func writeConfig(_ text: String, to path: String) throws {
        do { try replaceFile(path, with: text) } catch {
            Output().error("\(error)")
            throw ExitCode.failure
        }
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
