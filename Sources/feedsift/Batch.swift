import CMalloc

/// One-shot commands that read document after document (`parse`, `classify`).
enum Batch {
    /// glibc's malloc hands a freed block of 128 KiB or more back to the kernel, and the next
    /// document's buffers are fresh pages, faulted in and zeroed again. Kept in the heap instead,
    /// they are used again: over the corpus, about 4,000 page faults instead of 7,500 and the
    /// system time halved (docs/design.md). The daemon keeps glibc's defaults, so that its memory
    /// shrinks back after a large feed.
    static func keepFreedMemory() {
        feedsift_keep_freed_memory()
    }
}
