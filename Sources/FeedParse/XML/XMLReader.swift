internal import CLibXML2

/// Bounds on what one document may make us hold: libxml2's own limits do not apply under a custom
/// SAX handler, so we enforce these in our callbacks.
struct XMLLimits {
    var maxDepth = 256
    var maxTextBytes = 8 << 20
    var maxElements = 2_000_000
}

/// Reads UTF-8 XML into an `XMLNode` tree with libxml2's SAX2 push parser, in recover mode.
///
/// Safety (https://gitlab.gnome.org/GNOME/libxml2/-/wikis/Security-considerations): `XML_PARSE_NONET`
/// always; never `NOENT`, `DTDLOAD` or `HUGE`; no `entityDecl` or `externalSubset` callback, so no
/// entity is ever declared or loaded. The input has gone through `Repair` (no named references left)
/// and `Decode` (UTF-8, so `XML_PARSE_IGNORE_ENC`).
final class XMLReader {
    private var stack: [XMLNode] = []
    private var root: XMLNode?
    /// The character data not yet given to a node: libxml2 hands it over in pieces (each
    /// character reference is one), joined here and made a String once.
    private var textBuffer: UnsafeMutablePointer<UInt8>
    private var textCount = 0
    private var textCapacity = 4096
    private var textInNode = 0
    private var skippedDepth = 0
    private var elements = 0
    private var problem: String?
    private var fatal: XMLFailure?
    private var publicID: String?
    private var systemID: String?
    private let limits: XMLLimits
    private let documentBase: String?
    private var context: xmlParserCtxtPtr?
    /// libxml2 interns names, prefixes and URIs in its dictionary, so one pointer is one string:
    /// each is turned into a Swift value once per document, not once per element.
    private var strings: [UnsafeRawPointer: String] = [:]
    private var namespaces: [UnsafeRawPointer: NS] = [:]
    /// A direct-mapped cache in front of `strings`: most names are the few of one format.
    private var recentKeys = [UnsafeRawPointer?](repeating: nil, count: 64)
    private var recentStrings = [String](repeating: "", count: 64)
    private var recentNSKeys = [UnsafeRawPointer?](repeating: nil, count: 16)
    private var recentNS = [NS](repeating: .none, count: 16)

    private init(limits: XMLLimits, base: String?) {
        self.limits = limits
        self.documentBase = base
        textBuffer = .allocate(capacity: textCapacity)
    }

    deinit { textBuffer.deallocate() }

    private static let libraryReady: Void = { xmlInitParser() }()

    /// `recover: false` reads strictly: the first well-formedness error stops the parse and is
    /// returned as `fatal` with its place (OPML is refused when broken; feeds are repaired).
    static func read(_ utf8: [UInt8], base: String?, limits: XMLLimits = XMLLimits(), recover: Bool = true) -> XMLDocument {
        _ = libraryReady
        let reader = XMLReader(limits: limits, base: base)
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { ctx, localname, prefix, uri, _, _, nAttributes, _, attributes in
            XMLReader.from(ctx).startElement(localname, prefix, uri, Int(nAttributes), attributes)
        }
        sax.endElementNs = { ctx, _, _, _ in XMLReader.from(ctx).endElement() }
        sax.characters = { ctx, bytes, count in XMLReader.from(ctx).characters(bytes, Int(count)) }
        sax.cdataBlock = { ctx, bytes, count in XMLReader.from(ctx).characters(bytes, Int(count)) }
        sax.ignorableWhitespace = sax.characters
        sax.internalSubset = { ctx, _, publicID, systemID in XMLReader.from(ctx).doctype(publicID, systemID) }
        sax.serror = { ctx, error in XMLReader.from(ctx).error(error) }

        let unmanaged = Unmanaged.passUnretained(reader)
        guard let ctxt = xmlCreatePushParserCtxt(&sax, unmanaged.toOpaque(), nil, 0, nil) else {
            return XMLDocument(root: nil, problem: "libxml2 could not create a parser")
        }
        defer { xmlFreeParserCtxt(ctxt) }
        reader.context = ctxt
        let options = Int32((recover ? XML_PARSE_RECOVER.rawValue : 0) | XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue
                            | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        xmlCtxtUseOptions(ctxt, options)

        utf8.withUnsafeBufferPointer { buf in
            let chunk = 256 << 10
            var offset = 0
            repeat {
                let count = min(chunk, buf.count - offset)
                let last = offset + count >= buf.count
                let base = buf.baseAddress.map { UnsafeRawPointer($0 + offset).assumingMemoryBound(to: CChar.self) }
                let rc = xmlParseChunk(ctxt, base, Int32(count), last ? 1 : 0)
                offset += count
                if rc != 0 && ctxt.pointee.disableSAX != 0 { break }
            } while offset < buf.count
        }
        return reader.finish()
    }

    private static func from(_ ctx: UnsafeMutableRawPointer?) -> XMLReader {
        Unmanaged<XMLReader>.fromOpaque(ctx!).takeUnretainedValue()
    }

    private func note(_ message: String) {
        if problem == nil { problem = message }
    }

    private func stop(_ message: String) {
        note(message)
        if let context { xmlStopParser(context) }
    }

    private func startElement(_ localname: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?,
                              _ uri: UnsafePointer<xmlChar>?, _ nAttributes: Int,
                              _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        flushText()
        if skippedDepth > 0 || stack.count >= limits.maxDepth {
            if skippedDepth == 0 { note("elements nested deeper than \(limits.maxDepth) were skipped") }
            skippedDepth += 1
            return
        }
        elements += 1
        if elements > limits.maxElements { stop("more than \(limits.maxElements) elements; the rest was not read"); return }

        var attrs: [XMLAttribute] = []
        var base = stack.last?.base ?? documentBase
        var lang = stack.last?.lang
        if nAttributes > 0, let attributes {
            attrs.reserveCapacity(nAttributes)
            for k in 0..<nAttributes {
                let p = attributes + 5 * k
                guard let name = p[0], let start = p[3], let end = p[4] else { continue }
                let aPrefix = p[1].map(interned)
                let value = XMLReader.attributeValue(UnsafeBufferPointer(start: start, count: max(0, end - start)))
                let ns = namespace(p[2], p[1])
                let attrName = interned(name)
                if ns == .xml || aPrefix == "xml" {
                    if attrName == "base" { base = URLResolver.resolve(value, against: base) }
                    if attrName == "lang" { lang = value.isEmpty ? nil : value }
                }
                attrs.append(XMLAttribute(name: attrName, ns: ns, value: value))
            }
        }
        let node = XMLNode(name: localname.map(interned) ?? "", ns: namespace(uri, prefix),
                           attributes: attrs, base: base, lang: lang)
        if let parent = stack.last { parent.children.append(node) } else if root == nil { root = node }
        stack.append(node)
        textInNode = 0
    }

    /// An attribute value as SAX2 hands it over. Without entity substitution, SAX2 gives `&amp;`
    /// and `&#38;` as the text `&#38;` (parser.c, xmlParseAttValueComplex), to be reparsed by a
    /// tree builder we do not use. A literal `&#38;` cannot remain otherwise (its `&` would be
    /// escaped), so each is turned back into `&`, on the bytes (a scan for `&` first: most values
    /// have none).
    static func attributeValue(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        guard let p = raw.baseAddress, ByteScan.first(0x26, p, from: 0, end: raw.count) < raw.count else {
            return String(decoding: raw, as: UTF8.self)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            if raw[i] == 0x26, i + 4 < raw.count, raw[i + 1] == 0x23, raw[i + 2] == 0x33, raw[i + 3] == 0x38, raw[i + 4] == 0x3B {
                bytes.append(0x26)
                i += 5
            } else {
                bytes.append(raw[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func interned(_ p: UnsafePointer<xmlChar>) -> String {
        let key = UnsafeRawPointer(p)
        let slot = Int(truncatingIfNeeded: UInt(bitPattern: key) >> 3) & 63
        if recentKeys[slot] == key { return recentStrings[slot] }
        let s: String
        if let known = strings[key] { s = known } else { s = String(cString: p); strings[key] = s }
        recentKeys[slot] = key
        recentStrings[slot] = s
        return s
    }

    private func namespace(_ uri: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?) -> NS {
        // Keyed by the URI, or by the prefix (offset by one byte, so the two never meet) when undeclared.
        guard let key = uri.map(UnsafeRawPointer.init) ?? prefix.map({ UnsafeRawPointer($0) + 1 }) else { return .none }
        let slot = Int(truncatingIfNeeded: UInt(bitPattern: key) >> 3) & 15
        if recentNSKeys[slot] == key { return recentNS[slot] }
        let ns: NS
        if let known = namespaces[key] {
            ns = known
        } else {
            ns = NS(uri: uri.map { String(cString: $0) }, prefix: prefix.map { String(cString: $0) })
            namespaces[key] = ns
        }
        recentNSKeys[slot] = key
        recentNS[slot] = ns
        return ns
    }

    private func endElement() {
        if skippedDepth > 0 { skippedDepth -= 1; return }
        flushText()
        if !stack.isEmpty { stack.removeLast() }
        textInNode = 0
    }

    private func characters(_ bytes: UnsafePointer<xmlChar>?, _ count: Int) {
        guard let bytes, count > 0, skippedDepth == 0, !stack.isEmpty else { return }
        if textInNode + count > limits.maxTextBytes {
            if textInNode <= limits.maxTextBytes { note("a text node longer than \(limits.maxTextBytes) bytes was cut") }
            textInNode = limits.maxTextBytes + 1
            return
        }
        textInNode += count
        if textCount + count > textCapacity {
            var capacity = textCapacity * 2
            while capacity < textCount + count { capacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: textBuffer, count: textCount)
            textBuffer.deallocate()
            textBuffer = grown
            textCapacity = capacity
        }
        UnsafeMutableRawPointer(textBuffer + textCount).copyMemory(from: bytes, byteCount: count)
        textCount += count
    }

    private func flushText() {
        guard textCount > 0 else { return }
        defer { textCount = 0 }
        guard let top = stack.last else { return }
        let s = String(decoding: UnsafeBufferPointer(start: textBuffer, count: textCount), as: UTF8.self)
        if let last = top.children.last {
            if last.tail.isEmpty { last.tail = s } else { last.tail += s }
        } else {
            if top.text.isEmpty { top.text = s } else { top.text += s }
        }
    }

    private func doctype(_ publicID: UnsafePointer<xmlChar>?, _ systemID: UnsafePointer<xmlChar>?) {
        self.publicID = publicID.map { String(cString: $0) }
        self.systemID = systemID.map { String(cString: $0) }
    }

    private func error(_ error: xmlErrorPtr?) {
        guard let e = error?.pointee, e.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        guard problem == nil || (fatal == nil && e.level == XML_ERR_FATAL) else { return }
        var message = e.message.map { String(cString: $0) } ?? "error \(e.code)"
        while message.last?.isWhitespace == true { message.removeLast() }
        // libxml2 keeps the column of a parser error in int2 (xmlerror.h).
        if e.level == XML_ERR_FATAL, fatal == nil {
            fatal = XMLFailure(line: Int(e.line), column: e.int2 > 0 ? Int(e.int2) : nil, message: message)
        }
        note("line \(e.line): \(message)")
    }

    private func finish() -> XMLDocument {
        flushText()
        stack.removeAll()
        return XMLDocument(root: root, doctypePublicID: publicID, doctypeSystemID: systemID, problem: problem, fatal: fatal)
    }
}
