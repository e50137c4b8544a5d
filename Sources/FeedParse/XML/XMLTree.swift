/// The storage of one parsed document: its elements in document order, their attributes, and all
/// their character data and attribute values in one byte buffer.
///
/// Flat arrays rather than an object per element: reading a 4 MB feed made some 100,000 objects,
/// their children and attribute arrays and a string per text run (most of them the white space
/// between elements, never read), and freeing them cost as much again. Here an element is a fixed
/// record, and text becomes a `String` only when a format asks for it.
final class XMLTree {
    /// A run of `bytes`.
    struct Span {
        var start: Int32 = 0
        var count: Int32 = 0
    }

    struct Element {
        var name: Int32
        var ns: Int32
        var parent: Int32
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var nextSibling: Int32 = -1
        var childCount: Int32 = 0
        var firstAttribute: Int32
        var attributeCount: Int32
        /// Indexes in `scopes`, or -1 for none.
        var base: Int32
        var lang: Int32
        var text = Span()
        var tail = Span()
    }

    struct Attribute {
        var name: Int32
        var ns: Int32
        var value: Span
    }

    var elements: [Element] = []
    var attributes: [Attribute] = []
    /// Element and attribute names, each once.
    var names: [String] = []
    var namespaces: [NS] = []
    /// The `xml:base` (resolved) and `xml:lang` values in scope somewhere, each kept once per change.
    var scopes: [String] = []
    /// Character data and attribute values, owned by the tree.
    let bytes: ByteBuffer

    init(bytes: ByteBuffer) {
        self.bytes = bytes
    }

    deinit { bytes.deallocate() }

    func buffer(_ span: Span) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes.base + Int(span.start), count: Int(span.count))
    }

    func string(_ span: Span) -> String {
        guard span.count > 0 else { return "" }
        return String(checkedUTF8: buffer(span))
    }

    func scope(_ index: Int32) -> String? {
        index < 0 ? nil : scopes[Int(index)]
    }

    /// The character data of `index` and its descendants, in document order, appended to `out`.
    func appendAllText(of index: Int32, to out: inout [UInt8]) {
        let e = elements[Int(index)]
        append(e.text, to: &out)
        var c = e.firstChild
        while c >= 0 {
            appendAllText(of: c, to: &out)
            let child = elements[Int(c)]
            append(child.tail, to: &out)
            c = child.nextSibling
        }
    }

    private func append(_ span: Span, to out: inout [UInt8]) {
        guard span.count > 0 else { return }
        out.append(contentsOf: buffer(span))
    }
}

/// One XML element of a parsed document, in the ElementTree shape: `text` is the character data
/// before the first child, each child's `tail` the character data after it. `base` and `lang` are
/// the `xml:base` (resolved) and `xml:lang` in scope. A view into its document's `XMLTree`.
struct XMLNode: Equatable {
    let tree: XMLTree
    let index: Int32

    private var element: XMLTree.Element { tree.elements[Int(index)] }

    var name: String { tree.names[Int(element.name)] }
    var ns: NS { tree.namespaces[Int(element.ns)] }
    var text: String { tree.string(element.text) }
    var tail: String { tree.string(element.tail) }
    var base: String? { tree.scope(element.base) }
    var lang: String? { tree.scope(element.lang) }
    var children: XMLChildren { XMLChildren(tree: tree, head: element.firstChild, count: Int(element.childCount)) }

    var attributes: [XMLAttribute] {
        let e = element
        guard e.attributeCount > 0 else { return [] }
        return (Int(e.firstAttribute)..<Int(e.firstAttribute + e.attributeCount)).map { k in
            let a = tree.attributes[k]
            return XMLAttribute(name: tree.names[Int(a.name)], ns: tree.namespaces[Int(a.ns)], value: tree.string(a.value))
        }
    }

    static func == (a: XMLNode, b: XMLNode) -> Bool { a.index == b.index && a.tree === b.tree }

    /// The value of an attribute without namespace (or, failing that, of any namespace).
    func attr(_ name: String) -> String? {
        let e = element
        var fallback: XMLTree.Span?
        for k in Int(e.firstAttribute)..<Int(e.firstAttribute + e.attributeCount) {
            let a = tree.attributes[k]
            guard tree.names[Int(a.name)] == name else { continue }
            if tree.namespaces[Int(a.ns)] == .none { return tree.string(a.value) }
            if fallback == nil { fallback = a.value }
        }
        return fallback.map(tree.string)
    }

    func attr(_ name: String, ns: NS) -> String? {
        let e = element
        for k in Int(e.firstAttribute)..<Int(e.firstAttribute + e.attributeCount) {
            let a = tree.attributes[k]
            if tree.names[Int(a.name)] == name, tree.namespaces[Int(a.ns)] == ns { return tree.string(a.value) }
        }
        return nil
    }

    /// The first child of that name in that namespace.
    func child(_ name: String, _ ns: NS) -> XMLNode? {
        children.first { $0.name == name && $0.ns == ns }
    }

    /// All the text inside the element, its descendants' included, in document order.
    var allText: String {
        let e = element
        if e.firstChild < 0 { return tree.string(e.text) }
        var out: [UInt8] = []
        tree.appendAllText(of: index, to: &out)
        return out.withUnsafeBufferPointer { String(checkedUTF8: $0) }
    }

    /// Runs `body` on the UTF-8 bytes of `text`, without making a string of them.
    func withText<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        body(tree.buffer(element.text))
    }

    /// True when the element holds child elements.
    var hasElements: Bool { element.firstChild >= 0 }
}

/// The child elements of an element, in order.
struct XMLChildren: Sequence {
    let tree: XMLTree
    let head: Int32
    let count: Int

    var isEmpty: Bool { head < 0 }
    var first: XMLNode? { head < 0 ? nil : XMLNode(tree: tree, index: head) }

    struct Iterator: IteratorProtocol {
        let tree: XMLTree
        var cursor: Int32

        mutating func next() -> XMLNode? {
            guard cursor >= 0 else { return nil }
            let node = XMLNode(tree: tree, index: cursor)
            cursor = tree.elements[Int(cursor)].nextSibling
            return node
        }
    }

    func makeIterator() -> Iterator { Iterator(tree: tree, cursor: head) }
    var underestimatedCount: Int { count }
}

struct XMLAttribute {
    let name: String
    let ns: NS
    let value: String
}
