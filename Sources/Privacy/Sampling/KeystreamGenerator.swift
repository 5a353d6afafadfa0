import Crypto
import Foundation
import ProfileGANRandom
import _CryptoExtras

/// A cryptographically secure generator for DP noise: the ChaCha20 keystream under a 256-bit key
/// from the OS's source, replaced after every block of output by keystream that is never output
/// ("fast key erasure", Bernstein 2017 — how OpenBSD's and glibc's `arc4random` work).
///
/// Why not read the OS's source directly (``SecureGenerator``): a DP step draws a normal for every
/// discriminator parameter, about 0.7 MB of random bytes, and `/dev/urandom` delivers 0.44 GB/s on
/// the machine the benchmarks ran on — 1.7 ms of a 15 ms step — while BoringSSL's vectorized ChaCha20
/// gives about 5 GB/s. The OS still provides every bit of entropy: the first key, and the key of
/// every generator ``split()`` from this one is drawn from this one's stream.
///
/// Once a block has been used and the key replaced, the generator holds no key that reproduces it
/// (the freed keystream buffer is not wiped, as nothing else in the process's memory is).
public struct KeystreamGenerator: RandomNumberGenerator, Sendable {
    /// Words output per key: 32 KiB of keystream, then 32 bytes more become the next key.
    private static let blockWords = 4096
    private static let zeros = Data(count: blockWords * 8 + 32)
    private static let nonce = try! Insecure.ChaCha20CTR.Nonce(data: Data(count: 12))

    /// The current key's 32 bytes (kept as bytes: `SymmetricKey` is not `Sendable`).
    private var key = [UInt8](repeating: 0, count: 32)
    private var buffer = [UInt64](repeating: 0, count: KeystreamGenerator.blockWords)
    private var position = KeystreamGenerator.blockWords

    /// A generator keyed from the OS's secure source.
    public init() {
        var os = SecureGenerator()
        self.init(keyFrom: &os)
    }

    /// A generator whose first key is `key` (32 bytes): only for checking the construction.
    init(key: [UInt8]) {
        precondition(key.count == 32, "a ChaCha20 key has 32 bytes")
        self.key = key
    }

    private init(keyFrom source: inout some RandomNumberGenerator) {
        key.withUnsafeMutableBytes { raw in
            for word in 0..<4 { raw.storeBytes(of: source.next(), toByteOffset: word * 8, as: UInt64.self) }
        }
    }

    /// An independent generator keyed from this one's stream (for work split across threads).
    public mutating func split() -> KeystreamGenerator {
        KeystreamGenerator(keyFrom: &self)
    }

    public mutating func next() -> UInt64 {
        if position == buffer.count { refill() }
        defer { position += 1 }
        return buffer[position]
    }

    private mutating func refill() {
        // The key is fresh for every block, so one fixed nonce never repeats under a key.
        let stream: Data
        do {
            stream = try Insecure.ChaCha20CTR.encrypt(Self.zeros, using: SymmetricKey(data: key), nonce: Self.nonce)
        } catch {
            fatalError("ChaCha20 keystream failed (\(error)); refusing to continue without secure randomness")
        }
        stream.withUnsafeBytes { raw in
            buffer.withUnsafeMutableBytes { words in
                words.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<(Self.blockWords * 8)]))
            }
            key = Array(raw[(Self.blockWords * 8)...])
        }
        position = 0
    }
}
