import FeedModel

/// The key under which the store remembers each item of a feed (`items.guid`), so that an item
/// is read once and only once, poll after poll.
///
/// An item's id, as the parser gives it, is the key. But several items of one feed can share an
/// id: no guid and one link for all (the parser's id is then the link), or a CMS that repeats a
/// guid. By the id alone the first was the only one ever read. Such items are told apart by id,
/// title and date (`hashed`), without matching twice what was read before, whatever the number of
/// repeats from one poll to the next (a first fix keyed by the count, and matched an item again
/// when its repeats came or went):
/// - an item is seen when its hashed key is, or when its id is and the id is alone in this poll
///   (a title corrected later is the same item), or is shared but the item stored under it has
///   this title and date (a daily "ICE briefing" under one link is a new item each day);
/// - a new item is stored under its id when that is alone in the poll and free, else under the
///   hashed key; items identical in id, title and date in one poll are one item.
struct ItemKeys {
    private var idCounts: [String: Int] = [:]
    private var taken: Set<String> = []

    init(_ items: [Item]) {
        for item in items { if let id = item.id { idCounts[id, default: 0] += 1 } }
    }

    static func hashed(_ id: String, _ item: Item) -> String {
        StableHash.hex([id, item.title ?? "", (item.published ?? item.updated)?.rfc3339 ?? ""])
    }

    /// The key to store a new item under, or nil when the item was read before (or earlier in this poll).
    mutating func newKey(_ item: Item, seen: (String) throws -> Bool,
                         stored: (String) throws -> (title: String, published: Int64?)?) rethrows -> String? {
        guard let id = item.id else {
            let key = StableHash.hex([item.title ?? "", item.link ?? ""])
            return try taken.insert(key).inserted && !seen(key) ? key : nil
        }
        if (idCounts[id] ?? 0) == 1 {
            // Alone in the poll, the common case: one lookup for an item read before.
            if try seen(id) || seen(Self.hashed(id, item)) { return nil }
            return id
        }
        let hashed = Self.hashed(id, item)
        guard taken.insert(hashed).inserted else { return nil }  // the same item twice in this poll
        if try seen(hashed) { return nil }
        if try seen(id), let s = try stored(id), s.title == (item.title ?? ""), s.published == (item.published ?? item.updated)?.seconds {
            return nil
        }
        return hashed
    }
}
