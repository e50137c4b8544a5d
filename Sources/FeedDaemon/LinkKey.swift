/// A story's link, normalised so that the same story carried by several feeds has one key:
/// scheme dropped (http and https), host lowercased without `www.` or a default port, the
/// fragment and tracking parameters (`utm_*`, `fbclid`, `gclid`…) removed, a trailing `/` dropped.
public enum LinkKey {
    static let tracking: Set<String> = ["fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "cmpid", "ocid"]

    public static func make(_ link: String?) -> String? {
        guard let link, !link.isEmpty else { return nil }
        var rest = Substring(link)
        guard let scheme = rest.firstRange(of: "://") else { return nil }
        let name = rest[..<scheme.lowerBound].lowercased()
        guard name == "http" || name == "https" else { return nil }
        rest = rest[scheme.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var host = rest[..<hostEnd].lowercased()
        if host.hasSuffix(":80") { host.removeLast(3) } else if host.hasSuffix(":443") { host.removeLast(4) }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        var path = rest[hostEnd...]
        var query = Substring("")
        if let q = path.firstIndex(of: "?") {
            query = path[path.index(after: q)...]
            path = path[..<q]
        }
        while path.hasSuffix("/") { path = path.dropLast() }
        let kept = query.split(separator: "&").filter { pair in
            let key = pair.prefix { $0 != "=" }.lowercased()
            return !key.hasPrefix("utm_") && !tracking.contains(key)
        }
        return "//" + host + path + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }
}
