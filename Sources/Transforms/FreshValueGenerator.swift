import ProfileGANSchema

/// Writes fresh values for a `pii` column: a pure function of (seed, column, row number), so the
/// same seed gives the same values whatever the batch size, shard or worker count, and no value
/// ever depends on the training data (nothing about the real values is in the model).
///
/// Uniqueness where the shape implies it: e-mail local parts end in the row number; patterns
/// (and the phone shape `+1 555-###-####`, in the range fiction uses) number rows through a
/// permutation of the pattern's value space, so rows differ until the space is exhausted (then
/// values repeat: give a pattern enough placeholders); uuids are version-4 with 122 random bits.
public struct FreshValueGenerator: Sendable {
    public let shape: PIIShape
    private let key: UInt64
    private let pattern: PIIPattern?
    /// Affine permutation `row ↦ (a·row + b) mod capacity` of the pattern's value space.
    private let multiplier: UInt64, offset: UInt64

    /// The shape written for `phone` columns.
    public static let phonePattern = "+1 555-###-####"

    public init(shape: PIIShape, seed: UInt64, column: String) {
        self.shape = shape
        let key = Self.key(seed: seed, column: column)
        self.key = key
        switch shape {
        case .pattern(let text): pattern = PIIPattern(text)
        case .phone: pattern = PIIPattern(Self.phonePattern)
        default: pattern = nil
        }
        let capacity = pattern?.capacity ?? 1
        var a = Self.mix(key ^ 1) % max(capacity, 1)
        while capacity > 1, Self.gcd(a, capacity) != 1 { a = (a + 1) % capacity }
        multiplier = max(a, 1)
        offset = Self.mix(key ^ 2) % max(capacity, 1)
    }

    /// The value of row `row` (0-based over the whole generation job).
    public func value(row: UInt64) -> String {
        switch shape {
        case .uuid: return uuid(row)
        case .name: return name(row)
        case .email: return email(row)
        case .phone, .pattern:
            guard let pattern else { return "" }
            let capacity = pattern.capacity
            guard capacity != .max else { return pattern.value(number: Self.mix(key ^ row)) }
            let (high, low) = multiplier.multipliedFullWidth(by: row % capacity)
            let permuted = capacity.dividingFullWidth((high, low)).remainder
            let (sum, overflow) = permuted.addingReportingOverflow(offset)
            return pattern.value(number: overflow || sum >= capacity ? sum &- capacity : sum)
        }
    }

    private func uuid(_ row: UInt64) -> String {
        let high = (Self.mix(key ^ row ^ 0xA5A5) & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let low = (Self.mix(Self.mix(key ^ row) ^ 0x5A5A) & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let hex = Self.hex(high, digits: 16) + Self.hex(low, digits: 16)
        let h = Array(hex)
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-" + String(h[20..<32])
    }

    private func parts(_ row: UInt64) -> (given: String, family: String) {
        var state = Self.mix(key ^ (row &* 0x9E37_79B9_7F4A_7C15))
        func pick(_ list: [String]) -> String {
            state = Self.mix(state)
            return list[Int(state % UInt64(list.count))]
        }
        let given = pick(FreshValueWords.givenSyllables) + pick(FreshValueWords.givenSyllables) + pick(FreshValueWords.givenEndings)
        let family = pick(FreshValueWords.familySyllables) + pick(FreshValueWords.familyEndings)
        return (given, family)
    }

    private func name(_ row: UInt64) -> String {
        let (given, family) = parts(row)
        return given.prefix(1).uppercased() + given.dropFirst() + " " + family.prefix(1).uppercased() + family.dropFirst()
    }

    private func email(_ row: UInt64) -> String {
        let (given, family) = parts(row)
        let domain = FreshValueWords.domains[Int(Self.mix(key ^ row ^ 0xD0) % UInt64(FreshValueWords.domains.count))]
        return "\(given).\(family)\(row + 1)@\(domain)"
    }

    /// The per-column key of a generation seed.
    static func key(seed: UInt64, column: String) -> UInt64 {
        var key = mix(seed ^ 0x5049_4900)
        for byte in column.utf8 { key = mix(key ^ UInt64(byte)) }
        return key
    }

    /// SplitMix64's finalizer: a bijective mix of 64 bits.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 { b == 0 ? a : gcd(b, a % b) }

    private static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: digits - text.count) + text
    }
}
