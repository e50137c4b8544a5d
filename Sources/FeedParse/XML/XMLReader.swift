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
    /// The tree being built (moved into an `XMLTree` at the end), and the open elements.
    private var elements: [XMLTree.Element] = []
    private var attributes: [XMLTree.Attribute] = []
    private var names: [String] = []
    private var nsValues: [NS] = []
    private var scopes: [String] = []
    /// Character data and attribute values, all of them: libxml2 hands character data over in
    /// pieces (each character reference is one), appended here; `pending` is where the run not
    /// yet given to an element starts.
    private var bytes: ByteBuffer
    /// Whether `bytes` is still ours to free (`finish` hands it to the tree).
    private var ownsBytes = true
    private var pending = 0
    private var stack: [Int32] = []
    private var root: Int32 = -1
    private var textInNode = 0
    private var skippedDepth = 0
    private var problem: String?
    private var fatal: XMLFailure?
    private var publicID: String?
    private var systemID: String?
    private let limits: XMLLimits
    private let documentBase: Int32
    private var context: xmlParserCtxtPtr?
    private var sections = Sections()
    private var hadErrors = false
    /// libxml2 interns names, prefixes and URIs in its dictionary, so one pointer is one string:
    /// each is turned into a Swift value once per document, not once per element.
    private var nameIndex: [UnsafeRawPointer: Int32] = [:]
    private var nsIndex: [UnsafeRawPointer: Int32] = [:]
    /// A direct-mapped cache in front of `nameIndex`: most names are the few of one format.
    private var recentKeys = [UnsafeRawPointer?](repeating: nil, count: 64)
    private var recentNames = [Int32](repeating: 0, count: 64)
    private var recentNSKeys = [UnsafeRawPointer?](repeating: nil, count: 16)
    private var recentNS = [Int32](repeating: 0, count: 16)
    /// The most text and attribute bytes one document may hold (offsets in the tree are 32-bit).
    static let maxBytes = 1 << 30
    /// The `NS` index of elements and attributes without a namespace.
    private let noNamespace: Int32 = 0

    private init(limits: XMLLimits, base: String?, capacity: Int) {
        self.limits = limits
        // Text and attribute values together are about the size of the input (references shrink).
        bytes = ByteBuffer(capacity: capacity)
        nsValues.append(.none)
        if let base {
            scopes.append(base)
            documentBase = 0
        } else {
            documentBase = -1
        }
    }

    deinit { if ownsBytes { bytes.deallocate() } }

    private static let libraryReady: Void = { xmlInitParser() }()

    /// `recover: false` reads strictly: the first well-formedness error stops the parse and is
    /// returned as `fatal` with its place (OPML is refused when broken; feeds are repaired).
    ///
    /// `sections`: character data `Repair` took out of the document, put back where its
    /// instructions are.
    static func read(_ utf8: [UInt8], sections: Sections = Sections(), base: String?, limits: XMLLimits = XMLLimits(),
                     recover: Bool = true) -> XMLDocument {
        _ = libraryReady
        let reader = XMLReader(limits: limits, base: base, capacity: utf8.count + sections.bytes.count)
        reader.sections = sections
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { ctx, localname, prefix, uri, _, _, nAttributes, _, attributes in
            XMLReader.with(ctx) { $0.startElement(localname, prefix, uri, Int(nAttributes), attributes) }
        }
        sax.endElementNs = { ctx, _, _, _ in XMLReader.with(ctx) { $0.endElement() } }
        sax.characters = { ctx, bytes, count in XMLReader.with(ctx) { $0.characters(bytes, Int(count)) } }
        sax.cdataBlock = { ctx, bytes, count in XMLReader.with(ctx) { $0.characters(bytes, Int(count)) } }
        sax.ignorableWhitespace = sax.characters
        sax.processingInstruction = { ctx, target, data in XMLReader.with(ctx) { $0.instruction(target, data) } }
        sax.internalSubset = { ctx, _, publicID, systemID in XMLReader.with(ctx) { $0.doctype(publicID, systemID) } }
        sax.serror = { ctx, error in XMLReader.with(ctx) { $0.error(error) } }

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

    /// The reader behind a callback's context pointer, borrowed for the call: `read` keeps it alive
    /// for the whole parse, so no retain and release per callback (a million of them on the corpus).
    @inline(__always)
    private static func with(_ ctx: UnsafeMutableRawPointer?, _ body: (XMLReader) -> Void) {
        Unmanaged<XMLReader>.fromOpaque(ctx!)._withUnsafeGuaranteedRef(body)
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
                              _ attrs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        flushText()
        if skippedDepth > 0 || stack.count >= limits.maxDepth {
            if skippedDepth == 0 { note("elements nested deeper than \(limits.maxDepth) were skipped") }
            skippedDepth += 1
            return
        }
        if elements.count >= limits.maxElements { stop("more than \(limits.maxElements) elements; the rest was not read"); return }
        // Offsets are 32-bit; attribute defaults from an internal subset could otherwise grow the text without bound.
        if bytes.count > XMLReader.maxBytes { stop("more than \(XMLReader.maxBytes) bytes of text; the rest was not read"); return }

        let parent = stack.last ?? -1
        var base = parent >= 0 ? elements[Int(parent)].base : documentBase
        var lang = parent >= 0 ? elements[Int(parent)].lang : -1
        let firstAttribute = attributes.count
        if nAttributes > 0, let attrs {
            for k in 0..<nAttributes {
                let p = attrs + 5 * k
                guard let name = p[0], let start = p[3], let end = p[4] else { continue }
                let valueStart = bytes.count
                XMLReader.appendAttributeValue(UnsafeBufferPointer(start: start, count: max(0, end - start)), to: &bytes)
                let value = XMLTree.Span(start: Int32(valueStart), count: Int32(bytes.count - valueStart))
                let ns = namespace(p[2], p[1])
                let attrName = interned(name)
                if nsValues[Int(ns)] == .xml || p[1].map({ names[Int(interned($0))] == "xml" }) == true {
                    let s = names[Int(attrName)]
                    if s == "base" {
                        scopes.append(URLResolver.resolve(string(value), against: base < 0 ? nil : scopes[Int(base)]))
                        base = Int32(scopes.count - 1)
                    }
                    if s == "lang" {
                        if value.count == 0 {
                            lang = -1
                        } else {
                            // `en_US` is a POSIX locale, not a language tag (BCP 47): read as `en-US`, as feedparser does.
                            scopes.append(string(value).replacing("_", with: "-"))
                            lang = Int32(scopes.count - 1)
                        }
                    }
                }
                attributes.append(XMLTree.Attribute(name: attrName, ns: ns, value: value))
            }
        }
        pending = bytes.count
        let index = Int32(elements.count)
        elements.append(XMLTree.Element(name: localname.map(interned) ?? interned(""), ns: namespace(uri, prefix), parent: parent,
                                        firstAttribute: Int32(firstAttribute), attributeCount: Int32(attributes.count - firstAttribute),
                                        base: base, lang: lang))
        if parent >= 0 {
            let last = elements[Int(parent)].lastChild
            if last >= 0 { elements[Int(last)].nextSibling = index } else { elements[Int(parent)].firstChild = index }
            elements[Int(parent)].lastChild = index
            elements[Int(parent)].childCount += 1
        } else if root < 0 {
            root = index
        }
        stack.append(index)
        textInNode = 0
    }

    private func string(_ span: XMLTree.Span) -> String {
        String(decoding: UnsafeBufferPointer(start: bytes.base + Int(span.start), count: Int(span.count)), as: UTF8.self)
    }

    /// An attribute value as SAX2 hands it over, appended to `out`. Without entity substitution,
    /// SAX2 gives `&amp;` and `&#38;` as the text `&#38;` (parser.c, xmlParseAttValueComplex), to
    /// be reparsed by a tree builder we do not use. A literal `&#38;` cannot remain otherwise (its
    /// `&` would be escaped), so each is turned back into `&`.
    static func appendAttributeValue(_ raw: UnsafeBufferPointer<UInt8>, to out: inout ByteBuffer) {
        guard let p = raw.baseAddress else { return }
        let n = raw.count
        var copied = 0
        var i = ByteScan.first(0x26, p, from: 0, end: n)
        while i < n {
            if i + 4 < n, p[i + 1] == 0x23, p[i + 2] == 0x33, p[i + 3] == 0x38, p[i + 4] == 0x3B {
                out.append(UnsafeBufferPointer(start: p + copied, count: i + 1 - copied))
                copied = i + 5
                i += 5
            } else {
                i += 1
            }
            i = ByteScan.first(0x26, p, from: i, end: n)
        }
        out.append(UnsafeBufferPointer(start: p + copied, count: n - copied))
    }

    private func interned(_ p: UnsafePointer<xmlChar>) -> Int32 {
        let key = UnsafeRawPointer(p)
        let slot = Int(truncatingIfNeeded: UInt(bitPattern: key) >> 3) & 63
        if recentKeys[slot] == key { return recentNames[slot] }
        let index: Int32
        if let known = nameIndex[key] {
            index = known
        } else {
            names.append(String(cString: p))
            index = Int32(names.count - 1)
            nameIndex[key] = index
        }
        recentKeys[slot] = key
        recentNames[slot] = index
        return index
    }

    private func interned(_ s: String) -> Int32 {
        if let k = names.firstIndex(of: s) { return Int32(k) }
        names.append(s)
        return Int32(names.count - 1)
    }

    private func namespace(_ uri: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?) -> Int32 {
        // Keyed by the URI, or by the prefix (offset by one byte, so the two never meet) when undeclared.
        guard let key = uri.map(UnsafeRawPointer.init) ?? prefix.map({ UnsafeRawPointer($0) + 1 }) else { return noNamespace }
        let slot = Int(truncatingIfNeeded: UInt(bitPattern: key) >> 3) & 15
        if recentNSKeys[slot] == key { return recentNS[slot] }
        let index: Int32
        if let known = nsIndex[key] {
            index = known
        } else {
            nsValues.append(NS(uri: uri.map { String(cString: $0) }, prefix: prefix.map { String(cString: $0) }))
            index = Int32(nsValues.count - 1)
            nsIndex[key] = index
        }
        recentNSKeys[slot] = key
        recentNS[slot] = index
        return index
    }

    private func endElement() {
        if skippedDepth > 0 { skippedDepth -= 1; return }
        flushText()
        if !stack.isEmpty { stack.removeLast() }
        textInNode = 0
    }

    /// A processing instruction: one of `Repair`'s stands for a section of character data.
    private func instruction(_ target: UnsafePointer<xmlChar>?, _ data: UnsafePointer<xmlChar>?) {
        guard !sections.isEmpty, let target, let data else { return }
        let t = UnsafeBufferPointer(start: target, count: Int(xmlStrlen(target)))
        let d = UnsafeBufferPointer(start: data, count: Int(xmlStrlen(data)))
        guard let k = sections.index(target: t, data: d) else { return }
        sections.section(k).withUnsafeBufferPointer { characters($0.baseAddress, $0.count) }
    }

    private func characters(_ text: UnsafePointer<xmlChar>?, _ count: Int) {
        guard let text, count > 0, skippedDepth == 0, !stack.isEmpty else { return }
        if textInNode + count > limits.maxTextBytes {
            if textInNode <= limits.maxTextBytes { note("a text node longer than \(limits.maxTextBytes) bytes was cut") }
            textInNode = limits.maxTextBytes + 1
            return
        }
        textInNode += count
        guard bytes.count + count <= XMLReader.maxBytes else { stop("more than \(XMLReader.maxBytes) bytes of text; the rest was not read"); return }
        bytes.append(UnsafeBufferPointer(start: text, count: count))
    }

    /// Gives the character data read since the last element boundary to the element it belongs to:
    /// the text of the open element, or the tail of its last child.
    private func flushText() {
        guard bytes.count > pending else { return }
        guard let top = stack.last else { bytes.removeLast(bytes.count - pending); return }
        let run = XMLTree.Span(start: Int32(pending), count: Int32(bytes.count - pending))
        pending = bytes.count
        let last = elements[Int(top)].lastChild
        if last >= 0 {
            elements[Int(last)].tail = joined(elements[Int(last)].tail, run)
        } else {
            elements[Int(top)].text = joined(elements[Int(top)].text, run)
        }
    }

    /// A run of character data added to what an element already holds (after a skipped element):
    /// the two runs are next to each other in `bytes`, or made so by copying.
    private func joined(_ old: XMLTree.Span, _ run: XMLTree.Span) -> XMLTree.Span {
        if old.count == 0 { return run }
        if old.start + old.count == run.start { return XMLTree.Span(start: old.start, count: old.count + run.count) }
        let copy = Array(UnsafeBufferPointer(start: bytes.base + Int(old.start), count: Int(old.count)))
            + Array(UnsafeBufferPointer(start: bytes.base + Int(run.start), count: Int(run.count)))
        bytes.removeLast(Int(run.count))
        let start = bytes.count
        copy.withUnsafeBufferPointer { bytes.append($0) }
        pending = bytes.count
        return XMLTree.Span(start: Int32(start), count: Int32(copy.count))
    }

    private func doctype(_ publicID: UnsafePointer<xmlChar>?, _ systemID: UnsafePointer<xmlChar>?) {
        self.publicID = publicID.map { String(cString: $0) }
        self.systemID = systemID.map { String(cString: $0) }
    }

    private func error(_ error: xmlErrorPtr?) {
        guard let e = error?.pointee, e.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        hadErrors = true
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
        ownsBytes = false
        let tree = XMLTree(bytes: bytes)
        tree.elements = elements
        tree.attributes = attributes
        tree.names = names
        tree.namespaces = nsValues
        tree.scopes = scopes
        return XMLDocument(root: root < 0 ? nil : XMLNode(tree: tree, index: root), doctypePublicID: publicID,
                           doctypeSystemID: systemID, problem: problem, fatal: fatal, hadErrors: hadErrors)
    }
}
