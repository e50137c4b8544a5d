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
    public static func link(_ url: String?) -> String? {
        guard let url else { return nil }
        let scheme = url.prefix { $0 != ":" }.lowercased()
        return scheme == "http" || scheme == "https" ? withoutCredentials(url) : nil
    }
}
