import ProfileGANRandom

/// Where DP noise comes from: the OS's secure source, or — only when a run asks for it by name
/// (`--insecure-replayable-noise`, for bit-reproducible tests) — a stream derived from the run's
/// seed. Replayable noise voids the guarantee: anyone who has the model and the seed can regenerate
/// the noise and subtract it, so a record with ``replayable`` is not differentially private.
public enum NoiseRandomness: String, Codable, Sendable {
    case secure
    case replayable

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        // "seeded" is how models written before replayable noise had its name recorded it.
        switch text {
        case "secure": self = .secure
        case "replayable", "seeded": self = .replayable
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "unknown noise source \"\(text)\" (expected secure or replayable)"))
        }
    }
}

/// The random generator for DP noise and Poisson sampling: a ``KeystreamGenerator`` (keyed from the
/// OS's secure source) unless a replay seed is given, then a ``SeededGenerator`` stream reserved
/// for privacy noise.
public struct PrivacyNoiseGenerator: RandomNumberGenerator, Sendable {
    private var secure: KeystreamGenerator?
    private var replay: SeededGenerator?

    /// Which source this generator draws from.
    public let randomness: NoiseRandomness

    /// Stream number used for replayable privacy noise, so that it never coincides with the
    /// streams other components derive from the same seed.
    public static let replayStream: UInt64 = 0xD1FF_5EC7

    /// Secure randomness when `replaySeed` is nil; otherwise a replayable stream (not DP).
    public init(replaySeed: UInt64? = nil) {
        if let replaySeed {
            replay = SeededGenerator(seed: replaySeed, stream: Self.replayStream)
            randomness = .replayable
        } else {
            secure = KeystreamGenerator()
            randomness = .secure
        }
    }

    public mutating func next() -> UInt64 {
        if replay != nil { return replay!.next() }
        return secure!.next()
    }

    /// An independent generator of the same kind, derived from this one's stream: a fresh
    /// keystream key, or a child replay stream (so a replayed run splits the same way again).
    public mutating func split() -> PrivacyNoiseGenerator {
        var child = self
        if replay != nil {
            child.replay = replay!.split(stream: Self.replayStream)
        } else {
            child.secure = secure!.split()
        }
        return child
    }
}
