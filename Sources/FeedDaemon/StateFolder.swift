#if canImport(Glibc)
import Glibc
#endif
public import FeedStore

/// A state folder that cannot be used: placed at the `state =` line, and a configuration problem
/// (exit 78: restarting will not help) when the folder cannot be made, written or opened.
public struct StateError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public var isConfiguration: Bool
}

extension LoadedConfig {
    /// The state folder (`[daemon] state`), resolved against the configuration's folder.
    public var stateFolder: String { LoadedConfig.resolve(config.daemon.state, against: directory) }

    /// Whether the state's database is there (the commands that only read it make none).
    public var stateExists: Bool { access(Store.databasePath(in: stateFolder), F_OK) == 0 }

    /// The store in the state folder, opened (the folder and database made when missing).
    public func openStore() throws(StateError) -> Store {
        do {
            return try Store(directory: stateFolder)
        } catch let error as FolderError {
            throw StateError(description: stateMessage(error.description), isConfiguration: true)
        } catch let error as DatabaseError {
            throw StateError(description: stateMessage(error.description), isConfiguration: error.isAccess)
        } catch {
            throw StateError(description: stateMessage("\(error)"), isConfiguration: false)
        }
    }

    /// Why the state folder could not be used, found without making anything (`check`): the
    /// folder, or the nearest of its parents that is there, must be a folder this process can
    /// write, and a database there must be a file it can read and write. nil when it can.
    public var stateProblem: String? {
        var probe = stateFolder
        var info = stat()
        while stat(probe, &info) != 0 {
            guard errno == ENOENT else { return stateMessage("\(probe): \(String(cString: strerror(errno)))") }
            guard let slash = probe.lastIndex(of: "/") else { probe = "."; continue }
            probe = slash == probe.startIndex ? "/" : String(probe[..<slash])
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { return stateMessage("\(probe): not a folder") }
        guard access(probe, W_OK | X_OK) == 0 else {
            return stateMessage("\(probe): cannot write here (\(String(cString: strerror(errno))))")
        }
        let database = Store.databasePath(in: stateFolder)
        if probe == stateFolder, access(database, F_OK) == 0, access(database, R_OK | W_OK) != 0 {
            return stateMessage("\(database): cannot read and write it (\(String(cString: strerror(errno))))")
        }
        return nil
    }

    /// `feeds.conf:3: state "x": …`, or without a line for the default folder.
    private func stateMessage(_ message: String) -> String {
        let name = LoadedConfig.fileName(of: path)
        let state = config.daemon.state
        return config.daemon.stateLine.map { "\(name):\($0): state \"\(state)\": \(message)" }
            ?? "\(name): state \"\(state)\" (the default): \(message)"
    }
}
