/// Resolution of URI references (links, enclosures, `xml:base`) against a base, as RFC 3986 §5.2
/// has it, by plain string work over UTF-8 bytes: no Foundation `URL`, which is slow and refuses
/// real-world URLs holding spaces, `|` or non-ASCII characters. Nothing is validated or
/// percent-encoded; whatever the strings hold is carried through.
///
/// Decisions:
/// - References (and bases) are first cleaned as browsers clean URLs (WHATWG URL parser): leading and
///   trailing C0 control characters and spaces are trimmed, and tabs, LFs and CRs inside are removed
///   (feeds wrap long URLs over lines). Other white space, such as an inner space, is kept.
/// - A scheme must be RFC 3986 syntax (a letter, then letters, digits, '+', '-', '.', then ':'), so
///   `1:x` or `:x` are relative paths, as in browsers.
/// - An absolute reference is returned as it is (once cleaned): the "strict" choice of §5.2.2
///   (`http:g` stays `http:g`), and its dot segments are left alone.
enum URLResolver {
    /// RFC 3986 §5.2 reference resolution: `resolve("../g", against: "http://a/b/c/d;p?q") == "http://a/b/g"`.
    ///
    /// Returns the (cleaned) reference unchanged when the base is nil, empty or not absolute, or when the
    /// reference is already absolute. Handles protocol-relative `//host/x`, `?q`, `#f`, and the empty
    /// reference (the base without its fragment).
    static func resolve(_ reference: String, against base: String?) -> String {
        // Most references in feeds are absolute and clean: what the steps below give for them
        // (an absolute reference ignores the base) is the reference itself, so it is returned
        // without being copied, split and put together again.
        if isCleanAbsolute(reference) { return reference }
        let ref = cleaned(reference)
        guard let base, !base.isEmpty else { return string(ref) }
        let baseBytes = cleaned(base)
        let b = Components(baseBytes)
        guard b.scheme != nil else { return string(ref) }
        let r = Components(ref)
        if r.scheme != nil { return string(ref) }

        // §5.2.2, with R.scheme undefined.
        var t = Components()
        t.scheme = b.scheme
        if let authority = r.authority {
            t.authority = authority
            t.path = removeDotSegments(r.path)
            t.query = r.query
        } else {
            if r.path.isEmpty {
                t.path = b.path
                t.query = r.query ?? b.query
            } else {
                if r.path.first == 0x2F {  // '/'
                    t.path = removeDotSegments(r.path)
                } else {
                    t.path = removeDotSegments(merge(base: b, path: r.path))
                }
                t.query = r.query
            }
            t.authority = b.authority
        }
        t.fragment = r.fragment
        return string(t.recomposed())
    }

    /// True for a reference with a scheme (`http:`, `mailto:`...), read as `scheme(_:)` reads it.
    static func isAbsolute(_ s: String) -> Bool {
        scheme(s) != nil
    }

    /// The lower-cased scheme, if any, ignoring leading white space and control characters and
    /// tabs/newlines anywhere (as browsers do: `" java\tscript:alert(1)"` has the scheme "javascript").
    static func scheme(_ s: String) -> String? {
        PlainText.withBytes(s) { b -> String? in
            var i = 0
            while i < b.count, b[i] <= 0x20 { i += 1 }  // leading C0 controls and spaces
            var out: [UInt8] = []
            while i < b.count {
                let c = b[i]
                i += 1
                if c == 0x09 || c == 0x0A || c == 0x0D { continue }
                if c == 0x3A { return out.isEmpty ? nil : String(decoding: out, as: UTF8.self) }
                let l = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
                if l >= 0x61 && l <= 0x7A {
                    out.append(l)
                } else if !out.isEmpty && ((l >= 0x30 && l <= 0x39) || l == 0x2B || l == 0x2D || l == 0x2E) {
                    out.append(l)
                } else {
                    return nil
                }
            }
            return nil
        }
    }

    // MARK: - Parts

    /// The five components of §3 (Appendix B), over UTF-8 bytes; nil marks an undefined component.
    struct Components {
        var scheme: ArraySlice<UInt8>?
        var authority: ArraySlice<UInt8>?
        var path: ArraySlice<UInt8> = []
        var query: ArraySlice<UInt8>?
        var fragment: ArraySlice<UInt8>?

        init() {}

        /// Splits a cleaned reference (Appendix B, with a scheme only when it is valid syntax).
        init(_ s: [UInt8]) {
            var i = 0
            let n = s.count
            if let colon = URLResolver.schemeEnd(s) {
                scheme = s[0..<colon]
                i = colon + 1
            }
            if i + 1 < n, s[i] == 0x2F, s[i + 1] == 0x2F {
                var j = i + 2
                while j < n, s[j] != 0x2F, s[j] != 0x3F, s[j] != 0x23 { j += 1 }
                authority = s[(i + 2)..<j]
                i = j
            }
            var j = i
            while j < n, s[j] != 0x3F, s[j] != 0x23 { j += 1 }
            path = s[i..<j]
            i = j
            if i < n, s[i] == 0x3F {
                j = i + 1
                while j < n, s[j] != 0x23 { j += 1 }
                query = s[(i + 1)..<j]
                i = j
            }
            if i < n, s[i] == 0x23 {
                fragment = s[(i + 1)..<n]
            }
        }

        /// §5.3 Component Recomposition.
        func recomposed() -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity((scheme?.count ?? 0) + (authority?.count ?? 0) + path.count
                                + (query?.count ?? 0) + (fragment?.count ?? 0) + 5)
            if let scheme { out += scheme; out.append(0x3A) }
            if let authority { out += [0x2F, 0x2F]; out += authority }
            out += path
            if let query { out.append(0x3F); out += query }
            if let fragment { out.append(0x23); out += fragment }
            return out
        }
    }

    /// An absolute reference that `cleaned` leaves as it is: no white space or control at its
    /// ends, no tab, LF or CR inside.
    static func isCleanAbsolute(_ s: String) -> Bool {
        PlainText.withBytes(s) { b in
            guard let first = b.first, let last = b.last, first > 0x20, last > 0x20, schemeEnd(b) != nil else { return false }
            return !b.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        }
    }

    /// The index of the ':' that ends a valid scheme at the start of `s`, if there is one.
    static func schemeEnd<C: RandomAccessCollection>(_ s: C) -> Int? where C.Element == UInt8, C.Index == Int {
        guard let first = s.first, (first | 0x20) >= 0x61, (first | 0x20) <= 0x7A else { return nil }
        var i = 1
        while i < s.count {
            let c = s[i]
            if c == 0x3A { return i }
            let l = c | 0x20
            let ok = (l >= 0x61 && l <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2D || c == 0x2E
            if !ok { return nil }
            i += 1
        }
        return nil
    }

    /// §5.2.3 Merge Paths.
    static func merge(base: Components, path: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        if base.authority != nil && base.path.isEmpty {
            return [0x2F] + path
        }
        guard let slash = base.path.lastIndex(of: 0x2F) else { return path }
        return base.path[...slash] + path
    }

    /// §5.2.4 Remove Dot Segments, step by step as the RFC writes it. The input buffer is `input[i...]`;
    /// "replace that prefix with '/'" is done by moving `i` onto the prefix's last byte and making it a '/'.
    static func removeDotSegments(_ path: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        if !hasDotSegment(path) { return path }  // the usual case: nothing to do
        var input = Array(path)
        let n = input.count
        var i = 0
        var output: [UInt8] = []
        output.reserveCapacity(n)

        @inline(__always) func at(_ k: Int) -> UInt8? { k < n ? input[k] : nil }
        let dot: UInt8 = 0x2E, slash: UInt8 = 0x2F

        while i < n {  // every branch consumes at least one byte
            let remaining = n - i
            // A. "../" or "./" prefix: remove it.
            if at(i) == dot, at(i + 1) == dot, at(i + 2) == slash {
                i += 3
            } else if at(i) == dot, at(i + 1) == slash {
                i += 2
            }
            // B. "/./" or "/." (complete segment): replace with "/".
            else if at(i) == slash, at(i + 1) == dot, at(i + 2) == slash {
                i += 2
            } else if remaining == 2, at(i) == slash, at(i + 1) == dot {
                i += 1
                input[i] = slash
            }
            // C. "/../" or "/.." (complete segment): replace with "/", drop the last output segment.
            else if at(i) == slash, at(i + 1) == dot, at(i + 2) == dot, at(i + 3) == slash {
                i += 3
                removeLastSegment(&output)
            } else if remaining == 3, at(i) == slash, at(i + 1) == dot, at(i + 2) == dot {
                i += 2
                input[i] = slash
                removeLastSegment(&output)
            }
            // D. "." or ".." alone: remove it.
            else if (remaining == 1 && at(i) == dot) || (remaining == 2 && at(i) == dot && at(i + 1) == dot) {
                i = n
            }
            // E. Move the first segment (with its leading '/', if any) to the output.
            else {
                var j = i + 1  // past the leading '/' or the segment's first byte
                while j < n, input[j] != slash { j += 1 }
                output += input[i..<j]
                i = j
            }
        }
        return output[...]
    }

    /// Whether a segment of `path` is "." or "..".
    static func hasDotSegment(_ path: ArraySlice<UInt8>) -> Bool {
        var segmentStart = path.startIndex
        var k = path.startIndex
        while k <= path.endIndex {
            if k == path.endIndex || path[k] == 0x2F {
                let length = k - segmentStart
                if length == 1 && path[segmentStart] == 0x2E { return true }
                if length == 2 && path[segmentStart] == 0x2E && path[segmentStart + 1] == 0x2E { return true }
                segmentStart = k + 1
            }
            k += 1
        }
        return false
    }

    /// Removes the last segment and its preceding '/' (if any) from `output`.
    static func removeLastSegment(_ output: inout [UInt8]) {
        if let slash = output.lastIndex(of: 0x2F) {
            output.removeSubrange(slash...)
        } else {
            output.removeAll(keepingCapacity: true)
        }
    }

    // MARK: - Bytes

    /// A URL as browsers clean it: leading and trailing C0 controls and spaces trimmed, tabs and
    /// newlines removed.
    static func cleaned(_ s: String) -> [UInt8] {
        PlainText.withBytes(s) { b -> [UInt8] in
            var start = 0
            var end = b.count
            while start < end, b[start] <= 0x20 { start += 1 }
            while end > start, b[end - 1] <= 0x20 { end -= 1 }
            var out = Array(UnsafeBufferPointer(rebasing: b[start..<end]))
            if out.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                out.removeAll { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
            }
            return out
        }
    }

    static func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: bytes, as: UTF8.self)
    }
}
