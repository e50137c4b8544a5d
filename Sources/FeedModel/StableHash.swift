/// A hash that is the same in every process and on every machine (Swift's `Hasher` is seeded per
/// process): FNV-1a, 64 bits (http://www.isthe.com/chongo/tech/comp/fnv/), over parts joined
/// by a unit separator (0x1F), as 16 hexadecimal digits. For ids, not for security.
public enum StableHash {
    public static func hex(_ parts: [String]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for (k, part) in parts.enumerated() {
            if k > 0 { h ^= 0x1F; h = h &* 0x100_0000_01b3 }
            for b in part.utf8 { h ^= UInt64(b); h = h &* 0x100_0000_01b3 }
        }
        let digits = String(h, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
