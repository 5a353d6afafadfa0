import Testing
import ProfileGANNeural
import ProfileGANRandom

/// The MADE layer and network: gradients against finite differences, and the autoregressive
/// property itself (block k's logits never read blocks ≥ k).
@Suite struct MaskedAutoregressiveTests {
    static let tolerance = 1e-3

    @Test func maskedLinearGradientsMatchFiniteDifferencesAndRespectTheMask() {
        var g = SeededGenerator(seed: 11)
        let layer = MaskedLinear(inputSize: 6, outputSize: 5, mask: { o, i in (o + i) % 3 != 0 }, name: "m", generator: &g)
        let x = randomMatrix(4, 6, generator: &g), r = randomMatrix(4, 5, generator: &g)
        let loss = { weightedSum(layer.forward(x), r) }
        layer.forward(x)
        layer.backward(r)
        #expect(finiteDifferenceError(of: x, analytic: layer.inputGradient.values, loss: loss) < Self.tolerance)
        #expect(finiteDifferenceError(of: layer.weight.value, analytic: layer.weight.gradient.values, samples: 30, loss: loss) < Self.tolerance)
        #expect(finiteDifferenceError(of: layer.bias.value, analytic: layer.bias.gradient.values, loss: loss) < Self.tolerance)
        for o in 0..<5 {
            for i in 0..<6 where (o + i) % 3 == 0 { #expect(layer.weight.gradient[o, i] == 0) }
        }
    }

    @Test func networkGradientsMatchFiniteDifferences() {
        var g = SeededGenerator(seed: 12)
        let network = MaskedAutoregressiveNetwork(blockSizes: [3, 2, 4], hiddenSizes: [16, 12], generator: &g)
        // Inputs away from the ReLU kinks are not guaranteed; a small step keeps crossings rare.
        let x = randomMatrix(5, network.width, generator: &g), r = randomMatrix(5, network.width, generator: &g)
        let loss = { weightedSum(network.forward(x), r) }
        network.zeroGradients()
        network.forward(x)
        let dx = network.backward(r).values
        #expect(finiteDifferenceError(of: x, analytic: dx, step: 1e-3, loss: loss) < Self.tolerance)
        for p in network.parameters {
            let error = finiteDifferenceError(of: p.value, analytic: p.gradient.values, step: 1e-3, samples: 25, loss: loss)
            #expect(error < Self.tolerance, "\(p.name): \(error)")
        }
    }

    @Test func blockLogitsDoNotDependOnLaterBlocks() {
        var g = SeededGenerator(seed: 13)
        let sizes = [2, 3, 1, 4]
        let network = MaskedAutoregressiveNetwork(blockSizes: sizes, hiddenSizes: [20, 20], generator: &g)
        let x = randomMatrix(3, network.width, generator: &g)
        let before = network.forward(x).copy()
        for k in 0..<sizes.count {
            // Change every input of blocks ≥ k: the logits of blocks ≤ k must stay bit for bit.
            let changed = x.copy()
            for row in 0..<3 {
                for c in network.blockOffsets[k]..<network.width { changed[row, c] += 5 }
            }
            let after = network.forward(changed)
            for row in 0..<3 {
                for j in 0...k {
                    for c in network.range(ofBlock: j) { #expect(after[row, c] == before[row, c], "block \(j) read block ≥ \(k)") }
                }
            }
            // And the blocks after k do depend on block k (the masks are not all zero).
            if k + 1 < sizes.count {
                let later = network.range(ofBlock: k + 1)
                #expect(later.contains { after[0, $0] != before[0, $0] })
            }
        }
    }
}
