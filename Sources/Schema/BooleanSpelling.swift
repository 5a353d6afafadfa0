/// The spellings accepted for a boolean cell: `true`/`false`, `1`/`0`, `yes`/`no`, `t`/`f`,
/// `y`/`n`, in any letter case. Written back as `true`/`false`.
enum BooleanSpelling {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.count <= 5 else { return nil }
        var lowered: UInt64 = 0
        for byte in bytes { lowered = lowered << 8 | UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
        if trueWords.contains(lowered) { return true }
        if falseWords.contains(lowered) { return false }
        return nil
    }

    private static let trueWords: [UInt64] = ["true", "1", "yes", "t", "y"].map(word)
    private static let falseWords: [UInt64] = ["false", "0", "no", "f", "n"].map(word)

    private static func word(_ text: String) -> UInt64 {
        text.utf8.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
