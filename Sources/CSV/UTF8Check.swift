/// Byte-level checks the reader runs on every piece of input.
enum UTF8Check {
    /// What one scan of a chunk found.
    struct ChunkBytes: OptionSet {
        let rawValue: UInt8
        /// A byte at or above 0x80: the chunk's records need full UTF-8 validation.
        static let nonASCII = ChunkBytes(rawValue: 1)
        /// A space or tab: libcsv may need the (slower) predicate that stops it trimming them.
        static let blank = ChunkBytes(rawValue: 2)
    }

    /// Scans a chunk eight bytes at a time. Almost all exports are ASCII, so the
    /// costly work each finding triggers is usually skipped.
    static func scan(_ start: UnsafeRawPointer, count: Int) -> ChunkBytes {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var high: UInt64 = 0
        var blanks: UInt64 = 0
        // The classic "has a zero byte" test on word XOR the byte looked for. It can misfire only
        // next to a real match or a byte >= 0x80: then the chunk is treated as having one, which
        // costs speed, never correctness.
        @inline(__always) func zeroBytes(_ word: UInt64) -> UInt64 { (word &- ones) & ~word }
        var index = 0
        while index + 8 <= count {
            let word = start.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            high |= word
            blanks |= zeroBytes(word ^ (ones &* 0x20)) | zeroBytes(word ^ (ones &* 0x09))
            index += 8
        }
        while index < count {
            let byte = start.load(fromByteOffset: index, as: UInt8.self)
            high |= UInt64(byte)
            if byte == 0x20 || byte == 0x09 { blanks |= highs }
            index += 1
        }
        var found: ChunkBytes = []
        if high & highs != 0 { found.insert(.nonASCII) }
        if blanks & highs != 0 { found.insert(.blank) }
        return found
    }

    /// Whether a space or tab sits next to a comma, quote, CR or LF, or at either end of the chunk:
    /// the only places where libcsv without a space predicate would treat it differently from
    /// data (it trims blanks at the edges of unquoted fields and between a closing quote and the
    /// delimiter). Blanks inside fields ("New Zealand") need no predicate. A blank at either end
    /// of the chunk counts as at an edge, because its neighbour is in another chunk.
    static func hasBlankAtFieldEdge(_ start: UnsafeRawPointer, count: Int) -> Bool {
        guard count > 0 else { return false }
        let first = start.load(as: UInt8.self)
        let last = start.load(fromByteOffset: count - 1, as: UInt8.self)
        if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // As in `scan`, the test may flag a byte next to a real match, never miss one: it can only
        // install the predicate where it is not needed.
        @inline(__always) func matches(_ word: UInt64, _ byte: UInt64) -> UInt64 {
            let x = word ^ (ones &* byte)
            return (x &- ones) & ~x & highs
        }
        var previousBlanks: UInt64 = 0
        var previousSyntax: UInt64 = 0
        var index = 0
        while index + 8 <= count {
            let word = start.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let blanks = matches(word, 0x20) | matches(word, 0x09)
            let syntax = matches(word, 0x2C) | matches(word, 0x22) | matches(word, 0x0A) | matches(word, 0x0D)
            // Little-endian: `<< 8` moves each byte's flag onto the next byte; the previous word's
            // last byte comes in at byte 0.
            let blankBefore = (blanks << 8) | (previousBlanks >> 56)
            let syntaxBefore = (syntax << 8) | (previousSyntax >> 56)
            if (syntax & blankBefore) | (blanks & syntaxBefore) != 0 { return true }
            previousBlanks = blanks
            previousSyntax = syntax
            index += 8
        }
        var previous = index > 0 ? start.load(fromByteOffset: index - 1, as: UInt8.self) : 0
        while index < count {
            let byte = start.load(fromByteOffset: index, as: UInt8.self)
            if (isBlank(byte) && isSyntax(previous)) || (isSyntax(byte) && isBlank(previous)) { return true }
            previous = byte
            index += 1
        }
        return false
    }

    @inline(__always) private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    @inline(__always) private static func isSyntax(_ byte: UInt8) -> Bool {
        byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D
    }

    /// Whether `bytes` are well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
