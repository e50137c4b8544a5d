#if canImport(Glibc)
import Glibc
#endif

/// A folder that could not be made.
public struct FolderError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// `mkdir -p`: makes the folder and its parents where missing (each given its parent's owner,
/// `inheritOwner`).
func makeFolder(_ path: String) throws(FolderError) {
    var partial = path.hasPrefix("/") ? "/" : ""
    for part in path.split(separator: "/") {
        partial += part
        if mkdir(partial, 0o755) == 0 {
            inheritOwner(partial)
        } else if errno != EEXIST {
            throw FolderError(path: partial, message: String(cString: strerror(errno)))
        }
        partial += "/"
    }
}

/// Gives a file or folder root has just made the owner of the folder it is in, when that is
/// another user: an admin's `sudo feedsift fetch` or `mark` in the service's state made root's
/// files there (a database, `matches/`, a topic's folder), which the service, running as its own
/// user, could then not write (review: the daemon would not start, or matched without writing its
/// documents). A process that is not root makes files as itself, as any program does.
public func inheritOwner(_ path: String) {
    guard geteuid() == 0 else { return }
    let parent = path.lastIndex(of: "/").map { String(path[..<$0]) }.flatMap { $0.isEmpty ? "/" : $0 } ?? "."
    var info = stat()
    guard stat(parent, &info) == 0, info.st_uid != 0 else { return }
    _ = lchown(path, info.st_uid, info.st_gid)
}
