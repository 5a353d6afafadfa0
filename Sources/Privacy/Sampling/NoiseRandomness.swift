import ProfileGANRandom

/// Where DP noise comes from: the OS's secure source (production), or a seeded generator (a
/// reproducible run — fine for experiments, not hardened: anyone with the seed can subtract the
/// noise). Recorded in every privacy record.
public enum NoiseRandomness: String, Codable, Sendable {
    case secure
    case seeded
}

/// The random generator for DP noise and Poisson sampling: ``SecureGenerator`` unless a seed is
/// given, then a ``SeededGenerator`` stream reserved for privacy noise.
public struct PrivacyNoiseGenerator: RandomNumberGenerator, Sendable {
    private var secure: SecureGenerator?
    private var seeded: SeededGenerator?

    /// Which source this generator draws from.
    public let randomness: NoiseRandomness

    /// Stream number used for privacy noise under a seed, so that it never coincides with the
    /// streams other components derive from the same seed.
    public static let seededStream: UInt64 = 0xD1FF_5EC7

    /// Secure randomness when `seed` is nil; otherwise a reproducible stream.
    public init(seed: UInt64? = nil) {
        if let seed {
            seeded = SeededGenerator(seed: seed, stream: Self.seededStream)
            randomness = .seeded
        } else {
            secure = SecureGenerator()
            randomness = .secure
        }
    }

    public mutating func next() -> UInt64 {
        if seeded != nil { return seeded!.next() }
        return secure!.next()
    }
}
