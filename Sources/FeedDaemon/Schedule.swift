import FeedConfig
import FeedParse

/// When to poll a feed next, from what its last answer said. Pure: time and chance come in as
/// arguments, so the tests can pin them.
public struct Schedule: Sendable {
    /// The feed's configured interval, in seconds.
    public var every: Int
    /// Backoff never waits longer than this (unless `every` itself is longer).
    public static let maxBackoff = 24 * 3600
    /// Retry-After and max-age are believed up to this much.
    public static let maxServerDelay = 7 * 24 * 3600

    public init(every: Int) { self.every = max(1, every) }

    /// The next poll after a good answer: the interval, lengthened (never shortened) by the
    /// server's `Cache-Control: max-age` or the feed's `<ttl>` (minutes), plus jitter.
    public func afterSuccess(now: Int64, maxAge: Int?, ttlMinutes: Int?, random: Double) -> Int64 {
        var interval = every
        let hint = max(maxAge ?? 0, (ttlMinutes ?? 0) * 60)
        if hint > interval { interval = min(hint, max(every, Schedule.maxBackoff)) }
        return now + Int64(interval) + jitter(interval, random)
    }

    /// The next poll after the `failures`-th failure in a row: the interval doubled each time,
    /// capped at a day, with jitter; later still when `Retry-After` asks for longer. Never sooner
    /// for it: `429 Retry-After: 0`, or a date past, had a feed polled again at once, a dozen
    /// times in twelve seconds.
    public func afterFailure(now: Int64, failures: Int, retryAfter: Int?) -> Int64 {
        afterFailure(now: now, failures: failures, retryAfter: retryAfter, random: Double.random(in: 0..<1))
    }

    public func afterFailure(now: Int64, failures: Int, retryAfter: Int?, random: Double) -> Int64 {
        let cap = max(every, Schedule.maxBackoff)
        let doublings = min(max(failures - 1, 0), 30)
        let delay = min(every.multipliedReportingOverflow(by: 1 << doublings).overflow ? cap : every << doublings, cap)
        let backoff = Int64(delay) + jitter(delay, random)
        guard let retryAfter else { return now + backoff }
        return now + max(backoff, Int64(min(retryAfter, Schedule.maxServerDelay)))
    }

    /// Up to a tenth of the delay (at most five minutes), so that feeds added together drift apart.
    func jitter(_ delay: Int, _ random: Double) -> Int64 {
        Int64(Double(min(delay / 10, 300)) * random)
    }

    /// `Retry-After`: seconds, or an HTTP date (RFC 9110, 10.2.3); nil when unreadable.
    public static func retryAfter(_ value: String?, now: Int64) -> Int? {
        guard let value = value?.trimmingWhitespace(), !value.isEmpty else { return nil }
        if let seconds = Int(value) { return max(0, seconds) }
        guard let date = FeedDate.parse(value) else { return nil }
        return Int(max(0, date.seconds - now))
    }

    /// `max-age` of a `Cache-Control` header; `no-store`/`no-cache` say nothing about polling.
    public static func maxAge(_ value: String?) -> Int? {
        guard let value else { return nil }
        for part in value.split(separator: ",") {
            let p = part.trimmingWhitespace().lowercased()
            if p.hasPrefix("max-age="), let n = Int(p.dropFirst(8).trimmingWhitespace()) { return max(0, n) }
        }
        return nil
    }
}
