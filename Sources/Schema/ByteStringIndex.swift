/// A hash table from byte strings to their position in a vocabulary, looked up straight from a
/// CSV field's bytes so that checking a category costs no `String` allocation.
struct ByteStringIndex: Sendable {
    /// The vocabulary, in insertion order.
    private(set) var strings: [String] = []
    private var keyBytes: [UInt8] = []
    private var keyRanges: [Range<Int>] = []
    /// Open addressing: each slot holds a code + 1, or 0 when empty.
    private var slots: [Int32] = Array(repeating: 0, count: 16)

    init(_ vocabulary: [String] = []) {
        for value in vocabulary { _ = insert(value) }
    }

    var count: Int { strings.count }

    /// The code of `bytes`, if present.
    @inline(__always)
    func code(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let mask = slots.count - 1
        var slot = Self.hash(bytes) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if equals(Int(entry - 1), bytes) { return entry - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// The code of `bytes`, adding them to the vocabulary if new.
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if let code = code(of: bytes) { return code }
        return add(String(decoding: bytes, as: UTF8.self))
    }

    /// The code of `string`, adding it if new.
    mutating func insert(_ string: String) -> Int32 {
        let bytes = Array(string.utf8)
        return bytes.withUnsafeBufferPointer { (buffer) -> Int32 in
            if let code = code(of: buffer) { return code }
            return add(string)
        }
    }

    private mutating func add(_ string: String) -> Int32 {
        let code = Int32(strings.count)
        strings.append(string)
        let start = keyBytes.count
        keyBytes.append(contentsOf: string.utf8)
        keyRanges.append(start..<keyBytes.count)
        if strings.count * 2 > slots.count { rehash(capacity: slots.count * 2) } else { place(code) }
        return code
    }

    private mutating func place(_ code: Int32) {
        let mask = slots.count - 1
        let range = keyRanges[Int(code)]
        var slot = keyBytes.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[range])) } & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = code + 1
    }

    private mutating func rehash(capacity: Int) {
        slots = Array(repeating: 0, count: capacity)
        for code in strings.indices { place(Int32(code)) }
    }

    @inline(__always)
    private func equals(_ code: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let range = keyRanges[code]
        guard range.count == bytes.count else { return false }
        if range.isEmpty { return true }
        // Vocabulary entries are short: a byte loop beats a call to memcmp.
        return keyBytes.withUnsafeBufferPointer { keys in
            let key = keys.baseAddress! + range.lowerBound
            let candidate = bytes.baseAddress!
            for index in 0..<range.count where key[index] != candidate[index] { return false }
            return true
        }
    }

    /// A multiply-xorshift hash over whole words: keys of 4 to 8 bytes take two overlapping 4-byte
    /// loads, longer keys 8-byte loads (the last one overlapping), so a lookup costs a few
    /// multiplications rather than one per byte. Every load stays inside the key.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        @inline(__always) func mix(_ state: UInt64, _ word: UInt64) -> UInt64 {
            let mixed = (state ^ word) &* 0xBF58_476D_1CE4_E5B9
            return mixed ^ (mixed >> 31)
        }
        var state = UInt64(count) &* 0x9E37_79B9_7F4A_7C15
        if count >= 8 {
            var offset = 0
            while offset + 8 <= count {
                state = mix(state, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            if offset < count { state = mix(state, raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) }
        } else if count >= 4 {
            let first = UInt64(raw.loadUnaligned(as: UInt32.self))
            let last = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            state = mix(state, first << 32 | last)
        } else {
            var word: UInt64 = 0
            for byte in bytes { word = word << 8 | UInt64(byte) }
            state = mix(state, word)
        }
        return Int(truncatingIfNeeded: state ^ (state >> 29))
    }
}
