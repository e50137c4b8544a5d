#if canImport(Glibc)
import Glibc
#endif

/// Writes match documents into `seeds/<topic>/matches/`: atomically (a temporary file in the same
/// folder, fsync, then rename), idempotently (the same match twice is one file, written once).
public struct MatchWriter: Sendable {
    public let folder: String

    public init(folder: String) { self.folder = folder }

    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Writes the document unless a file of its name is already there; returns its path and
    /// whether it was written now.
    @discardableResult
    public func write(_ doc: MatchDocument) throws(WriteError) -> (path: String, written: Bool) {
        try write(name: doc.fileName, text: doc.rendered)
    }

    /// Writes `text` as `name` in the folder, atomically, unless that file is already there.
    @discardableResult
    public func write(name: String, text: String) throws(WriteError) -> (path: String, written: Bool) {
        do { try makeFolder(folder) } catch { throw WriteError(path: error.path, message: error.message) }
        let path = folder + "/" + name
        if access(path, F_OK) == 0 { return (path, false) }
        let temporary = folder + "/.\(name).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: temporary, message: String(cString: strerror(errno))) }
        let bytes = Array(text.utf8)
        var offset = 0
        var failure: String?
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; failure = String(cString: strerror(errno)); break }
            offset += n
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if let failure {
            unlink(temporary)
            throw WriteError(path: temporary, message: failure)
        }
        inheritOwner(temporary)
        guard rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(path: path, message: message)
        }
        return (path, true)
    }

    /// Removes the temporary files a killed writer left (`.NAME.PID.tmp`); no match document is
    /// ever half-written, but its temporary file can be left behind.
    public static func removeLeftovers(in folders: [String]) throws(WriteError) {
        for folder in folders {
            guard let dir = opendir(folder) else { continue }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                guard name.hasPrefix("."), name.hasSuffix(".tmp") else { continue }
                // `.NAME.PID.tmp`: a process that is still alive (a daemon beside `fetch`) may be
                // writing it right now; only a dead writer's file is left over.
                let parts = name.dropLast(4).split(separator: ".")
                if let pid = parts.last.flatMap({ Int32($0) }), pid > 0, kill(pid, 0) == 0 || errno == EPERM { continue }
                if unlink(folder + "/" + name) != 0, errno != ENOENT {
                    throw WriteError(path: folder + "/" + name, message: String(cString: strerror(errno)))
                }
            }
        }
    }
}
