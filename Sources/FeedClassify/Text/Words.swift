/// A text split into the words rules match against.
public struct Words: Sendable {
    public struct Word: Sendable, Equatable {
        /// The word folded (`Fold`).
        public var folded: String
        /// Written in capitals: two letters or more, none of them lowercase (`ICE`, `DACA`, `U.S` is not one word).
        public var capitals: Bool
        /// Where the word is in the text, for showing hits.
        public var range: Range<String.Index>
    }

    public let text: String
    public let words: [Word]
    /// Every cased letter of the text is a capital (a shouting headline): capitals then say
    /// nothing about a word, so capitals-only terms do not match here (docs/design.md).
    public let shouts: Bool

    public init(_ text: String) {
        self.text = text
        var words: [Word] = []
        var folded = ""
        var start: String.Index?
        var letters = 0
        var upper = 0
        var lower = 0
        var allUpper = 0
        var allLower = 0
        var index = text.unicodeScalars.startIndex
        func close(at end: String.Index) {
            if let s = start, !folded.isEmpty {
                words.append(Word(folded: folded, capitals: letters >= 2 && lower == 0 && upper == letters, range: s..<end))
            }
            start = nil
            folded = ""
            letters = 0; upper = 0; lower = 0
        }
        let scalars = text.unicodeScalars
        while index < scalars.endIndex {
            let u = scalars[index]
            let v = u.value
            if v < 0x80 {
                // ASCII without Unicode property lookups (most of the text of English news).
                let isUpper = v >= 0x41 && v <= 0x5A
                let isLower = v >= 0x61 && v <= 0x7A
                if isUpper || isLower || (v >= 0x30 && v <= 0x39) {
                    if start == nil { start = index }
                    folded.unicodeScalars.append(isUpper ? Unicode.Scalar(UInt8(v + 0x20)) : u)
                    if isUpper { letters += 1; upper += 1; allUpper += 1 } else if isLower { letters += 1; lower += 1; allLower += 1 }
                } else {
                    close(at: index)
                }
            } else if Fold.isWordScalar(u) {
                if start == nil { start = index }
                Fold.append(u, to: &folded)
                let p = u.properties
                if p.isAlphabetic {
                    letters += 1
                    if p.isUppercase { upper += 1; allUpper += 1 } else if p.isLowercase { lower += 1; allLower += 1 }
                }
            } else {
                close(at: index)
            }
            index = scalars.index(after: index)
        }
        close(at: scalars.endIndex)
        self.words = words
        self.shouts = allLower == 0 && allUpper >= 4 && words.count >= 2
    }
}
