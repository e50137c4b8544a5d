import FeedFetch

/// The daemon's counters, in the Prometheus text format (`GET /metrics`): polls by outcome,
/// failures, new items, matches by topic, and a histogram of fetch durations. Written by the
/// daemon's loop, read by the HTTP server's tasks: under a lock.
public final class Metrics: @unchecked Sendable {
    private let lock = Lock()
    private var polls: [String: Int] = [:]
    private var items = 0
    private var matches: [String: Int] = [:]
    private var feeds = 0
    /// Upper bounds of the duration buckets, in seconds (the last, +Inf, is implicit).
    static let buckets: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
    private var durationCounts = [Int](repeating: 0, count: Metrics.buckets.count + 1)
    private var durationSum = 0.0

    public init() {}

    public func record(_ report: PollReport) {
        lock.locked {
            let outcome: String
            switch report.outcome {
            case let .updated(new): outcome = "updated"; items += new
            case .notModified: outcome = "not_modified"
            case .gone: outcome = "gone"
            case .failed: outcome = "failed"
            }
            polls[outcome, default: 0] += 1
            for m in report.matches { matches[m.topic, default: 0] += 1 }
            let bucket = Metrics.buckets.firstIndex { report.seconds <= $0 } ?? Metrics.buckets.count
            durationCounts[bucket] += 1
            durationSum += report.seconds
        }
    }

    public func setFeeds(_ n: Int) { lock.locked { feeds = n } }

    /// The text exposition format (https://prometheus.io/docs/instrumenting/exposition_formats/).
    public func render() -> String {
        lock.locked {
            var out = "# HELP feedsift_polls_total Polls of a feed, by outcome.\n# TYPE feedsift_polls_total counter\n"
            for outcome in ["updated", "not_modified", "failed", "gone"] {
                out += "feedsift_polls_total{outcome=\"\(outcome)\"} \(polls[outcome] ?? 0)\n"
            }
            out += "# HELP feedsift_poll_failures_total Polls that failed (network, HTTP status, not a feed, gone).\n"
            out += "# TYPE feedsift_poll_failures_total counter\n"
            out += "feedsift_poll_failures_total \((polls["failed"] ?? 0) + (polls["gone"] ?? 0))\n"
            out += "# HELP feedsift_items_total New items stored.\n# TYPE feedsift_items_total counter\nfeedsift_items_total \(items)\n"
            out += "# HELP feedsift_matches_total Items that matched a topic.\n# TYPE feedsift_matches_total counter\n"
            for (topic, n) in matches.sorted(by: { $0.key < $1.key }) {
                out += "feedsift_matches_total{topic=\"\(Metrics.label(topic))\"} \(n)\n"
            }
            out += "# HELP feedsift_feeds Feeds in the configuration.\n# TYPE feedsift_feeds gauge\nfeedsift_feeds \(feeds)\n"
            out += "# HELP feedsift_fetch_duration_seconds Time of each transfer.\n# TYPE feedsift_fetch_duration_seconds histogram\n"
            var cumulative = 0
            for (i, bound) in Metrics.buckets.enumerated() {
                cumulative += durationCounts[i]
                out += "feedsift_fetch_duration_seconds_bucket{le=\"\(bound)\"} \(cumulative)\n"
            }
            cumulative += durationCounts[Metrics.buckets.count]
            out += "feedsift_fetch_duration_seconds_bucket{le=\"+Inf\"} \(cumulative)\n"
            out += "feedsift_fetch_duration_seconds_sum \(durationSum)\n"
            out += "feedsift_fetch_duration_seconds_count \(cumulative)\n"
            return out
        }
    }

    /// A label value escaped as the format asks: backslash, double quote, newline.
    static func label(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}
