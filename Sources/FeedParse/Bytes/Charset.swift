/// Charset names: the labels feeds and servers write, mapped to the one name we report.
///
/// The canonical names follow the WHATWG Encoding Standard's idea that a label names the encoding
/// browsers actually use: `gb2312` and `gbk` are decoded as gb18030 (their superset), `shift_jis`
/// as Microsoft's cp932, `ascii` as utf-8's subset.
enum Charset {
    /// The canonical lowercase name of a label, or nil for an empty label.
    static func canonical(_ label: String) -> String? {
        var s = label.lowercased()
        s = String(s.filter { !$0.isWhitespace && $0 != "\"" && $0 != "'" })
        if s.isEmpty { return nil }
        if let known = aliases[s] { return known }
        // Python's codecs read `_` as `-` (`windows_1250`, `mac_roman`, `cp_is`).
        s = s.replacing("_", with: "-")
        if let known = aliases[s] { return known }
        // IBM code pages: `437`, `ibm850`, `csibm861`, `cp-861` are cp437, cp850, cp861.
        for prefix in ["csibm", "ibm", "cp-", "cp", ""] where s.hasPrefix(prefix) {
            let number = s.dropFirst(prefix.count)
            if number.count == 3, number.allSatisfy(\.isASCII), number.allSatisfy(\.isNumber), number.first == "8" || number == "437" {
                return "cp" + number
            }
        }
        if s.hasPrefix("iso8859-") { return "iso-8859-" + s.dropFirst(8) }
        if s.hasPrefix("iso_8859-") { return "iso-8859-" + s.dropFirst(9) }
        if s.hasPrefix("cp125"), s.count == 6 { return "windows-" + s.dropFirst(2) }
        if s.hasPrefix("win-125") { return "windows-" + s.dropFirst(4) }
        return s
    }

    /// The name iconv(3) knows the canonical name by.
    static func iconvName(_ canonical: String) -> String {
        switch canonical {
        case "shift_jis": return "CP932"
        case "euc-kr": return "CP949"
        case "big5": return "BIG5-HKSCS"
        case "mac-iceland": return "MAC-IS"
        default: return canonical.uppercased()
        }
    }

    static let aliases: [String: String] = [
        "utf8": "utf-8", "utf-8": "utf-8", "unicode-1-1-utf-8": "utf-8",
        "ascii": "us-ascii", "us-ascii": "us-ascii", "ansi_x3.4-1968": "us-ascii",
        "latin1": "iso-8859-1", "latin-1": "iso-8859-1", "l1": "iso-8859-1",
        "iso-8859-1": "iso-8859-1", "iso_8859-1": "iso-8859-1", "iso8859-1": "iso-8859-1",
        "iso-ir-100": "iso-8859-1", "ibm819": "iso-8859-1", "cp819": "iso-8859-1",
        "windows-1252": "windows-1252", "cp1252": "windows-1252", "x-cp1252": "windows-1252",
        "win-1252": "windows-1252",
        "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030",
        "cp936": "gb18030", "gb_2312-80": "gb18030", "euc-cn": "gb18030", "chinese": "gb18030",
        "shift_jis": "shift_jis", "shift-jis": "shift_jis", "sjis": "shift_jis", "x-sjis": "shift_jis",
        "ms_kanji": "shift_jis", "windows-31j": "shift_jis", "cp932": "shift_jis",
        "euc-jp": "euc-jp", "x-euc-jp": "euc-jp", "iso-2022-jp": "iso-2022-jp",
        "big5": "big5", "big5-hkscs": "big5", "x-x-big5": "big5", "cn-big5": "big5",
        "euc-kr": "euc-kr", "ks_c_5601-1987": "euc-kr", "cp949": "euc-kr",
        "koi8-r": "koi8-r", "koi8r": "koi8-r", "koi8-u": "koi8-u",
        "utf-16": "utf-16", "utf-16le": "utf-16le", "utf-16be": "utf-16be",
        "utf-32": "utf-32", "utf-32le": "utf-32le", "utf-32be": "utf-32be",
        "tis-620": "windows-874", "windows-874": "windows-874",
        // Python's aliases for the Mac and IBM code pages that glibc's iconv has.
        "macroman": "macintosh", "mac-roman": "macintosh", "macintosh": "macintosh", "csmacintosh": "macintosh",
        "maccentraleurope": "mac-centraleurope", "mac-centraleurope": "mac-centraleurope",
        "maclatin2": "mac-centraleurope", "mac-latin2": "mac-centraleurope",
        "maccyrillic": "mac-cyrillic", "mac-cyrillic": "mac-cyrillic",
        "maciceland": "mac-iceland", "mac-iceland": "mac-iceland",
        "cp-is": "cp861", "ibm-is": "cp861",
    ]
}
