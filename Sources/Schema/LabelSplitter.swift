/// The labels of a multilabel cell: the pieces of `bytes` between occurrences of `separator`.
struct LabelSplitter: Sequence, IteratorProtocol {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let separator: [UInt8]
    private var start = 0
    private var done = false

    init(bytes: UnsafeBufferPointer<UInt8>, separator: [UInt8]) {
        self.bytes = bytes
        self.separator = separator
    }

    mutating func next() -> UnsafeBufferPointer<UInt8>? {
        guard !done else { return nil }
        var index = start
        if separator.count == 1 {
            let byte = separator[0]
            while index < bytes.count {
                if bytes[index] == byte {
                    let piece = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    start = index + 1
                    return piece
                }
                index += 1
            }
            done = true
            return UnsafeBufferPointer(rebasing: bytes[start...])
        }
        while index + separator.count <= bytes.count {
            if matchesSeparator(at: index) {
                let piece = UnsafeBufferPointer(rebasing: bytes[start..<index])
                start = index + separator.count
                return piece
            }
            index += 1
        }
        done = true
        return UnsafeBufferPointer(rebasing: bytes[start...])
    }

    @inline(__always)
    private func matchesSeparator(at index: Int) -> Bool {
        for offset in 0..<separator.count where bytes[index + offset] != separator[offset] { return false }
        return true
    }
}
