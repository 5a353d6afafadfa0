import Testing
@testable import ProfileGANNeural
import ProfileGANRandom

@Suite struct StatisticsTests {
    @Test func batchNormTrainingNormalizesAndUpdatesRunningStatistics() {
        var g = SeededGenerator(seed: 51)
        let bn = BatchNorm1d(features: 3, name: "bn", momentum: 0.1)
        let x = randomMatrix(50, 3, scale: 4, generator: &g)
        bn.forward(x)
        for c in 0..<3 {
            let column = (0..<50).map { Double(x[$0, c]) }
            let mean = column.reduce(0, +) / 50
            let biased = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 50
            let y = (0..<50).map { Double(bn.output[$0, c]) }
            #expect(abs(y.reduce(0, +) / 50) < 1e-5)
            #expect(abs(y.map { $0 * $0 }.reduce(0, +) / 50 - biased / (biased + 1e-5)) < 1e-4)
            #expect(abs(Double(bn.runningMean[0, c]) - 0.1 * mean) < 1e-5)
            #expect(abs(Double(bn.runningVariance[0, c]) - (0.9 + 0.1 * biased * 50 / 49)) < 1e-4)
        }
    }

    @Test func batchNormEvaluationUsesRunningStatistics() {
        var g = SeededGenerator(seed: 52)
        let bn = BatchNorm1d(features: 4, name: "bn", momentum: 0.5)
        bn.scale.initializeUniform(bound: 2, using: &g)
        bn.shift.initializeUniform(bound: 1, using: &g)
        let x = randomMatrix(64, 4, scale: 3, generator: &g)
        // Training on the same batch many times drives the running statistics to the batch's.
        for _ in 0..<60 { bn.forward(x) }
        let trained = bn.output.values
        bn.isTraining = false
        bn.forward(x)
        let evaluated = bn.output.values
        let before = bn.runningMean.values
        // Running variance is the unbiased one: eval output differs from training by √(n/(n−1)).
        for (t, e) in zip(trained, evaluated) { #expect(abs(t - e) < 0.02 * max(1, abs(t))) }
        // Evaluation must not move the running statistics, and a single row works.
        let single = Matrix(rows: 1, columns: 4, values: [0.1, 0.2, 0.3, 0.4])
        bn.forward(single)
        #expect(bn.runningMean.values == before)
        for c in 0..<4 {
            let expected = bn.scale.value[0, c] * (0.1 * Float(c + 1) - bn.runningMean[0, c])
                / (bn.runningVariance[0, c] + 1e-5).squareRoot() + bn.shift.value[0, c]
            #expect(abs(bn.output[0, c] - expected) < 1e-5)
        }
    }

    /// Hard Gumbel-softmax samples are draws from softmax(logits) (the Gumbel-max trick) at any τ.
    @Test(arguments: [Float(0.2), 1])
    func gumbelSoftmaxCategoryFrequencies(temperature: Float) {
        let logits: [Float] = [1.0, 0.0, -1.0, 2.0]
        let n = 20_000
        let x = Matrix(rows: n, columns: 4) { _, c in logits[c] }
        let layer = GumbelSoftmax(temperature: temperature, hard: true, generator: SeededGenerator(seed: 53))
        layer.forward(x)
        var counts = [Double](repeating: 0, count: 4)
        for r in 0..<n { for c in 0..<4 { counts[c] += Double(layer.output[r, c]) } }
        let z = logits.map { exp(Double($0)) }.reduce(0, +)
        for c in 0..<4 {
            let p = exp(Double(logits[c])) / z
            let standardError = (p * (1 - p) / Double(n)).squareRoot()
            #expect(abs(counts[c] / Double(n) - p) < 4 * standardError, "category \(c)")
        }
    }

    @Test func softGumbelSoftmaxMeanSharpensAsTemperatureFalls() {
        let x = Matrix(rows: 5000, columns: 3) { _, c in Float(c) * 0.5 }
        let hot = GumbelSoftmax(temperature: 5, hard: false, generator: SeededGenerator(seed: 54))
        let cold = GumbelSoftmax(temperature: 0.1, hard: false, generator: SeededGenerator(seed: 54))
        hot.forward(x)
        cold.forward(x)
        let largestHot = (0..<5000).map { hot.output.row($0).max()! }.reduce(0, +) / 5000
        let largestCold = (0..<5000).map { cold.output.row($0).max()! }.reduce(0, +) / 5000
        #expect(largestCold > 0.95 && largestHot < 0.5)
    }
}

#if canImport(Glibc)
import Glibc
#endif

@Suite struct GumbelNoiseTests {
    /// The extreme bit patterns must still give finite noise (a uniform that rounds to 1 gives −log 0).
    @Test func noiseIsFiniteAtTheEndsOfTheRange() {
        for bits: UInt64 in [0, 1, 1 << 41, UInt64.max, UInt64.max - 1, UInt64.max >> 1] {
            #expect(SoftmaxKernel.gumbelNoise(bits: bits).isFinite, "bits \(bits)")
        }
        #expect(SoftmaxKernel.gumbelNoise(bits: UInt64.max) > 15)
        #expect(SoftmaxKernel.gumbelNoise(bits: 0) < -2.5)
    }
}
