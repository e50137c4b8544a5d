import ArgumentParser
import FeedConfig
import FeedDaemon
import FeedStore
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
    /// file's name for messages; exit 78 when it cannot be read or is not UTF-8.
    func configText() throws -> (path: String, name: String, text: String) {
        let path = configPath
        let name = LoadedConfig.fileName(of: path)
        let bytes: [UInt8]
        do { bytes = try readFile(path) } catch {
            Output().error("\(path): cannot read: \(error)")
            throw Exit.configuration
        }
        do {
            return (path, name, try ConfigParser.text(bytes, file: name))
        } catch {
            Output().error("\(error)")
            throw Exit.configuration
        }
    }

    /// Edits feeds.conf: `edit` is given its text and its name for messages, and returns the new
    /// text (nil: nothing to write) and a result. Done under an exclusive lock on the file, read
    /// after the lock is taken: two commands editing at once (two `add`s, an `opml import` beside
    /// an `add`) each edit what the other wrote, where each wrote over the other's change before.
    /// Written back atomically, through a symbolic link, keeping the file's mode; exit 1 when it
    /// cannot be written.
    func editConfig<T>(_ edit: (_ text: String, _ name: String) throws -> (text: String?, result: T)) throws -> T {
        let path = configPath
        let lock: FileLock
        do { lock = try FileLock(path) } catch {
            Output().error("\(path): cannot read: \(error)")
            throw Exit.configuration
        }
        let (_, name, text) = try configText()
        let (edited, result) = try edit(text, name)
        if let edited {
            do { try replaceFile(path, with: edited) } catch {
                Output().error("\(error)")
                throw ExitCode.failure
            }
        }
        withExtendedLifetime(lock) {}
        return result
    }

    /// The configuration with its topics; every problem printed with its place, then exit 78.
    /// Seed documents left out are printed, and the command goes on (`LoadedConfig.warnings`).
    func load() throws -> LoadedConfig {
        let (loaded, problems) = LoadedConfig.load(configPath)
        let output = Output()
        guard let loaded, problems.isEmpty else {
            for p in problems { output.error(p) }
            // Found nowhere: say where it was looked for (a new user saw only the last place).
            if loaded == nil, config == nil, (getenv("FEEDSIFT_CONFIG").map { String(cString: $0).isEmpty } ?? true),
               access(configPath, F_OK) != 0 {
                output.error("no configuration: give --config PATH, or set FEEDSIFT_CONFIG; feedsift looked for ./feeds.conf, then \(configPath)")
            }
            throw Exit.configuration
        }
        for w in loaded.warnings { output.warning(w) }
        return loaded
    }
}

extension GlobalOptions {
    /// The state's store: a state folder that cannot be used is printed with its place (the
    /// `state =` line), and exits 78 when the folder cannot be made or written, 1 otherwise.
    func openStore(_ loaded: LoadedConfig) throws -> Store {
        do { return try loaded.openStore() } catch {
            Output().error(error.description)
            throw Exit.code(error)
        }
    }

    /// The same for a command that only reads the state (`list`, `tail`, `export`, `mark`): nil
    /// when there is none yet, which it does not make (a mistyped `state =`, or `list` before
    /// the first poll, left a new empty state behind).
    func existingStore(_ loaded: LoadedConfig) throws -> Store? {
        // Only a state that is not there is none: a path that cannot be one (a file where a
        // folder should be) is the problem `openStore` tells, at the `state =` line.
        if !loaded.stateExists, errno == ENOENT { return nil }
        return try openStore(loaded)
    }
}

/// Exit codes of interface.md.
enum Exit {
    static let usage = ExitCode(64)
    static let configuration = ExitCode(78)

    /// 78 for a state folder that cannot be used (`StateError.isConfiguration`), else 1.
    static func code(_ error: any Error) -> ExitCode {
        (error as? StateError)?.isConfiguration == true ? configuration : .failure
    }
}
