import Testing
@testable import ProfileGANNeural
@testable import ProfileGANRandom
@testable import ProfileGANSynthesizer

@Suite struct TokenSupportTests {
    @Test func binsCountedBelowTheThresholdAreExcludedButTheMostCountedBinStays() {
        let support = TokenSupport(releasedBinCounts: [[50, 2, -3, 40], nil, [1, 0.5]], threshold: 10)
        #expect(support.excluded == [[1, 2], [], [1]])
        #expect(!support.isFull)
        #expect(support.allowed(vocabularySizes: [5, 3, 2]) == [[true, false, false, true, true], [true, true, true], [true, false]])
        #expect(support.check(vocabularySizes: [5, 3, 2]) == nil)
        #expect(support.check(vocabularySizes: [5, 3]) != nil)
        #expect(TokenSupport(excluded: [[0, 1]]).check(vocabularySizes: [2]) != nil)
    }

    @Test func theSamplerNeverDrawsAnExcludedToken() {
        var rng = SeededGenerator(seed: 4)
        let network = MaskedAutoregressiveNetwork(blockSizes: [4, 3], hiddenSizes: [8], generator: &rng)
        let support = TokenSupport(excluded: [[0, 2], [1]])
        var draw = SeededGenerator(seed: 5)
        let tokens = TokenSampler(network: network, support: support).sample(rows: 2000, rng: &draw)
        let first = Set(stride(from: 0, to: tokens.count, by: 2).map { tokens[$0] })
        let second = Set(stride(from: 1, to: tokens.count, by: 2).map { tokens[$0] })
        #expect(first == [1, 3])
        #expect(second == [0, 2])
        var again = SeededGenerator(seed: 5)
        let unrestricted = Set(TokenSampler(network: network).sample(rows: 2000, rng: &again))
        #expect(unrestricted == [0, 1, 2, 3])
    }
}
