#if canImport(Glibc)
import Glibc
#endif
import FeedParse

/// A file that could not be read.
public struct ReadError: Error, CustomStringConvertible {
    public var description: String
}

/// Reads a whole file (or standard input for nil) with read(2), up to the parser's limit.
public func readFile(_ path: String?) throws -> [UInt8] {
    let fd = path.map { open($0, O_RDONLY) } ?? 0
    guard fd >= 0 else { throw ReadError(description: String(cString: strerror(errno))) }
    defer { if path != nil { close(fd) } }
    // A regular file's size is known: read it straight into an array of that size.
    var info = stat()
    if path != nil, fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
        let size = Int(info.st_size)
        if size > FeedParser.maxBytes { throw ParseError.tooLarge(bytes: size, limit: FeedParser.maxBytes) }
        var filled = 0
        let bytes = try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while filled < size {
                let n = Glibc.read(fd, buffer.baseAddress! + filled, size - filled)
                if n < 0 { if errno == EINTR { continue }; count = filled; throw ReadError(description: String(cString: strerror(errno))) }
                if n == 0 { break }
                filled += n
            }
            count = filled
        }
        return bytes
    }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            throw ReadError(description: String(cString: strerror(errno)))
        }
        if n == 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
        if bytes.count > FeedParser.maxBytes {
            throw ParseError.tooLarge(bytes: bytes.count, limit: FeedParser.maxBytes)
        }
    }
    return bytes
}

/// Replaces a file's contents atomically (a temporary file beside it, fsync, rename), keeping
/// its permissions: a daemon reading it meanwhile sees the old file or the new, never half.
public func replaceFile(_ path: String, with text: String) throws {
    var info = stat()
    let mode = stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0o644
    let temporary = path + ".\(getpid()).tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    guard fd >= 0 else { throw ReadError(description: "\(temporary): \(String(cString: strerror(errno)))") }
    let bytes = Array(text.utf8)
    var offset = 0
    var failure: String?
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if n < 0 { if errno == EINTR { continue }; failure = String(cString: strerror(errno)); break }
        offset += n
    }
    if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
    close(fd)
    if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
    if let failure {
        unlink(temporary)
        throw ReadError(description: "\(path): \(failure)")
    }
}
