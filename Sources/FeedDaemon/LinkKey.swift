/// A story's link, normalised so that the same story carried by several feeds has one key:
/// scheme dropped (http and https), host lowercased without `www.` or a default port, the
/// fragment and tracking parameters (`utm_*`, `fbclid`, `gclid`…) removed, a trailing `/` dropped.
/// Works on the link's bytes: it runs for every new item of every poll.
public enum LinkKey {
    static let tracking: Set<String> = ["fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "cmpid", "ocid"]

    public static func make(_ link: String?) -> String? {
        guard let link, !link.isEmpty else { return nil }
        let b = Array(link.utf8)
        func lower(_ c: UInt8) -> UInt8 { (0x41...0x5A).contains(c) ? c + 0x20 : c }
        // scheme
        guard let colon = b.firstIndex(of: 0x3A), colon + 2 < b.count, b[colon + 1] == 0x2F, b[colon + 2] == 0x2F else { return nil }
        let scheme = b[..<colon].map(lower)
        guard scheme == Array("http".utf8) || scheme == Array("https".utf8) else { return nil }
        let end = b.firstIndex(of: 0x23) ?? b.count  // '#'
        let hostStart = colon + 3
        var hostEnd = hostStart
        while hostEnd < end, b[hostEnd] != 0x2F, b[hostEnd] != 0x3F { hostEnd += 1 }
        var host = b[hostStart..<hostEnd].map(lower)
        if host.count > 3, host.suffix(3) == Array(":80".utf8) { host.removeLast(3) }
        if host.count > 4, host.suffix(4) == Array(":443".utf8) { host.removeLast(4) }
        if host.starts(with: Array("www.".utf8)) { host.removeFirst(4) }
        let q = b[hostEnd..<end].firstIndex(of: 0x3F) ?? end  // '?'
        var pathEnd = q
        while pathEnd > hostEnd, b[pathEnd - 1] == 0x2F { pathEnd -= 1 }
        var out: [UInt8] = [0x2F, 0x2F] + host + b[hostEnd..<pathEnd]
        if q < end {
            var kept = 0
            for pair in b[(q + 1)..<end].split(separator: 0x26, omittingEmptySubsequences: true) {  // '&'
                let key = String(decoding: pair.prefix { $0 != 0x3D }.map(lower), as: UTF8.self)
                if key.hasPrefix("utm_") || tracking.contains(key) { continue }
                out.append(kept == 0 ? 0x3F : 0x26)
                out.append(contentsOf: pair)
                kept += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
