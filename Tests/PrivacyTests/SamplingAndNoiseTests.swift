import ProfileGANRandom
import Testing
@testable import ProfileGANPrivacy

/// Poisson sampling statistics, Gaussian noise scale, noisy counts and the δ rule.
@Suite struct SamplingAndNoiseTests {
    @Test func poissonBatchSizeHasBinomialMeanAndVariance() throws {
        let n = 10_000, q = 0.02
        let sampler = try PoissonSampler(rowCount: n, samplingRate: q)
        var generator = SeededGenerator(seed: 1)
        var sizes: [Double] = []
        var hits = [Int](repeating: 0, count: n)
        for _ in 0..<2000 {
            let batch = sampler.sample(using: &generator)
            #expect(batch == batch.sorted() && Set(batch).count == batch.count)
            #expect(batch.allSatisfy { $0 >= 0 && $0 < n })
            sizes.append(Double(batch.count))
            for i in batch { hits[i] += 1 }
        }
        let mean = sizes.reduce(0, +) / Double(sizes.count)
        let variance = sizes.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(sizes.count - 1)
        // Binomial(n, q): mean 200, variance 196; 2000 draws put the mean within ±1 and the variance within ±10%.
        #expect(abs(mean - 200) < 1.5)
        #expect(abs(variance / 196 - 1) < 0.1)
        // Every row is included at rate q (first and last rows included: no edge bias).
        #expect(abs(Double(hits[0]) / 2000 - q) < 0.015)
        #expect(abs(Double(hits.reduce(0, +)) / Double(2000 * n) - q) < 0.001)
        let lastRowsRate = Double(hits[(n - 100)...].reduce(0, +)) / Double(2000 * 100)
        #expect(abs(lastRowsRate - q) < 0.003)
    }

    @Test func fullSamplingRateTakesEveryRowAndBadRatesAreRefused() throws {
        var generator = SeededGenerator(seed: 2)
        #expect(try PoissonSampler(rowCount: 5, samplingRate: 1).sample(using: &generator) == [0, 1, 2, 3, 4])
        #expect(throws: PrivacyParameterError.self) { try PoissonSampler(rowCount: 5, samplingRate: 0) }
        #expect(throws: PrivacyParameterError.self) { try PoissonSampler(rowCount: 5, samplingRate: 1.5) }
        #expect(try PoissonSampler(rowCount: 1000, expectedBatchSize: 50).samplingRate == 0.05)
    }

    @Test func gaussianNoiseHasStandardDeviationSigmaTimesC() {
        var generator = PrivacyNoiseGenerator(replaySeed: 99)
        #expect(generator.randomness == .replayable)
        var values = [Float](repeating: 3, count: 200_000)
        GaussianNoise.add(to: &values, noiseMultiplier: 1.3, sensitivity: 0.5, using: &generator)
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count - 1)
        #expect(abs(mean - 3) < 0.01)
        #expect(abs(variance.squareRoot() - 0.65) < 0.005)
    }

    @Test func secureIsTheDefaultSource() {
        var a = PrivacyNoiseGenerator(), b = PrivacyNoiseGenerator()
        #expect(a.randomness == .secure)
        #expect(a.next() != b.next())
        var s1 = PrivacyNoiseGenerator(replaySeed: 5), s2 = PrivacyNoiseGenerator(replaySeed: 5)
        #expect(s1.next() == s2.next())
    }

    @Test func noisyCountsAreChargedAsAGaussianRelease() throws {
        var generator = SeededGenerator(seed: 4)
        let sigma = try NoisyCounts.noiseMultiplier(epsilon: 0.5, delta: 1e-6)
        #expect(AnalyticGaussian.epsilon(delta: 1e-6, noiseMultiplier: sigma) <= 0.5)
        #expect(AnalyticGaussian.epsilon(delta: 1e-6, noiseMultiplier: sigma * 0.999) > 0.5)
        let released = try NoisyCounts.release(counts: [1000, 0, 500], noiseMultiplier: sigma, purpose: "region counts", using: &generator)
        #expect(released.mechanism == .gaussian(noiseMultiplier: sigma, sensitivity: 1, count: 1, purpose: "region counts"))
        #expect(abs(released.values[0] - 1000) < 8 * sigma)
        let f = released.frequencies(floor: 1)
        #expect(abs(f.reduce(0, +) - 1) < 1e-12 && f.allSatisfy { $0 > 0 })
        let charged = try PLDAccountant().epsilon(composing: [released.mechanism], delta: 1e-6)
        #expect(abs(charged - 0.5) < 1e-4)
    }

    @Test func defaultDeltaRule() throws {
        #expect(try DefaultDelta.resolve(nil, rowCount: 1000) == 1e-4)
        #expect(try DefaultDelta.resolve(5e-4, rowCount: 1000) == 5e-4)
        #expect(throws: PrivacyParameterError.self) { try DefaultDelta.resolve(1e-3, rowCount: 1000) }
        #expect(throws: PrivacyParameterError.self) { try DefaultDelta.resolve(0, rowCount: 1000) }
    }
}
