/// A document's bytes decoded to UTF-8, with the encoding that decoded them.
struct DecodedBytes {
    var utf8: [UInt8]
    /// Canonical lowercase name of the encoding used (`Charset.canonical`).
    var encoding: String
    /// Why the bytes were not read as declared, when they were not.
    var problem: String?
}

/// Picks the encoding of a feed document and decodes it to UTF-8.
///
/// Order of authority, as feedparser and RFC 7303 §3 have it: a byte order mark, then the charset of
/// the HTTP `Content-Type`, then the XML declaration, then UTF-8. When the declared encoding cannot
/// decode the bytes, UTF-8 and then windows-1252 are tried (windows-1252 decodes anything), and the
/// document is marked bozo with the reason; feeds that say iso-8859-1 but hold 0x80-0x9F bytes are
/// read as windows-1252, which is what their authors' tools wrote.
enum Decode {
    static func document(_ bytes: [UInt8], httpCharset: String?) -> DecodedBytes {
        var body = bytes[...]
        var bomCharset: String?
        if body.starts(with: [0xEF, 0xBB, 0xBF]) {
            bomCharset = "utf-8"; body = body.dropFirst(3)
        } else if body.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            bomCharset = "utf-32be"; body = body.dropFirst(4)
        } else if body.starts(with: [0xFF, 0xFE, 0x00, 0x00]) {
            bomCharset = "utf-32le"; body = body.dropFirst(4)
        } else if body.starts(with: [0xFE, 0xFF]) {
            bomCharset = "utf-16be"; body = body.dropFirst(2)
        } else if body.starts(with: [0xFF, 0xFE]) {
            bomCharset = "utf-16le"; body = body.dropFirst(2)
        } else if body.starts(with: [0x3C, 0x00, 0x3F, 0x00]) || body.starts(with: [0x3C, 0x00, 0x72, 0x00]) {
            bomCharset = "utf-16le"  // "<?" or "<r" in UTF-16LE without a BOM
        } else if body.starts(with: [0x00, 0x3C, 0x00, 0x3F]) || body.starts(with: [0x00, 0x3C, 0x00, 0x72]) {
            bomCharset = "utf-16be"
        }

        let declared = bomCharset == nil ? xmlDeclaredEncoding(body).flatMap(Charset.canonical) : nil
        let http = httpCharset.flatMap(Charset.canonical)
        let primary = bomCharset ?? http ?? declared
        var candidates: [String] = []
        for c in [primary, declared, "utf-8", "windows-1252"] {
            if let c, !candidates.contains(c) { candidates.append(c) }
        }
        // UTF-16/32 labels in a declaration that reached us as 8-bit bytes cannot be right.
        if bomCharset == nil { candidates.removeAll { $0.hasPrefix("utf-16") || $0.hasPrefix("utf-32") } }
        if candidates.isEmpty { candidates = ["utf-8", "windows-1252"] }

        // Whether the body is valid UTF-8, found once (a pass over the document).
        var knownValid: Bool?
        func validUTF8() -> Bool {
            if let v = knownValid { return v }
            let v = Transcode.isValidUTF8(body)
            knownValid = v
            return v
        }
        // A Latin label on bytes that are UTF-8, non-ASCII ones included: no Latin text is also
        // valid UTF-8 by chance, and reading it as Latin garbled every accented letter.
        if let label = primary, label == "iso-8859-1" || label == "windows-1252", !Transcode.isASCII(body), validUTF8() {
            return DecodedBytes(utf8: declaringUTF8(Transcode.c1AsWindows1252(Array(body))), encoding: "utf-8",
                                problem: "declared \(label) but the bytes are utf-8; read as utf-8")
        }
        for charset in candidates {
            if charset == "utf-8", primary == nil || primary == "utf-8", !validUTF8() {
                // UTF-8 with stray bytes: those read as windows-1252, the rest as UTF-8. Where the
                // stray bytes are as many as the UTF-8 characters, it is no UTF-8 (Latin-1 text
                // holds a few valid sequences by chance): windows-1252, named so, below.
                let (utf8, sequences, stray) = Transcode.utf8ReadingStrayBytesAs1252(body)
                if sequences > stray {
                    return DecodedBytes(utf8: declaringUTF8(Transcode.c1AsWindows1252(utf8)), encoding: "utf-8",
                                        problem: "bytes that are not utf-8 were read as windows-1252")
                }
            }
            if charset == "iso-8859-1", Transcode.hasC1(body) {
                return DecodedBytes(utf8: Transcode.windows1252(body), encoding: "windows-1252",
                                    problem: "declared iso-8859-1 but holds windows-1252 characters; read as windows-1252")
            }
            if charset == "us-ascii", !Transcode.isASCII(body) { continue }
            // UTF-8 without a BOM is the common case: hand the caller's array back, uncopied.
            let whole = body.count == bytes.count && (charset == "utf-8" || charset == "us-ascii")
            guard let utf8 = whole ? (validUTF8() ? bytes : nil) : Transcode.toUTF8(body, from: charset) else { continue }
            var problem: String?
            if let bom = bomCharset, let said = xmlDeclaredEncoding(utf8[...]).flatMap(Charset.canonical), !said.hasPrefix(bom.prefix(6)),
               !(bom.hasPrefix("utf-16") && said == "utf-16"), !(bom.hasPrefix("utf-32") && said == "utf-32") {
                problem = "declared \(said) but the byte order mark says \(bom); read as \(bom)"
            } else if let primary, primary != charset {
                problem = "declared \(primary) but the bytes are not \(primary); read as \(charset)"
            } else if primary == nil, charset != "utf-8" {
                problem = "no encoding declared and the bytes are not utf-8; read as \(charset)"
            }
            return DecodedBytes(utf8: declaringUTF8(Transcode.c1AsWindows1252(utf8)), encoding: charset, problem: problem)
        }
        return DecodedBytes(utf8: Transcode.windows1252(body), encoding: "windows-1252",
                            problem: "the bytes fit no declared encoding; read as windows-1252")
    }

    /// The bytes with a declared encoding name that XML's grammar refuses (`437`: XML 1.0 §4.3.3
    /// EncName starts with a letter) replaced by `utf-8`, which they are now. libxml2 reads them as
    /// UTF-8 whatever they declare (XML_PARSE_IGNORE_ENC), but it still fails on such a name and
    /// stops reading the declaration.
    static func declaringUTF8(_ utf8: [UInt8]) -> [UInt8] {
        guard let name = xmlDeclaredEncoding(utf8[...]), let first = name.utf8.first, !PlainText.isLetter(first),
              let start = find(Array("<?xml".utf8), in: Array(utf8.prefix(1024))),
              let attribute = find(Array("encoding".utf8), in: Array(utf8.prefix(1024)), from: start),
              let at = find(Array(name.utf8), in: Array(utf8.prefix(1024)), from: attribute) else { return utf8 }
        return Array(utf8[..<at]) + Array("utf-8".utf8) + Array(utf8[(at + name.utf8.count)...])
    }

    /// The `encoding` pseudo-attribute of an XML declaration near the start of ASCII-compatible bytes.
    static func xmlDeclaredEncoding(_ bytes: ArraySlice<UInt8>) -> String? {
        let head = Array(bytes.prefix(1024))
        guard let start = find(Array("<?xml".utf8), in: head) else { return nil }
        guard let end = find(Array("?>".utf8), in: head, from: start) else { return nil }
        let decl = head[start..<end]
        guard let at = find(Array("encoding".utf8), in: Array(decl)) else { return nil }
        var i = decl.startIndex + at + 8
        while i < end, head[i] == 0x20 || head[i] == 0x09 || head[i] == 0x0A || head[i] == 0x0D || head[i] == 0x3D { i += 1 }
        guard i < end, head[i] == 0x22 || head[i] == 0x27 else { return nil }
        let quote = head[i]
        var j = i + 1
        while j < end, head[j] != quote { j += 1 }
        guard j < end, j > i + 1 else { return nil }
        return String(decoding: head[(i + 1)..<j], as: UTF8.self)
    }

    /// The first place at or after `from` where `needle` occurs in `hay` (also `MarkupMend`'s,
    /// over whole documents: no copy a candidate).
    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int = 0) -> Int? {
        guard let first = needle.first, needle.count <= hay.count, from <= hay.count - needle.count else { return nil }
        var k = from
        while k <= hay.count - needle.count {
            guard let at = hay[k...].firstIndex(of: first), at <= hay.count - needle.count else { return nil }
            if hay[at..<(at + needle.count)].elementsEqual(needle) { return at }
            k = at + 1
        }
        return nil
    }
}
