import Crypto
import Foundation
import Testing
import _CryptoExtras
@testable import ProfileGANPrivacy

@Suite struct KeystreamGeneratorTests {
    static func words(_ bytes: some DataProtocol) -> [UInt64] {
        let array = [UInt8](bytes)
        return stride(from: 0, to: array.count - 7, by: 8).map { start in
            (0..<8).reduce(UInt64(0)) { $0 | UInt64(array[start + $1]) << (8 * UInt64($1)) }
        }
    }

    @Test func theFirstBlockIsTheChaCha20KeystreamOfTheKey() {
        // RFC 8439 appendix A.1, test vector 1: the all-zero key, nonce and counter.
        let expected: [UInt8] = [
            0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90, 0x40, 0x5d, 0x6a, 0xe5, 0x53, 0x86, 0xbd, 0x28,
            0xbd, 0xd2, 0x19, 0xb8, 0xa0, 0x8d, 0xed, 0x1a, 0xa8, 0x36, 0xef, 0xcc, 0x8b, 0x77, 0x0d, 0xc7,
            0xda, 0x41, 0x59, 0x7c, 0x51, 0x57, 0x48, 0x8d, 0x77, 0x24, 0xe0, 0x3f, 0xb8, 0xd8, 0x4a, 0x37,
            0x6a, 0x43, 0xb8, 0xf4, 0x15, 0x18, 0xa1, 0x1c, 0xc3, 0x87, 0xb6, 0x69, 0xb2, 0xee, 0x65, 0x86,
        ]
        var generator = KeystreamGenerator(key: [UInt8](repeating: 0, count: 32))
        #expect((0..<8).map { _ in generator.next() } == Self.words(expected))
    }

    @Test func eachBlockIsUnderTheKeyTheLastBlockLeftUnused() throws {
        let firstKey = [UInt8](repeating: 7, count: 32)
        var generator = KeystreamGenerator(key: firstKey)
        let output = (0..<(3 * 4096)).map { _ in generator.next() }
        // Block b's keystream is 32 KiB of output followed by 32 bytes that are never output and
        // become block b + 1's key.
        let nonce = try Insecure.ChaCha20CTR.Nonce(data: Data(count: 12))
        var key = firstKey
        for block in 0..<3 {
            let stream = try Insecure.ChaCha20CTR.encrypt(Data(count: 32 * 1024 + 32), using: SymmetricKey(data: key), nonce: nonce)
            #expect(Array(output[(block * 4096)..<((block + 1) * 4096)]) == Self.words(stream.prefix(32 * 1024)), "block \(block)")
            key = [UInt8](stream.suffix(32))
            #expect(!Self.words(key).contains { output.contains($0) }, "a key word was output")
        }
    }

    @Test func splitGeneratorsAndFreshOnesDiffer() {
        var parent = KeystreamGenerator()
        var child = parent.split(), other = KeystreamGenerator()
        let a = (0..<64).map { _ in parent.next() }, b = (0..<64).map { _ in child.next() }, c = (0..<64).map { _ in other.next() }
        #expect(a != b && a != c && b != c)
        #expect(Set(a + b + c).count == 192)
    }

    @Test func replayedSplitsRepeatAndSecureOnesDoNot() {
        var first = PrivacyNoiseGenerator(replaySeed: 5), second = PrivacyNoiseGenerator(replaySeed: 5)
        var a = first.split(), b = second.split()
        #expect((0..<16).map { _ in a.next() } == (0..<16).map { _ in b.next() })
        #expect(first.next() == second.next())
        var secure = PrivacyNoiseGenerator()
        var c = secure.split(), d = secure.split()
        #expect(c.randomness == .secure && (0..<16).map { _ in c.next() } != (0..<16).map { _ in d.next() })
    }
}
