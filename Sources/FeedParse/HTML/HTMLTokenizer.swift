/// A forgiving HTML tokenizer, enough for sanitizing feed content: start and end tags with their
/// attributes, text, and nothing else (comments, doctypes and processing instructions are dropped).
///
/// It follows the shape of the HTML5 tokenizer (https://html.spec.whatwg.org/#tokenization) where
/// it matters for safety: tag names end at white space, `/` or `>`; attribute values may be quoted
/// either way or unquoted; `<script>` and `<style>` contents are raw text up to their end tag; a `<`
/// that starts no tag is text. Names are lowercased; attribute values keep their references, which
/// the sanitizer decodes.
struct HTMLTokenizer {
    enum Token {
        case start(name: String, attributes: [(String, String)], selfClosing: Bool)
        case end(name: String)
        case text(UnsafeBufferPointer<UInt8>)
    }

    /// Elements whose content is raw text, not markup.
    static let rawText: Set<String> = ["script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title", "plaintext"]

    static func tokenize(_ html: String, _ emit: (Token) -> Void) {
        var html = html
        html.withUTF8 { tokenize($0, emit) }
    }

    static func tokenize(_ s: UnsafeBufferPointer<UInt8>, _ emit: (Token) -> Void) {
        var i = 0
        let end = s.count
        var textStart = i

        func flushText(_ upTo: Int) {
            if textStart < upTo { emit(.text(UnsafeBufferPointer(rebasing: s[textStart..<upTo]))) }
        }
        func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D }
        func skip(past needle: [UInt8], from j: Int) -> Int {
            var k = j
            while k < end {
                if s[k] == needle[0] {
                    var m = k + 1
                    var n = 1
                    while n < needle.count, m < end, s[m] == needle[n] { m = m + 1; n += 1 }
                    if n == needle.count { return m }
                }
                k = k + 1
            }
            return end
        }
        func readName(_ j: inout Int) -> String {
            let start = j
            while j < end, !isSpace(s[j]), s[j] != 0x2F, s[j] != 0x3E { j = j + 1 }
            return String(decoding: s[start..<j], as: UTF8.self).lowercased()
        }

        while i < end {
            guard s[i] == 0x3C else { i = i + 1; continue }
            let lt = i
            var j = i + 1
            guard j < end else { break }
            let c = s[j]
            if c == 0x21 {  // <!-- comment --> or <!doctype>
                flushText(lt)
                let isComment = end - j >= 3 && s[j + 1] == 0x2D && s[j + 2] == 0x2D
                i = isComment ? skip(past: Array("-->".utf8), from: min(j + 3, end))
                              : skip(past: [0x3E], from: j)
                textStart = i
                continue
            }
            if c == 0x3F {  // <? … >
                flushText(lt)
                i = skip(past: [0x3E], from: j)
                textStart = i
                continue
            }
            if c == 0x2F {  // end tag
                let k = j + 1
                guard k < end, isAlpha(s[k]) else {
                    if k < end, s[k] == 0x3E { flushText(lt); i = k + 1; textStart = i; continue }
                    i = j; continue
                }
                flushText(lt)
                j = k
                let name = readName(&j)
                i = skip(past: [0x3E], from: j)
                textStart = i
                emit(.end(name: name))
                continue
            }
            guard isAlpha(c) else { i = j; continue }  // a '<' that is text
            flushText(lt)
            let name = readName(&j)
            var attributes: [(String, String)] = []
            var selfClosing = false
            attributeLoop: while j < end {
                while j < end, isSpace(s[j]) || s[j] == 0x2F {
                    if s[j] == 0x2F { selfClosing = true }
                    j = j + 1
                }
                guard j < end else { break }
                if s[j] == 0x3E { j = j + 1; break attributeLoop }
                selfClosing = false
                let nameStart = j
                j = j + 1  // a name may start with '=' per HTML5
                while j < end, !isSpace(s[j]), s[j] != 0x2F, s[j] != 0x3E, s[j] != 0x3D { j = j + 1 }
                let attrName = String(decoding: s[nameStart..<j], as: UTF8.self).lowercased()
                while j < end, isSpace(s[j]) { j = j + 1 }
                var value = ""
                if j < end, s[j] == 0x3D {
                    j = j + 1
                    while j < end, isSpace(s[j]) { j = j + 1 }
                    if j < end, s[j] == 0x22 || s[j] == 0x27 {
                        let quote = s[j]
                        j = j + 1
                        let vStart = j
                        while j < end, s[j] != quote { j = j + 1 }
                        value = String(decoding: s[vStart..<j], as: UTF8.self)
                        if j < end { j = j + 1 }
                    } else {
                        let vStart = j
                        while j < end, !isSpace(s[j]), s[j] != 0x3E { j = j + 1 }
                        value = String(decoding: s[vStart..<j], as: UTF8.self)
                    }
                }
                if attributes.count < 64 { attributes.append((attrName, value)) }
            }
            i = j
            textStart = i
            emit(.start(name: name, attributes: attributes, selfClosing: selfClosing))
            if rawText.contains(name), !selfClosing {
                // Raw text runs to "</name" in any case.
                let close = Array(("</" + name).utf8)
                var k = i
                var found = end
                while k < end {
                    if s[k] == 0x3C, end - k >= close.count {
                        var m = k
                        var n = 0
                        while n < close.count, (s[m] | (n >= 2 ? 0x20 : 0)) == close[n] { m = m + 1; n += 1 }
                        if n == close.count { found = k; break }
                    }
                    k = k + 1
                }
                if name != "script" && name != "style", textStart < found { emit(.text(UnsafeBufferPointer(rebasing: s[textStart..<found]))) }
                i = found
                textStart = found
            }
        }
        flushText(end)
    }
}
