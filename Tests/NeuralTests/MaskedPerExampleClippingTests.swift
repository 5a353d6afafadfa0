import Testing
import ProfileGANNeural
import ProfileGANRandom

/// Ghost-norm clipping of the masked network against the naive method: one backward pass per
/// example, each producing that example's full gradient vector.
@Suite struct MaskedPerExampleClippingTests {
    static func makeBatch(seed: UInt64, examples: Int, hidden: [Int]) -> (MaskedAutoregressiveNetwork, Matrix) {
        var g = SeededGenerator(seed: seed)
        let network = MaskedAutoregressiveNetwork(blockSizes: [3, 2, 4, 2], hiddenSizes: hidden, generator: &g)
        let x = randomMatrix(examples, network.width, scale: 2, generator: &g)
        let r = randomMatrix(examples, network.width, generator: &g)
        for c in 0..<network.width {
            r[1, c] = 0  // an example contributing nothing
            r[2, c] *= 1e5  // an example with a huge gradient
        }
        network.forward(x)
        return (network, r)
    }

    static func perExampleGradients(_ network: MaskedAutoregressiveNetwork, _ r: Matrix) -> [[Double]] {
        let single = Matrix(rows: r.rows, columns: r.columns)
        return (0..<r.rows).map { i in
            single.fill(0)
            for c in 0..<r.columns { single[i, c] = r[i, c] }
            network.zeroGradients()
            network.backward(single)
            return flatGradient(network.parameters)
        }
    }

    @Test(arguments: [(UInt64(1), [12, 10]), (UInt64(2), [9]), (UInt64(3), [Int]())] as [(UInt64, [Int])])
    func ghostNormsAndClippedSumMatchNaive(seed: UInt64, hidden: [Int]) {
        let (network, r) = Self.makeBatch(seed: seed, examples: 7, hidden: hidden)
        let clip: Float = 0.5
        network.zeroGradients()
        network.clippedBackward(r, clipNorm: clip)
        let clippedSum = flatGradient(network.parameters)
        let norms = network.perExampleNorms, factors = network.clipFactors
        let naive = Self.perExampleGradients(network, r)
        #expect(norms[1] == 0 && factors[1] == 1)
        #expect(factors[2] < 1e-4)
        var expected = [Double](repeating: 0, count: clippedSum.count)
        for (i, gradient) in naive.enumerated() {
            let n = norm(gradient)
            #expect(abs(Double(norms[i]) - n) <= 1e-5 * n, "example \(i): ghost \(norms[i]), naive \(n)")
            let clippedNorm = Double(factors[i]) * n
            #expect(clippedNorm <= Double(clip), "example \(i): clipped norm \(clippedNorm)")
            if n > Double(clip) { #expect(clippedNorm > 0.999 * Double(clip)) }
            for k in expected.indices { expected[k] += Double(factors[i]) * gradient[k] }
        }
        #expect(relativeDistance(clippedSum, expected) < 1e-5)
        #expect(network.largestClippedNorm <= clip)
    }

    @Test func maskedOutWeightsAndTheSkipBiasGetNoClippedGradient() {
        let (network, r) = Self.makeBatch(seed: 4, examples: 5, hidden: [8])
        network.zeroGradients()
        network.clippedBackward(r, clipNorm: 0.1)
        for layer in network.hidden + [network.head, network.skip] {
            for o in 0..<layer.outputSize {
                for i in 0..<layer.inputSize where layer.mask[o, i] == 0 { #expect(layer.weight.gradient[o, i] == 0) }
            }
        }
        #expect(network.skip.bias.gradient.values.allSatisfy { $0 == 0 })
    }

    @Test func largeClipNormGivesTheOrdinaryGradient() {
        let (network, r) = Self.makeBatch(seed: 5, examples: 6, hidden: [10, 6])
        for c in 0..<network.width { r[2, c] *= 1e-5 }
        network.zeroGradients()
        network.clippedBackward(r, clipNorm: 1e9)
        let clipped = flatGradient(network.parameters)
        #expect(network.clipFactors.allSatisfy { $0 == 1 })
        network.zeroGradients()
        network.backward(r)
        #expect(relativeDistance(clipped, flatGradient(network.parameters)) < 1e-6)
    }
}
