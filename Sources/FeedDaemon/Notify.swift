#if canImport(Glibc)
import Glibc
#endif

/// systemd's notification protocol without libsystemd: one datagram to `$NOTIFY_SOCKET`
/// (https://www.freedesktop.org/software/systemd/man/sd_notify.html). Does nothing outside systemd.
public struct Notifier: Sendable {
    let socketPath: String?
    /// Half the watchdog interval, in seconds, when systemd asked for pings.
    public let watchdogEvery: Double?

    public init() {
        socketPath = getenv("NOTIFY_SOCKET").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        var every: Double?
        if let usec = getenv("WATCHDOG_USEC").flatMap({ Double(String(cString: $0)) }), usec > 0 {
            // WATCHDOG_PID, when set, names the process meant; a child must not ping for its parent.
            let pid = getenv("WATCHDOG_PID").flatMap { Int32(String(cString: $0)) }
            if pid == nil || pid == getpid() { every = usec / 2e6 }
        }
        watchdogEvery = every
    }

    /// Sends `READY=1`, `STATUS=…`, `WATCHDOG=1`, `STOPPING=1` or several, one per line.
    @discardableResult
    public func send(_ state: String) -> Bool {
        guard let socketPath, socketPath.utf8.count < 108 else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketPath.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }  // an abstract socket
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in path.enumerated() { raw[i] = b }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count)
        let bytes = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), sa, length) }
            }
        }
        return sent == bytes.count
    }
}
