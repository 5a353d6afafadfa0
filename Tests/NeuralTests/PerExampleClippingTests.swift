import Testing
import ProfileGANNeural
import ProfileGANRandom

/// Ghost-norm clipping against the naive method: one backward pass per example, each producing
/// that example's full gradient vector.
@Suite struct PerExampleClippingTests {
    struct Naive {
        var norms: [Double]
        var gradients: [[Double]]
    }

    /// Per-example gradients by back-propagating one row of the score gradient at a time (the
    /// forward pass, hence the dropout masks, is the batch's).
    static func naive(_ d: Discriminator, scoreGradient: Matrix) -> Naive {
        var gradients = [[Double]]()
        let single = Matrix(rows: scoreGradient.rows, columns: 1)
        for i in 0..<scoreGradient.rows {
            single.fill(0)
            single[i, 0] = scoreGradient[i, 0]
            d.zeroGradients()
            d.backward(single)
            gradients.append(flatGradient(d.parameters))
        }
        return Naive(norms: gradients.map(norm), gradients: gradients)
    }

    static func makeBatch(
        seed: UInt64, dataWidth: Int, pac: Int, examples: Int, training: Bool
    ) -> (Discriminator, Matrix, Matrix) {
        var g = SeededGenerator(seed: seed)
        let d = Discriminator(dataWidth: dataWidth, pac: pac, hiddenSizes: [16, 12], generator: &g)
        d.isTraining = training
        let rows = randomMatrix(examples * pac, dataWidth, scale: 2, generator: &g)
        let scoreGradient = randomMatrix(examples, 1, generator: &g)
        scoreGradient[1, 0] = 0  // an example contributing nothing
        scoreGradient[2, 0] = 1e6  // an example with a huge gradient
        d.forward(rows)
        return (d, rows, scoreGradient)
    }

    @Test(arguments: [(UInt64(1), true), (2, false), (3, true), (4, true)])
    func ghostNormsAndClippedSumMatchNaive(seed: UInt64, training: Bool) {
        let (d, _, scoreGradient) = Self.makeBatch(seed: seed, dataWidth: 3, pac: 4, examples: 9, training: training)
        let clip: Float = 0.5
        d.zeroGradients()
        d.clippedBackward(scoreGradient, clipNorm: clip)
        let clippedSum = flatGradient(d.parameters)
        let norms = d.perExampleNorms, factors = d.clipFactors

        let naive = Self.naive(d, scoreGradient: scoreGradient)
        #expect(norms[1] == 0 && factors[1] == 1)
        #expect(factors[2] < 1e-5)
        var expected = [Double](repeating: 0, count: clippedSum.count)
        for i in naive.norms.indices {
            #expect(abs(Double(norms[i]) - naive.norms[i]) <= 1e-5 * naive.norms[i], "example \(i)")
            // Every clipped per-example gradient, computed the naive way, is within C.
            let clippedNorm = Double(factors[i]) * naive.norms[i]
            #expect(clippedNorm <= Double(clip), "example \(i): clipped norm \(clippedNorm)")
            if naive.norms[i] > Double(clip) { #expect(clippedNorm > 0.999 * Double(clip)) }
            for k in expected.indices { expected[k] += Double(factors[i]) * naive.gradients[i][k] }
        }
        #expect(relativeDistance(clippedSum, expected) < 1e-5)
        #expect(d.largestClippedNorm <= clip && d.largestClippedNorm > 0.999 * clip)
    }

    @Test func factorsFollowFromNaiveNorms() {
        let (d, _, scoreGradient) = Self.makeBatch(seed: 5, dataWidth: 2, pac: 3, examples: 12, training: true)
        let clip: Float = 1
        d.clippedBackward(scoreGradient, clipNorm: clip)
        for (norm, factor) in zip(d.perExampleNorms, d.clipFactors) {
            let target = clip * Discriminator.clipMargin
            #expect(factor == (norm > target ? target / norm : 1))
        }
    }

    @Test func largeClipNormGivesTheOrdinaryGradient() {
        let (d, _, scoreGradient) = Self.makeBatch(seed: 6, dataWidth: 4, pac: 2, examples: 7, training: true)
        scoreGradient[2, 0] = 0.3
        d.zeroGradients()
        d.clippedBackward(scoreGradient, clipNorm: 1e9)
        let clipped = flatGradient(d.parameters)
        #expect(d.clipFactors.allSatisfy { $0 == 1 })
        d.zeroGradients()
        d.backward(scoreGradient)
        #expect(relativeDistance(clipped, flatGradient(d.parameters)) < 1e-6)
    }

    @Test func inputGradientIsUnchangedByClipping() {
        let (d, _, scoreGradient) = Self.makeBatch(seed: 7, dataWidth: 3, pac: 2, examples: 5, training: true)
        d.clippedBackward(scoreGradient, clipNorm: 0.1, inputGradients: true)
        let clippedInputGradient = d.inputGradient.values
        d.backward(scoreGradient, parameterGradients: false, inputGradients: true)
        #expect(clippedInputGradient == d.inputGradient.values)
    }
}
