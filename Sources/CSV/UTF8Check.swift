/// Byte-level checks the reader runs on every piece of input.
enum UTF8Check {
    /// Whether every byte is below 0x80, eight bytes at a time. Almost all CSV exports are ASCII,
    /// so full UTF-8 validation runs only on the records where this fails.
    @inline(__always)
    static func isASCII(_ start: UnsafeRawPointer, count: Int) -> Bool {
        var index = 0
        var accumulated: UInt64 = 0
        while index + 8 <= count {
            accumulated |= start.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < count {
            accumulated |= UInt64(start.load(fromByteOffset: index, as: UInt8.self))
            index += 1
        }
        return accumulated & 0x8080_8080_8080_8080 == 0
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
