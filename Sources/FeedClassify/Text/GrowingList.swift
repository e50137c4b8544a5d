/// Plain values appended into memory its owner frees (`deallocate`), with no Array's check at
/// each append that the storage is not shared (a call into the runtime): the splitter's spans,
/// the occurrences a document's words find.
struct GrowingList<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    @inline(never)
    private mutating func grow() {
        capacity *= 2
        base = base.moved(count: count, toCapacity: capacity)
    }

    /// The values, to change in place.
    var buffer: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }

    func deallocate() { base.deallocate() }
}
