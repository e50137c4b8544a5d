/// The general entities a document declares in its internal DTD subset (`<!DOCTYPE rss [<!ENTITY
/// id "tag:example.com,2006:">]>`), which `Repair` expands where they are referenced, before
/// libxml2 reads the document (it would drop them after its first error, like every named
/// reference, and is never asked to substitute entities itself).
///
/// Bounded, so that a document cannot blow up (billion laughs): eight levels of entities within
/// entities, expansions adding no more than the document's own size (64 KiB at least), 10,000
/// declarations. Past a bound a reference is
/// kept as text and the document is marked as repaired. Only internal entities with a quoted
/// value count; parameter (`%`) and external (`SYSTEM`, `PUBLIC`) ones are ignored, as feedparser
/// ignores them. The replacement text is read as text: a `<` in it is a character, not markup.
struct DeclaredEntities {
    private var values: [[UInt8]: [UInt8]] = [:]
    /// Bytes written by expansions so far in this document, and how many it may write.
    private var spent = 0
    private var budget = DeclaredEntities.minimumBudget

    static let minimumBudget = 64 << 10
    static let maxDepth = 8
    static let maxCount = 10_000

    var isEmpty: Bool { values.isEmpty }

    /// The declarations of the DOCTYPE section `b[start..<end]`; the first of a name binds.
    static func read(_ b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> DeclaredEntities {
        var d = DeclaredEntities()
        d.budget = max(minimumBudget, b.count)
        var j = start + 9  // after "<!DOCTYPE"
        while j < end, b[j] != 0x5B { j += 1 }  // '[': the internal subset
        while j < end {
            if Repair.matches(b, j, "<!--") {
                j = Repair.find(UnsafeBufferPointer(rebasing: b[0..<end]), from: j + 4, "-->").map { $0 + 3 } ?? end
                continue
            }
            guard Repair.matches(b, j, "<!ENTITY") else { j += 1; continue }
            var k = j + 8
            guard k < end, Repair.isSpace(b[k]) else { j = k; continue }
            while k < end, Repair.isSpace(b[k]) { k += 1 }
            let nameStart = k
            while k < end, Repair.isNameByte(b[k]) { k += 1 }  // a '%' (parameter entity) stops it at once
            let name = Array(b[nameStart..<k])
            while k < end, Repair.isSpace(b[k]) { k += 1 }
            guard !name.isEmpty, k < end, b[k] == 0x22 || b[k] == 0x27 else { j = k; continue }  // SYSTEM, PUBLIC, %
            let quote = b[k]
            var close = k + 1
            while close < end, b[close] != quote { close += 1 }
            guard close < end else { break }
            if d.values[name] == nil, d.values.count < maxCount { d.values[name] = Array(b[(k + 1)..<close]) }
            j = close + 1
        }
        return d
    }

    /// A reference at `i` (its `&`) to a declared entity: where it ends and the entity's value.
    func lookup(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (end: Int, value: [UInt8])? {
        var j = i + 1
        while j < b.count, j - i <= 40, Repair.isNameByte(b[j]) { j += 1 }
        guard j > i + 1, j < b.count, b[j] == 0x3B, let value = values[Array(b[(i + 1)..<j])] else { return nil }
        return (j + 1, value)
    }

    /// Writes the replacement text of `value` to `out` as XML text: its references resolved
    /// (declared ones expanded in turn, the others as `Repair` reads them), and `<`, `>`, `"` and
    /// `'` written as character references, so that it is text in content and in attribute values
    /// (and `]]>` in it cannot end a section that is not there).
    /// Returns a problem when a bound stopped it.
    mutating func expand(_ value: [UInt8], depth: Int = 0, into out: inout ByteBuffer) -> String? {
        var problem: String?
        value.withUnsafeBufferPointer { v in
            var i = 0
            while i < v.count {
                if spent >= budget {
                    problem = "entity expansion stopped at \(budget) bytes"
                    return
                }
                let c = v[i]
                switch c {
                case 0x3C, 0x3E, 0x22, 0x27:
                    Repair.appendCharRef(UInt32(c), to: &out)
                    spent += 5
                    i += 1
                case 0x26:
                    if let (end, inner) = lookup(v, i) {
                        if depth + 1 < Self.maxDepth {
                            if let p = expand(inner, depth: depth + 1, into: &out) { problem = problem ?? p }
                        } else {
                            problem = problem ?? "entities nested more than \(Self.maxDepth) deep were not expanded"
                            Repair.appendCharRef(0x26, to: &out)
                            out.append(UnsafeBufferPointer(rebasing: v[(i + 1)..<end]))
                            spent += end - i + 4
                        }
                        i = end
                        continue
                    }
                    let (fix, _) = Repair.reference(v, i)
                    if case let .keep(end) = fix { out.append(UnsafeBufferPointer(rebasing: v[i..<end])) }
                    let before = out.count
                    let end = fix.write(to: &out)
                    spent += max(out.count - before, end - i)
                    i = end
                default:
                    out.append(c)
                    spent += 1
                    i += 1
                }
            }
        }
        return problem
    }
}
