/// The background as the daemon stores it: `term\tcount\n` lines, written and read from bytes
/// (a cold poll's background holds a hundred thousand words: a String and a dictionary entry
/// each, only to be written out, cost more than the poll's SQLite work).
extension Background {
    /// Every word with its document frequency, one `term\tcount` line each: ASCII words in the
    /// order first counted, then the others in String order, so that the same counting writes
    /// the same bytes in every run (a dictionary's order is drawn anew in each process).
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(tallies.count * 12)
        func line(_ term: UnsafeBufferPointer<UInt8>, _ n: Int) {
            // A term never holds a tab or a newline (words split there), but keep the format safe.
            guard !term.contains(0x09), !term.contains(0x0A) else { return }
            out.append(contentsOf: term)
            out.append(0x09)
            out.append(contentsOf: String(n).utf8)
            out.append(0x0A)
        }
        for id in 0..<tallies.count { words.withBytes(id) { line($0, tallies[id].count) } }
        for (term, n) in others.sorted(by: { $0.key < $1.key }) {
            var t = term
            t.withUTF8 { line($0, n) }
        }
        return out
    }

    /// The background `serialized()` wrote, for `documents` documents. Lines it cannot read are skipped.
    public init(documents: Int, serialized bytes: [UInt8]) {
        self.init(documents: documents)
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                var end = start
                while end < all.count, all[end] != 0x0A { end += 1 }
                defer { start = end + 1 }
                guard let tab = (start..<end).first(where: { all[$0] == 0x09 }) else { continue }
                var n = 0
                var k = tab + 1
                while k < end, (0x30...0x39).contains(all[k]) { n = n * 10 + Int(all[k] - 0x30); k += 1 }
                guard k == end, k > tab + 1 else { continue }
                let term = UnsafeBufferPointer(rebasing: all[start..<tab])
                if term.allSatisfy({ $0 < 0x80 }) {
                    let id = words.add(term, hash: Vocabulary.hash(term))
                    if id == tallies.count { tallies.append(Tally(count: 0, lastAdd: 0)) }
                    tallies[id].count = n
                } else {
                    others[String(decoding: term, as: UTF8.self)] = n
                }
            }
        }
    }

    /// The background `serialized()` wrote under folding `fold` (`Fold.version` then). Terms
    /// counted under an older folding are folded again, and counts that meet add up (at most
    /// `documents`): `łódź`, counted before `ł` folded to `l`, counts under `lodz` with the items
    /// read since. Only terms that are not ASCII can fold otherwise (ASCII folds by hand, as it
    /// always has).
    public init(documents: Int, serialized bytes: [UInt8], fold: Int) {
        self.init(documents: documents, serialized: bytes)
        guard fold < Fold.version, !others.isEmpty else { return }
        let old = others
        others = [:]
        for (term, n) in old.sorted(by: { $0.key < $1.key }) {
            Similarity.forEachTerm(Words(term)) { ascii, hash in
                let id = words.add(ascii, hash: hash)
                if id == tallies.count { tallies.append(Tally(count: 0, lastAdd: 0)) }
                tallies[id].count = min(documents, tallies[id].count + n)
            } other: {
                others[$0] = min(documents, others[$0, default: 0] + n)
            }
        }
    }
}
