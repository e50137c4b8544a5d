/// A small writer of XML 1.0 text, with the escaping the writers share. We write XML by hand
/// rather than through libxml2 so that FeedExport stays pure and depends on the model only.
///
/// Text that XML cannot hold is dropped, not escaped (XML 1.0 §2.2, `Char`): C0 controls other
/// than tab, LF and CR (no reference to them is allowed either), and U+FFFE and U+FFFF.
/// Swift strings hold no unpaired surrogates, so those cannot occur.
struct XMLOutput {
    private(set) var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    private var depth = 0

    var bytes: [UInt8] { Array(text.utf8) }

    /// `<name attr="value"…>` on a line of its own; attributes whose value is nil are left out.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        indent()
        text += "<" + name + XMLOutput.attributes(attributes) + ">\n"
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        indent()
        text += "</" + name + ">\n"
    }

    /// `<name attr="value"…>text</name>`, or `<name …/>` when the text is empty; nothing when
    /// the text is nil.
    mutating func element(_ name: String, _ value: String?, _ attributes: KeyValuePairs<String, String?> = [:]) {
        guard let value else { return }
        indent()
        let attrs = XMLOutput.attributes(attributes)
        text += value.isEmpty ? "<\(name)\(attrs)/>\n" : "<\(name)\(attrs)>\(XMLOutput.escapeText(value))</\(name)>\n"
    }

    private mutating func indent() { text += String(repeating: "  ", count: depth) }

    private static func attributes(_ pairs: KeyValuePairs<String, String?>) -> String {
        var s = ""
        for (name, value) in pairs {
            if let value { s += " \(name)=\"\(escapeAttribute(value))\"" }
        }
        return s
    }

    /// Character data: `&`, `<` and `>` as references (`>` too, so a `]]>` in the text stays
    /// text), CR as `&#13;` so that end-of-line handling (§2.11) does not turn it into LF.
    static func escapeText(_ s: String) -> String {
        escape(s) { c in
            switch c {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\r": return "&#13;"
            default: return nil
            }
        }
    }

    /// An attribute value in double quotes: as text, plus `"`, and tab and LF as references,
    /// which attribute-value normalization (§3.3.3) would otherwise turn into spaces.
    static func escapeAttribute(_ s: String) -> String {
        escape(s) { c in
            switch c {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\"": return "&quot;"
            case "\r": return "&#13;"
            case "\n": return "&#10;"
            case "\t": return "&#9;"
            default: return nil
            }
        }
    }

    private static func escape(_ s: String, _ reference: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            if let r = reference(c) { out += r; continue }
            if isAllowed(c) { out.unicodeScalars.append(c) }
        }
        return out
    }

    /// XML 1.0's `Char` production, less the surrogates Swift never holds.
    static func isAllowed(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09, 0x0A, 0x0D: return true
        case 0..<0x20, 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }
}
