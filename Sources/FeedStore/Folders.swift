#if canImport(Glibc)
import Glibc
#endif

/// A folder that could not be made.
public struct FolderError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// `mkdir -p`: makes the folder and its parents where missing.
func makeFolder(_ path: String) throws(FolderError) {
    var partial = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
        partial += "/" + part
        if mkdir(partial, 0o755) != 0, errno != EEXIST {
            throw FolderError(path: partial, message: String(cString: strerror(errno)))
        }
    }
}
