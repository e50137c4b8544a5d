import FeedFetch
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM, SIGINT and SIGHUP as events in the daemon's queue: blocked in every thread (call
/// `block()` before any thread starts, so that each inherits the mask) and taken by one thread
/// with `sigwait`, so no handler ever runs in the middle of our code.
public enum Signals {
    static let handled: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    static func set() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for s in handled { sigaddset(&set, s) }
        return set
    }

    public static func block() {
        var s = set()
        pthread_sigmask(SIG_BLOCK, &s, nil)
    }

    /// Starts the thread that turns each signal into `deliver(signal)`.
    public static func forward(_ deliver: @escaping @Sendable (Int32) -> Void) {
        startThread {
            var s = Signals.set()
            while true {
                var signal: Int32 = 0
                if sigwait(&s, &signal) == 0 { deliver(signal) }
            }
        }
    }
}
