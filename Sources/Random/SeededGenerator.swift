/// A fast, seedable pseudo-random generator (xoshiro256**, Blackman & Vigna 2018).
///
/// One generator type serves every random decision in ProfileGAN — weight initialization, mode and
/// row sampling, dropout, Gumbel noise, generation — so a `--seed` reproduces a run bit for bit on
/// the same machine. Independent streams (one per shard, per worker, per purpose) come from
/// ``init(seed:stream:)``, which mixes the stream number into the seed with SplitMix64 so that
/// streams never share state.
///
/// Not for differential-privacy noise in production: use ``SecureGenerator`` there (see
/// docs/PRIVACY.md); a seeded DP run is reproducible but not hardened.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var state: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a generator whose whole sequence is determined by `seed` and `stream`.
    public init(seed: UInt64, stream: UInt64 = 0) {
        var mixer = SplitMix64(state: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        // Burn one value per stream so that (seed, stream) pairs with equal xor still differ.
        for _ in 0..<(stream % 7) { _ = mixer.next() }
        var s = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
        if s == (0, 0, 0, 0) { s.0 = 1 }  // the all-zero state is the one fixed point of xoshiro
        state = s
    }

    /// Inlinable: the noise and sampling loops call it per value, and a call across modules costs
    /// as much as the arithmetic.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = Self.rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = Self.rotateLeft(state.3, 45)
        return result
    }

    /// A child generator for a sub-task, derived from this one's next output. Deterministic.
    public mutating func split(stream: UInt64) -> SeededGenerator {
        SeededGenerator(seed: next(), stream: stream)
    }

    @inlinable @inline(__always)
    static func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// SplitMix64: turns one 64-bit seed into well-mixed state words.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
