internal import FeedModel

/// Writes the matches of a topic as a feed, in the three formats `feedsift export` offers:
/// Atom 1.0 (RFC 4287), RSS 2.0 (https://www.rssboard.org/rss-specification) and JSON Feed 1.1
/// (https://www.jsonfeed.org/version/1.1/). Pure: values in, UTF-8 bytes out.
///
/// Every format carries why an item matched (topic, score, the terms that hit): in XML as
/// `<fs:match>` in the `FeedWriter.namespace` namespace, in JSON Feed as the `_feedsift` extension.
public enum FeedWriter {
    /// feedsift's XML namespace for its extension elements and attributes (documented in
    /// docs/design.md). A name, not an address: nothing is fetched from it.
    public static let namespace = "https://github.com/feedsift/feedsift/ns/1.0"

    /// Home of the program, written as the generator's URI.
    static let home = "https://github.com/feedsift/feedsift"

    /// The id an entry is written with, the same in every format, so that a reader switching
    /// formats sees the same items: a tag URI (RFC 4151) that never changes for a match.
    public static func entryID(_ matchID: String) -> String {
        "tag:feedsift,2026:match/" + percentEncoded(matchID)
    }

    /// The match's score as written: at most four decimals, no exponent (`0.41`, `0.1235`).
    static func score(_ value: Double?) -> String? {
        guard let value, value.isFinite, abs(value) < 1e9 else { return nil }
        let rounded = (value * 10_000).rounded() / 10_000
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }

    /// Everything but RFC 3986 unreserved characters percent-encoded, so that any id makes a valid URI.
    static func percentEncoded(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
