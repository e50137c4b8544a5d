public import FeedModel

extension Timestamp {
    /// The date as RSS 2.0 writes it: RFC 822 §5 with a four-digit year (as RFC 1123 §5.2.14
    /// amends it) in GMT, `Sun, 29 Nov 2026 10:00:00 GMT`. English names, whatever the locale.
    public var rfc822: String {
        let (y, m, d, hh, mm, ss) = civil
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        // 1970-01-01 was a Thursday; the weekday table starts on Sunday.
        let weekday = Int(((days + 4) % 7 + 7) % 7)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        // Four digits always: a year 99 written `99` reads as 1999.
        let year = y >= 0 && y < 1000 ? String(repeating: "0", count: 4 - "\(y)".count) + "\(y)" : "\(y)"
        return "\(weekdays[weekday]), \(two(d)) \(months[m - 1]) \(year) \(two(hh)):\(two(mm)):\(two(ss)) GMT"
    }
}
