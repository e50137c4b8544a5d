/// Name tables for `FeedDate`, copied from feedparser 6.0 (`feedparser/datetimes/*.py`) so that the
/// same words mean the same thing. Keys are compared as lower-case ASCII or as exact UTF-8 bytes.
extension FeedDate {
    /// Packs a name of at most 4 ASCII letters, lower-cased, into one integer for cheap comparison.
    static func key(_ name: String) -> UInt32 {
        var k: UInt32 = 0
        for (n, c) in name.utf8.prefix(4).enumerated() { k |= UInt32(c | 0x20) << (8 * UInt32(n)) }
        return k
    }

    static let etc = key("etc"), gmt = key("gmt"), utc = key("utc"), am = key("am"), pm = key("pm")

    /// Month abbreviations; feedparser matches the first three letters of a word (`rfc822.py`).
    static let months: [UInt32] = ["jan", "feb", "mar", "apr", "may", "jun",
                                   "jul", "aug", "sep", "oct", "nov", "dec"].map(key)

    /// Weekday abbreviations; a leading word starting with one of these is skipped (`rfc822.py`).
    static let weekdays: [UInt32] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map(key)

    /// Zone names and their offsets in hours east of UTC: feedparser's `timezone_names`
    /// (RFC 822 §5.1 plus a few North American and European names), with `utc` added.
    /// The military letters are only the four feedparser knows (RFC 822 signs: A = -1, N = +1);
    /// any other word reads as UTC, as in feedparser (and as RFC 2822 §4.3 advises for letters).
    static let zones: [(key: UInt32, hours: Int)] = [
        ("ut", 0), ("utc", 0), ("gmt", 0), ("z", 0),
        ("adt", -3), ("ast", -4), ("at", -4),
        ("edt", -4), ("est", -5), ("et", -5),
        ("cdt", -5), ("cst", -6), ("ct", -6),
        ("mdt", -6), ("mst", -7), ("mt", -7),
        ("pdt", -7), ("pst", -8), ("pt", -8),
        ("a", -1), ("n", 1), ("m", -12), ("y", 12),
        ("met", 1), ("mest", 2),
        // Beyond feedparser's names: the common ones of Europe, Asia and the Pacific whose
        // abbreviation is unambiguous (not IST, India's, Ireland's or Israel's); JST read as UTC
        // put a Japanese item nine hours ahead.
        ("wet", 0), ("west", 1), ("bst", 1), ("cet", 1), ("cest", 2), ("eet", 2), ("eest", 3), ("msk", 3),
        ("hkt", 8), ("sgt", 8), ("awst", 8), ("jst", 9), ("kst", 9), ("aest", 10), ("aedt", 11),
        ("nzst", 12), ("nzdt", 13), ("hst", -10), ("akst", -9), ("akdt", -8),
    ].map { (key($0.0), $0.1) }

    /// Greek month abbreviations as they appear in ISO-8859-7 feeds (`greek.py`), index = month - 1.
    static let greekMonths: [(name: [UInt8], month: Int)] = [
        ("Ιαν", 1), ("Φεβ", 2), ("Μάώ", 3), ("Μαώ", 3), ("Απρ", 4), ("Μάι", 5), ("Μαϊ", 5),
        ("Μαι", 5), ("Ιούν", 6), ("Ιον", 6), ("Ιούλ", 7), ("Ιολ", 7), ("Αύγ", 8), ("Αυγ", 8),
        ("Σεπ", 9), ("Οκτ", 10), ("Νοέ", 11), ("Νοε", 11), ("Δεκ", 12),
    ].map { (Array($0.0.utf8), $0.1) }

    /// Greek weekday abbreviations (`greek.py`); the handler only accepts dates that start with one.
    static let greekWeekdays: [[UInt8]] = ["Κυρ", "Δευ", "Τρι", "Τετ", "Πεμ", "Παρ", "Σαβ"]
        .map { Array($0.utf8) }

    /// Hungarian month names exactly as feedparser spells them (`hungarian.py`, including its
    /// `februári` and `máujus`), index = month - 1.
    static let hungarianMonths: [[UInt8]] = [
        "január", "februári", "március", "április", "máujus", "június",
        "július", "augusztus", "szeptember", "október", "november", "december",
    ].map { Array($0.utf8) }

    /// Korean markers (`korean.py`): 년 월 일 (year, month, day) and 오전 / 오후 (a.m. / p.m.).
    static let koreanYear: [UInt8] = [0xEB, 0x85, 0x84]
    static let koreanMonth: [UInt8] = [0xEC, 0x9B, 0x94]
    static let koreanDay: [UInt8] = [0xEC, 0x9D, 0xBC]
    static let koreanO: [UInt8] = [0xEC, 0x98, 0xA4]                      // 오, first of 오전 and 오후
    static let koreanAM: [UInt8] = [0xEC, 0x98, 0xA4, 0xEC, 0xA0, 0x84]
    static let koreanPM: [UInt8] = [0xEC, 0x98, 0xA4, 0xED, 0x9B, 0x84]
}
