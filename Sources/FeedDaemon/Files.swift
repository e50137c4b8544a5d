#if canImport(Glibc)
import Glibc
#endif
import FeedParse
import FeedStore

/// A file that could not be read.
public struct ReadError: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
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
/// its permissions and, where the process may, its owner: a daemon reading it meanwhile sees the
/// old file or the new, never half. A symbolic link is followed: its target is replaced and the
/// link stays (a feeds.conf linked from a dotfiles folder stays one file). A path that is there
/// and is no regular file (a FIFO, `/dev/stdout`) is written into, not replaced.
public func replaceFile(_ path: String, with text: String) throws {
    let target = realpath(path, nil).map { resolved in
        defer { free(resolved) }
        return String(cString: resolved)
    } ?? path
    var info = stat()
    let exists = stat(target, &info) == 0
    if exists, (info.st_mode & S_IFMT) != S_IFREG {
        let fd = open(target, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(description: "\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        if let failure = writeAll(fd, Array(text.utf8)) { throw ReadError(description: "\(path): \(failure)") }
        return
    }
    let temporary = target + ".\(getpid()).tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    // Named by the path given, not by this temporary one (`export -o /no/such/x.xml` named x.xml.PID.tmp).
    guard fd >= 0 else { throw ReadError(description: "\(path): \(String(cString: strerror(errno)))") }
    // The mode as it was, not as the umask leaves it; the owner as it was when this process may
    // give it (root editing another user's file), else this process's.
    var failure: String?
    if fchmod(fd, exists ? info.st_mode & 0o7777 : 0o644 & ~currentUmask()) != 0 { failure = String(cString: strerror(errno)) }
    if exists, info.st_uid != geteuid() || info.st_gid != getegid() { _ = fchown(fd, info.st_uid, info.st_gid) }
    if failure == nil { failure = writeAll(fd, Array(text.utf8)) }
    if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
    close(fd)
    if failure == nil, rename(temporary, target) != 0 { failure = String(cString: strerror(errno)) }
    if let failure {
        unlink(temporary)
        throw ReadError(description: "\(path): \(failure)")
    }
}

/// Writes every byte; the error's text when it cannot.
private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> String? {
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if n < 0 { if errno == EINTR { continue }; return String(cString: strerror(errno)) }
        offset += n
    }
    return nil
}

/// The process's umask (reading it means setting it; set back at once).
private func currentUmask() -> mode_t {
    let mask = umask(0o022)
    umask(mask)
    return mask
}

/// Holds an exclusive lock (flock) on a file, for a read-modify-write of it by several processes
/// at once (two `feedsift add`s): `lock` returns once this process holds the lock on the file now
/// at `path`. A writer replaces the file by renaming a new one over it, so a process that waited
/// on the old file's lock finds another file at the path, and locks that one instead.
public final class FileLock {
    private let fd: Int32

    public init(_ path: String) throws {
        while true {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw ReadError(description: String(cString: strerror(errno))) }
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let message = String(cString: strerror(errno))
                    close(fd)
                    throw ReadError(description: "cannot lock it: \(message)")
                }
            }
            var held = stat(), now = stat()
            if fstat(fd, &held) == 0, stat(path, &now) == 0, held.st_dev == now.st_dev, held.st_ino == now.st_ino {
                self.fd = fd
                return
            }
            close(fd)  // replaced meanwhile: lock the new one
        }
    }

    deinit { close(fd) }
}

/// The daemon's hold on its state: one `feedsift run` a state. A second one polled beside the
/// first with no word, both writing the same matches (a new user's review). `fetch` and the
/// other commands take no hold: they work beside the daemon, as SQLite lets them.
public final class DaemonLock {
    private let fd: Int32

    /// `folder`: the state folder, made already (`LoadedConfig.openStore`).
    public init(folder: String) throws {
        let path = folder + "/daemon.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ReadError(description: "\(path): \(String(cString: strerror(errno)))") }
        inheritOwner(path)
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw ReadError(description: "another feedsift run uses this state (\(folder)): one daemon a state")
        }
        self.fd = fd
    }

    deinit { close(fd) }
}
