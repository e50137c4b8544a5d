extension UnsafeMutablePointer {
    /// Memory for `capacity` elements that holds the first `count` of this memory's, which is
    /// freed: the one way the buffers we grow ourselves (`JSONWriter`, the parser's `ByteBuffer`,
    /// the word splitter's) move into a bigger allocation.
    @inlinable
    public func moved(count: Int, toCapacity capacity: Int) -> UnsafeMutablePointer<Pointee> {
        let bigger = UnsafeMutablePointer<Pointee>.allocate(capacity: capacity)
        bigger.moveInitialize(from: self, count: count)
        deallocate()
        return bigger
    }
}
