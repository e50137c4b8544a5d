/// Addresses as a published feed may show them: other people's readers follow them.
public enum PublicURL {
    /// `url` without a user name and password (`https://user:secret@host/feed` -> `https://host/feed`):
    /// a feed followed with credentials must not publish them with its items.
    public static func withoutCredentials(_ url: String) -> String {
        guard let scheme = url.firstRange(of: "://") else { return url }
        let authority = url[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + String(url[url.index(after: at)...])
    }

    /// `url` when it is an http(s) address, else nil: an item's link becomes an `href` in the
    /// readers of the feed we publish, and a `javascript:` or `data:` one must not. Without
    /// credentials, as every address we publish.
    /// Characters no IRI holds (RFC 3987: space, controls, `<>"{}|\^` and backquote) are
    /// percent-encoded: the parser keeps a link as the feed wrote it (`a b.html`, as browsers
    /// read it), and an `href` with a raw space is no IRI to a validator or a strict reader.
    public static func link(_ url: String?) -> String? {
        guard let url else { return nil }
        let scheme = url.prefix { $0 != ":" }.lowercased()
        return scheme == "http" || scheme == "https" ? encoded(withoutCredentials(url)) : nil
    }

    static func encoded(_ url: String) -> String {
        func bad(_ b: UInt8) -> Bool {
            b <= 0x20 || b == 0x7F || b == 0x22 || b == 0x3C || b == 0x3E || b == 0x5C || b == 0x5E || b == 0x60
                || b == 0x7B || b == 0x7C || b == 0x7D
        }
        guard url.utf8.contains(where: bad) || url.unicodeScalars.contains(where: { $0.value >= 0x80 && $0.value < 0xA0 }) else { return url }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for u in url.unicodeScalars {
            let bytes = Array(String(u).utf8)
            if u.value < 0x80 ? bad(UInt8(u.value)) : u.value < 0xA0 {
                for b in bytes { out += [0x25, hex[Int(b >> 4)], hex[Int(b & 15)]] }
            } else {
                out += bytes
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
