/// Byte-level checks the reader runs on every piece of input.
enum UTF8Check {
    /// What one scan of a chunk found.
    struct ChunkBytes: OptionSet {
        let rawValue: UInt8
        /// A byte at or above 0x80: the chunk's records need full UTF-8 validation.
        static let nonASCII = ChunkBytes(rawValue: 1)
        /// A space or tab: libcsv needs the (slower) predicate that stops it trimming them.
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
