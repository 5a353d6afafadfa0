/// Byte-level checks the reader runs on every piece of input.
enum UTF8Check {
    /// What one scan of a line found: a byte at or above 0x80, or a space or tab.
    struct LineBytes: OptionSet {
        let rawValue: UInt8
        static let nonASCII = LineBytes(rawValue: 1)
        static let blank = LineBytes(rawValue: 2)
    }

    /// Scans a line eight bytes at a time for non-ASCII bytes (almost all exports are ASCII, so
    /// full UTF-8 validation runs only where this finds one) and for spaces or tabs (only then
    /// does the reader need libcsv's slower space predicate).
    @inline(__always)
    static func scan(_ start: UnsafeRawPointer, count: Int) -> LineBytes {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var high: UInt64 = 0
        var blanks: UInt64 = 0
        var index = 0
        while index + 8 <= count {
            let word = start.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            high |= word
            // Classic "has a zero byte" test on word XOR the byte we look for; may flag a
            // false positive only next to a real match or a high byte, both handled.
            let spaces = word ^ (ones &* 0x20)
            let tabs = word ^ (ones &* 0x09)
            blanks |= ((spaces &- ones) & ~spaces) | ((tabs &- ones) & ~tabs)
            index += 8
        }
        while index < count {
            let byte = start.load(fromByteOffset: index, as: UInt8.self)
            high |= UInt64(byte)
            if byte == 0x20 || byte == 0x09 { blanks |= highs }
            index += 1
        }
        var found: LineBytes = []
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
