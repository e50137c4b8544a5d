public import FeedModel

/// Feed dates to UTC `Timestamp`s, accepting what Python's feedparser 6.0 accepts
/// (`feedparser/datetimes/*.py`) and giving the same instant, except where noted below.
///
/// Formats, tried in feedparser's order:
/// - **W3C-DTF / RFC 3339 / ISO 8601** (`_parse_date_w3dtf`, `_parse_date_iso8601`):
///   `2003-12-13T18:30:02Z`, `t`/`z` in lower case, a space instead of `T`, fractional seconds
///   (`.` or `,`; dropped), `+hh:mm` / `+hhmm` / `+hh` / `Z` offsets, a zone word after a space,
///   reduced precision (`2003-12-13`, `2003-12`, `2003`, `…T18`, `…T18:30`), basic format
///   (`20031213T183002Z`), ordinal dates (`2003-335`, `2003335`), and feedparser's two-digit years
///   (`03-12-13`, `031213`, `03-335`) as 20xx. `24:00:00` and a leap second `:60` roll over.
/// - **RFC 822 / RFC 1123 / RFC 2822** (`_parse_date_rfc822`): `Sat, 13 Dec 2003 18:30:02 GMT`,
///   weekday optional, abbreviated or full, with or without comma; day and month in either order;
///   1–2 digit day; 2-digit years 00–89 → 20xx, 90–99 → 19xx; `hh`, `hh:mm` or `hh:mm:ss`; zone
///   `+0200`, `+02:00`, `GMT+02:00`, `Etc/GMT…`, a name from `zones`, none (UTC); words after the
///   zone are ignored.
/// - **asctime** (`_parse_date_asctime`): `Sun Jan  4 16:29:06 2004`, `Sun Jan 4 16:29:06 PST 2004`.
/// - **Perforce** (`_parse_date_perforce`): `Fri, 2006/09/15 08:19:53 EDT`.
/// - **Hungarian** `2004-július-13T9:15+01:00`, **Greek** `Κυρ, 11 Ιούλ 2004 12:00:00 EST`,
///   **Korean** OnBlog `2004년 05월 28일 01:31:15` and Nate `2004-05-25 오후 11:23:17` (+09:00).
///
/// Out-of-range fields (month 13, 30 February, hour 25) give nil, as feedparser's strict handlers do.
///
/// Deliberate differences, where feedparser's answer is an accident of its implementation (each is
/// tested, with the reason, in `FeedDateTests` and `scripts/date_cases_check.py`):
/// - ISO: no answers from a prefix match or from today's date (feedparser turns `2003-W50-6`, `20`,
///   `2006/01/20 …` into "this month"); no roll-over of impossible fields (`2003-02-30` is not
///   2 March); times and offset minutes it loses are kept (`20031213T183002Z`, `… 18:30:02 EST`,
///   `-0530`); `yyyy-ddd` is always ordinal.
/// - RFC 822: a weekday with no zone reads as UTC; `GMT+2`, `UTC-5`, `-05`, `GMT+2:00` mean what
///   they say. Perforce dates keep a numeric zone and may omit the weekday.
/// - Korean and Hungarian dates get their handlers' reading (unreachable in feedparser, whose ISO
///   prefix match answers first); 12 오전 is midnight and 12 오후 noon.
/// - Only ASCII digits are numbers (Python's `int` also takes `+5`, `1_0` and other scripts' digits).
public enum FeedDate {
    /// The instant `text` names, or nil if it is not a date feedparser would read.
    public static func parse(_ text: String) -> Timestamp? {
        var text = text
        return text.withUTF8 { DateScanner($0).parse() }
    }
}

/// A byte range of the input.
struct Span {
    var lo = 0, hi = 0
    var isEmpty: Bool { lo >= hi }
    var count: Int { hi - lo }
}

/// The first eight whitespace-separated words (Python's `str.split()`), in fixed storage so that
/// splitting allocates nothing.
struct Words {
    private var w0 = Span(), w1 = Span(), w2 = Span(), w3 = Span()
    private var w4 = Span(), w5 = Span(), w6 = Span(), w7 = Span()
    /// How many words, counting at most 8.
    private(set) var count = 0

    init() {}

    init(_ s: DateScanner) {
        var i = 0
        while i < s.b.count, count < 8 {
            let w = s.space(i)
            if w > 0 { i += w; continue }
            let start = i
            repeat { i += 1 } while i < s.b.count && s.space(i) == 0
            append(Span(lo: start, hi: i))
        }
    }

    mutating func append(_ w: Span) {
        switch count {
        case 0: w0 = w
        case 1: w1 = w
        case 2: w2 = w
        case 3: w3 = w
        case 4: w4 = w
        case 5: w5 = w
        case 6: w6 = w
        case 7: w7 = w
        default: return
        }
        count += 1
    }

    /// The `k`th word; an empty span (a missing field) when `k` is out of range.
    subscript(_ k: Int) -> Span {
        guard k < count else { return Span() }
        switch k {
        case 0: return w0
        case 1: return w1
        case 2: return w2
        case 3: return w3
        case 4: return w4
        case 5: return w5
        case 6: return w6
        case 7: return w7
        default: return Span()
        }
    }
}

/// The parser proper, over the UTF-8 bytes of one input with leading whitespace removed.
struct DateScanner {
    let b: UnsafeBufferPointer<UInt8>

    /// Results must lie in 0001-01-01T00:00:00Z ... 9999-12-31T23:59:59Z, as Python's `datetime`.
    static let range: ClosedRange<Int64> = -62_135_596_800 ... 253_402_300_799

    init(_ raw: UnsafeBufferPointer<UInt8>) {
        b = UnsafeBufferPointer(rebasing: raw[DateScanner(whole: raw).skipSpace(0)...])
    }

    private init(whole: UnsafeBufferPointer<UInt8>) { b = whole }

    func parse() -> Timestamp? {
        guard !b.isEmpty else { return nil }
        var t = iso()
        if t == nil {
            let words = Words(self)
            t = rfc822(words) ?? asctime(words) ?? perforce(words) ?? hungarian() ?? greek(words) ?? onBlog()
        }
        guard let t, DateScanner.range.contains(t.seconds) else { return nil }
        return t
    }

    // MARK: Bytes

    /// The byte at `i`, or 0 outside the input (0 is never a digit, letter or separator we look for).
    subscript(_ i: Int) -> UInt8 { i >= 0 && i < b.count ? b[i] : 0 }

    /// The length of the whitespace character at `i` (what Python's `str.split()` splits on), or 0.
    @inline(__always)
    func space(_ i: Int) -> Int {
        let c = self[i]
        if c > 0x20 && c < 0x80 { return 0 }                               // the common case
        if c == 0x20 || (0x09...0x0D).contains(c) || (0x1C...0x1F).contains(c) { return 1 }
        return c < 0x80 ? 0 : unicodeSpace(i)
    }

    func unicodeSpace(_ i: Int) -> Int {
        let c = self[i], c1 = self[i + 1], c2 = self[i + 2]
        switch c {
        case 0xC2 where c1 == 0x85 || c1 == 0xA0: return 2                 // U+0085, U+00A0
        case 0xE1 where c1 == 0x9A && c2 == 0x80: return 3                 // U+1680
        case 0xE2 where c1 == 0x80 && (0x80...0x8A).contains(c2): return 3 // U+2000–200A
        case 0xE2 where c1 == 0x80 && (c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF),
             0xE2 where c1 == 0x81 && c2 == 0x9F: return 3                 // U+2028/9, 202F, 205F
        case 0xE3 where c1 == 0x80 && c2 == 0x80: return 3                 // U+3000
        default: return 0
        }
    }

    func skipSpace(_ i: Int) -> Int {
        var i = i
        while i < b.count, case let w = space(i), w > 0 { i += w }
        return i
    }

    /// The end of the word starting at `i`.
    func wordEnd(_ i: Int) -> Int {
        var i = i
        while i < b.count, space(i) == 0 { i += 1 }
        return i
    }

    func isDigit(_ i: Int) -> Bool { (0x30...0x39).contains(self[i]) }

    /// How many ASCII digits start at `i`.
    func digits(_ i: Int) -> Int {
        var j = i
        while isDigit(j) { j += 1 }
        return j - i
    }

    /// The value of the `n` digits at `i` (the caller has checked they are digits; `n` is small).
    func value(_ i: Int, _ n: Int) -> Int {
        var v = 0
        for j in i..<(i + n) { v = v * 10 + Int(self[j] & 0x0F) }
        return v
    }

    /// The value of a span made only of ASCII digits; nil if it is empty, holds anything else
    /// (Python's `int()` would fail too) or exceeds 10^10, which no field can use (as minutes of
    /// offset it is 19,000 years), so no run of digits can overflow.
    func number(_ s: Span) -> Int? {
        guard !s.isEmpty else { return nil }
        var v = 0
        for i in s.lo..<s.hi {
            guard isDigit(i) else { return nil }
            v = v * 10 + Int(self[i] & 0x0F)
            if v > 10_000_000_000 { return nil }
        }
        return v
    }

    func matches(_ bytes: [UInt8], at i: Int) -> Bool {
        guard i >= 0, bytes.count <= b.count - i else { return false }
        for (k, c) in bytes.enumerated() where b[i + k] != c { return false }
        return true
    }

    /// Whether span `s` holds exactly `bytes`.
    func equals(_ s: Span, _ bytes: [UInt8]) -> Bool { bytes.count == s.count && matches(bytes, at: s.lo) }

    /// The lower-cased ASCII key of the first `n` bytes of `s` (see `FeedDate.key`); nil if
    /// shorter, or if any of them is not a letter.
    func key(_ s: Span, _ n: Int) -> UInt32? {
        guard s.count >= n, n <= 4 else { return nil }
        var k: UInt32 = 0
        for j in 0..<n {
            let c = self[s.lo + j] | 0x20
            guard (0x61...0x7A).contains(c) else { return nil }
            k |= UInt32(c) << (8 * UInt32(j))
        }
        return k
    }

    /// Month from the first three letters of a word (feedparser's `months.get(word[:3])`).
    func month(_ s: Span) -> Int? {
        guard let k = key(s, 3), let m = FeedDate.months.firstIndex(of: k) else { return nil }
        return m + 1
    }

    func isWeekday(_ s: Span) -> Bool {
        guard let k = key(s, 3) else { return false }
        return FeedDate.weekdays.contains(k)
    }

    // MARK: Fields shared by the RFC 822 family

    /// `hh`, `hh:mm` or `hh:mm:ss`, each field 1–9 digits; an empty span is midnight.
    func clock(_ s: Span) -> (h: Int, m: Int, s: Int)? {
        guard !s.isEmpty else { return (0, 0, 0) }
        var t = (h: 0, m: 0, s: 0), i = s.lo
        for n in 0..<3 {
            let r = digits(i)
            guard (1...9).contains(r) else { return nil }
            switch n {
            case 0: t.h = value(i, r)
            case 1: t.m = value(i, r)
            default: t.s = value(i, r)
            }
            i += r
            if i >= s.hi { return i == s.hi ? t : nil }
            guard self[i] == 0x3A else { return nil }                      // ':'
            i += 1
        }
        return nil
    }

    /// A zone word as feedparser's RFC 822 handler reads it, in seconds east of UTC: empty → UTC;
    /// `Etc/` is dropped; `GMT`/`UTC` may prefix an offset; `+hhmm`, `+hh:mm`; a known name;
    /// any other word → UTC. nil for an offset that is not digits.
    func zone(_ s: Span) -> Int? {
        var s = s
        if s.count >= 4, self[s.lo + 3] == 0x2F, key(s, 3) == FeedDate.etc { s.lo += 4 }   // "etc/"
        if s.count > 3, self[s.lo + 3] == 0x2B || self[s.lo + 3] == 0x2D,
           let k = key(s, 3), k == FeedDate.gmt || k == FeedDate.utc {
            s.lo += 3
        }
        guard !s.isEmpty else { return 0 }
        if self[s.lo] == 0x2B || self[s.lo] == 0x2D { return offset(s) }
        guard s.count <= 4, let k = key(s, s.count) else { return 0 }
        return (FeedDate.zones.first { $0.key == k }?.hours ?? 0) * 3600
    }

    /// `±hh`, `±h`, `±hh:mm`, `±hhmm` (feedparser: hours are the two digits after the sign, minutes
    /// whatever digits follow, after a colon or not). The whole span must be used.
    func offset(_ s: Span) -> Int? {
        let sign = self[s.lo] == 0x2D ? -1 : 1
        let i = s.lo + 1, run = min(digits(i), s.hi - i)
        var hours: Int, minutes = 0
        if run >= 3 {                                                      // hhmm…
            hours = value(i, 2)
            guard let m = number(Span(lo: i + 2, hi: s.hi)) else { return nil }
            minutes = m
        } else {
            guard run >= 1 else { return nil }
            hours = value(i, run)
            if i + run < s.hi {                                            // hh:mm
                guard self[i + run] == 0x3A, let m = number(Span(lo: i + run + 1, hi: s.hi)) else {
                    return nil
                }
                minutes = m
            }
        }
        return sign * (hours * 3600 + minutes * 60)
    }

    /// The instant of RFC 822-style fields, with Python `datetime`'s strict ranges.
    func instant(year: Int, month: Int, day: Int, clock c: Span, zone z: Span) -> Timestamp? {
        guard (1...9999).contains(year), let t = clock(c), t.h < 24, t.s < 60, let off = zone(z) else {
            return nil
        }
        return Timestamp(year: year, month: month, day: day, hour: t.h, minute: t.m, second: t.s,
                         offsetSeconds: off)
    }

    // MARK: RFC 822 family

    /// RFC 822 §5 as extended by RFC 1123 §5.2.14 and RFC 2822 §3.3 (`_parse_date_rfc822`):
    /// `[weekday] day month year [time [zone]] …`, day and month possibly swapped.
    func rfc822(_ w: Words) -> Timestamp? {
        let k = isWeekday(w[0]) ? 1 : 0
        guard w.count - k >= 3 else { return nil }
        let day: Int, month: Int
        if let d = number(w[k]) {
            guard let m = self.month(w[k + 1]) else { return nil }
            (day, month) = (d, m)
        } else if let m = self.month(w[k]), let d = number(w[k + 1]) {
            (day, month) = (d, m)
        } else {
            return nil
        }
        guard var year = number(w[k + 2]) else { return nil }
        // Two digits: 00-49 are 20xx, 50-99 19xx (RFC 2822 §4.3; feedparser's 90 read 89 as 2089).
        if w[k + 2].count <= 2 { year += year < 50 ? 2000 : 1900 }
        // A 12-hour clock (`6:30:02 PM GMT`): the hour moved, the zone after it.
        let meridiem = key(w[k + 4], 2).flatMap { w[k + 4].count == 2 ? $0 : nil }
        if let m = meridiem, m == FeedDate.am || m == FeedDate.pm, let t = clock(w[k + 3]), (1...12).contains(t.h),
           let at = instant(year: year, month: month, day: day, clock: w[k + 3], zone: w[k + 5]) {
            let hour = m == FeedDate.pm ? (t.h == 12 ? 12 : t.h + 12) : (t.h == 12 ? 0 : t.h)
            return Timestamp(seconds: at.seconds + Int64(hour - t.h) * 3600)
        }
        return instant(year: year, month: month, day: day, clock: w[k + 3], zone: w[k + 4])
    }

    /// C `asctime()` (`_parse_date_asctime`): `weekday month day time [zone] year`, handed to the
    /// RFC 822 reader reordered as feedparser does.
    func asctime(_ w: Words) -> Timestamp? {
        guard w.count == 5 || w.count == 6 else { return nil }
        var r = Words()
        r.append(w[0]); r.append(w[2]); r.append(w[1]); r.append(w[w.count - 1]); r.append(w[3])
        if w.count == 6 { r.append(w[4]) }
        return rfc822(r)
    }

    /// Perforce (`_parse_date_perforce`): `[weekday,] yyyy/mm/dd hh:mm:ss [zone]`.
    func perforce(_ w: Words) -> Timestamp? {
        let k = self[w[0].hi - 1] == 0x2C ? 1 : 0                          // ','
        let d = w[k]
        guard d.count >= 9, digits(d.lo) == 4, self[d.lo + 4] == 0x2F else { return nil }
        let r = digits(d.lo + 5)
        guard (1...2).contains(r), self[d.lo + 5 + r] == 0x2F, digits(d.lo + 6 + r) == 2,
              d.lo + 8 + r == d.hi, !w[k + 1].isEmpty
        else { return nil }
        return instant(year: value(d.lo, 4), month: value(d.lo + 5, r), day: value(d.lo + 6 + r, 2),
                       clock: w[k + 1], zone: w[k + 2])
    }

    /// Greek (`_parse_date_greek`): `Κυρ, 11 Ιούλ 2004 12:00:00 EST`, zone required.
    func greek(_ w: Words) -> Timestamp? {
        guard w.count >= 6, self[0] >= 0x80, self[w[0].hi - 1] == 0x2C,
              FeedDate.greekWeekdays.contains(where: { $0.count == w[0].count - 1 && matches($0, at: 0) }),
              let month = FeedDate.greekMonths.first(where: { equals(w[2], $0.name) })?.month,
              w[1].count == 2, let day = number(w[1]), w[3].count == 4, let year = number(w[3]),
              w[4].count == 8, digits(w[4].lo) == 2, digits(w[4].lo + 3) == 2, digits(w[4].lo + 6) == 2
        else { return nil }
        return instant(year: year, month: month, day: day, clock: w[4], zone: w[5])
    }

    // MARK: ISO 8601 family

    /// W3C-DTF (https://www.w3.org/TR/NOTE-datetime), RFC 3339 §5.6 and the ISO 8601 forms of
    /// `_parse_date_w3dtf` and `_parse_date_iso8601`; also the Korean Nate form, which starts alike.
    func iso() -> Timestamp? {
        var year = 0, month = 1, day = 1, ordinal: Int?, complete = true
        var i = digits(0)
        switch i {
        case 4:                                                            // yyyy[-mm[-dd]] | yyyy-ddd
            year = value(0, 4); complete = false
            if self[4] == 0x2D {
                let r = digits(5)
                if r == 3, self[8] != 0x2D {
                    ordinal = value(5, 3); i = 8; complete = true
                } else {
                    guard (1...3).contains(r) else { return nil }
                    month = value(5, r); i = 5 + r
                    if self[i] == 0x2D {
                        let r2 = digits(i + 1)
                        guard (1...2).contains(r2) else { return nil }
                        day = value(i + 1, r2); i += 1 + r2; complete = true
                    }
                }
            }
        case 8: (year, month, day) = (value(0, 4), value(4, 2), value(6, 2))      // yyyymmdd
        case 7: (year, ordinal) = (value(0, 4), value(4, 3))                       // yyyyddd
        case 6: (year, month, day) = (2000 + value(0, 2), value(2, 2), value(4, 2)) // yymmdd
        case 5: (year, ordinal) = (2000 + value(0, 2), value(2, 3))                // yyddd
        case 2 where self[2] == 0x2D:                                              // yy-mm-dd | yy-ddd
            year = 2000 + value(0, 2)
            if digits(3) == 3 {
                ordinal = value(3, 3); i = 6
            } else {
                guard digits(3) == 2, self[5] == 0x2D, digits(6) == 2 else { return nil }
                (month, day) = (value(3, 2), value(6, 2)); i = 8
            }
        default: return nil
        }

        var time: (h: Int, m: Int, s: Int)?
        if self[i] == 0x54 || self[i] == 0x74 {                            // 'T' or 't'
            i = skipSpace(i + 1)
            guard let t = isoTime(&i) else { return nil }
            time = t
        } else if case let j = skipSpace(i), j > i {
            if complete, ordinal == nil, matches(FeedDate.koreanO, at: j) {
                return nate(j, year: year, month: month, day: day)
            }
            if isDigit(j) {
                i = j
                guard let t = isoTime(&i) else { return nil }
                time = t
            }
        }

        var offset = 0
        let c = self[i]
        if c == 0x5A || c == 0x7A || c == 0x2B || c == 0x2D {              // zone attached: Z z + -
            let end = wordEnd(i)
            guard let z = zone(Span(lo: i, hi: end)) else { return nil }
            (offset, i) = (z, end)
        } else if i < b.count, space(i) == 0 {
            return nil                                                      // junk attached
        } else if time != nil, case let j = skipSpace(i), j < b.count {     // zone as a separate word
            let end = wordEnd(j)
            guard let z = zone(Span(lo: j, hi: end)) else { return nil }
            (offset, i) = (z, end)
        }
        // Words after a full date or a time are ignored (feedparser matches a prefix); a bare
        // `2003` or `2003-12` must stand alone.
        guard complete || time != nil || skipSpace(i) == b.count else { return nil }

        let t = time ?? (0, 0, 0)
        if time == nil { offset = 0 }                  // a date alone is midnight UTC, as in feedparser
        guard year >= 1 else { return nil }
        if let ordinal {
            guard (1...(Timestamp.isLeap(year) ? 366 : 365)).contains(ordinal),
                  let jan1 = Timestamp(year: year, month: 1, day: 1, hour: t.h, minute: t.m, second: t.s,
                                       offsetSeconds: offset)
            else { return nil }
            return Timestamp(seconds: jan1.seconds + Int64(ordinal - 1) * 86_400)
        }
        return Timestamp(year: year, month: month, day: day, hour: t.h, minute: t.m, second: t.s,
                         offsetSeconds: offset)
    }

    /// `hh[:mm[:ss]]` or `hhmm[ss]`, then an optional fraction (`.` or `,`), which is dropped.
    func isoTime(_ i: inout Int) -> (h: Int, m: Int, s: Int)? {
        var t = (h: 0, m: 0, s: 0)
        switch digits(i) {
        case 4: t = (value(i, 2), value(i + 2, 2), 0); i += 4
        case 6: t = (value(i, 2), value(i + 2, 2), value(i + 4, 2)); i += 6
        case let r where (1...2).contains(r):
            t.h = value(i, r); i += r
            if self[i] == 0x3A {
                let r2 = digits(i + 1)
                guard (1...2).contains(r2) else { return nil }
                t.m = value(i + 1, r2); i += 1 + r2
                if self[i] == 0x3A {
                    let r3 = digits(i + 1)
                    guard (1...2).contains(r3) else { return nil }
                    t.s = value(i + 1, r3); i += 1 + r3
                }
            }
        default: return nil
        }
        if self[i] == 0x2E || self[i] == 0x2C, isDigit(i + 1) { i += 1 + digits(i + 1) }
        return t
    }

    // MARK: Hungarian and Korean

    /// Korean Nate (`_parse_date_nate`): after the date, `오전` / `오후` and `h:m:s`, in +09:00.
    func nate(_ i: Int, year: Int, month: Int, day: Int) -> Timestamp? {
        let pm = matches(FeedDate.koreanPM, at: i)
        guard pm || matches(FeedDate.koreanAM, at: i) else { return nil }
        let j = skipSpace(i + 6)
        guard j > i + 6, case let r1 = digits(j), (1...2).contains(r1), self[j + r1] == 0x3A,
              case let r2 = digits(j + r1 + 1), (1...2).contains(r2), self[j + r1 + 1 + r2] == 0x3A,
              case let r3 = digits(j + r1 + r2 + 2), (1...2).contains(r3)
        else { return nil }
        let h = value(j, r1), hour = pm ? (h == 12 ? 12 : h + 12) : (h == 12 ? 0 : h)
        guard hour < 24, case let s = value(j + r1 + r2 + 2, r3), s < 60 else { return nil }
        return Timestamp(year: year, month: month, day: day, hour: hour, minute: value(j + r1 + 1, r2),
                         second: s, offsetSeconds: 9 * 3600)
    }

    /// Korean OnBlog (`_parse_date_onblog`): `2004년 05월 28일 01:31:15`, in +09:00.
    func onBlog() -> Timestamp? {
        guard digits(0) == 4, matches(FeedDate.koreanYear, at: 4),
              case let m = skipSpace(7), m > 7, digits(m) == 2, matches(FeedDate.koreanMonth, at: m + 2),
              case let d = skipSpace(m + 5), d > m + 5, digits(d) == 2, matches(FeedDate.koreanDay, at: d + 2),
              case let j = skipSpace(d + 5), j > d + 5, digits(j) == 2, self[j + 2] == 0x3A,  // hh:
              digits(j + 3) == 2, self[j + 5] == 0x3A, digits(j + 6) == 2,                     // mm:ss
              case let (h, s) = (value(j, 2), value(j + 6, 2)), h < 24, s < 60
        else { return nil }
        return Timestamp(year: value(0, 4), month: value(m, 2), day: value(d, 2), hour: h,
                         minute: value(j + 3, 2), second: s, offsetSeconds: 9 * 3600)
    }

    /// Hungarian (`_parse_date_hungarian`): `2004-július-13T9:15+01:00`.
    func hungarian() -> Timestamp? {
        guard digits(0) == 4, self[4] == 0x2D, !isDigit(5) else { return nil }
        var i = 5
        while i < b.count, self[i] != 0x2D { i += 1 }
        let name = Span(lo: 5, hi: i)
        guard let m = FeedDate.hungarianMonths.firstIndex(where: { equals(name, $0) }),
              case let r = digits(i + 1), (1...2).contains(r), self[i + 1 + r] == 0x54
        else { return nil }
        let day = value(i + 1, r)
        i += 2 + r
        let rh = digits(i)
        guard (1...2).contains(rh), self[i + rh] == 0x3A, digits(i + rh + 1) >= 2 else { return nil }
        let hour = value(i, rh), minute = value(i + rh + 1, 2)
        i += rh + 3
        guard self[i] == 0x2B || self[i] == 0x2D, digits(i + 1) == 2, self[i + 3] == 0x3A, digits(i + 4) >= 2,
              hour < 24
        else { return nil }
        let offset = (self[i] == 0x2D ? -1 : 1) * (value(i + 1, 2) * 3600 + value(i + 4, 2) * 60)
        return Timestamp(year: value(0, 4), month: m + 1, day: day, hour: hour, minute: minute,
                         offsetSeconds: offset)
    }
}
