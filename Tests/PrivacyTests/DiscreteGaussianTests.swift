import Foundation
import ProfileGANRandom
import Testing
import TestSupport
@testable import ProfileGANPrivacy

/// The exact discrete Gaussian sampler against its pmf, and its accounting against dp_accounting.
@Suite struct DiscreteGaussianTests {
    /// Pearson's χ² of `samples` against the exact pmf, over cells |x| ≤ 3σ plus the two tails.
    static func chiSquare(sigma: Double, numerator: UInt64, samples: Int, seed: UInt64) -> (statistic: Double, degrees: Int) {
        var generator = SeededGenerator(seed: seed)  // deterministic for the test only
        let limit = Int((3 * sigma).rounded(.down))
        var observed = [Int](repeating: 0, count: 2 * limit + 3)  // [below, −limit…limit, above]
        for _ in 0..<samples {
            let x = DiscreteGaussian.sample(varianceNumerator: numerator, using: &generator)
            observed[x < -limit ? 0 : x > limit ? observed.count - 1 : x + limit + 1] += 1
        }
        let exactSigma = (Double(numerator) / Double(DiscreteGaussian.varianceDenominator)).squareRoot()
        var expected = (-limit...limit).map { DiscreteGaussian.probability(of: $0, sigma: exactSigma) }
        let tail = (1 - expected.reduce(0, +)) / 2
        expected = [tail] + expected + [tail]
        var statistic = 0.0
        for (o, p) in zip(observed, expected) {
            let e = p * Double(samples)
            statistic += (Double(o) - e) * (Double(o) - e) / e
        }
        return (statistic, observed.count - 1)
    }

    @Test(arguments: [0.6, 1.0, 2.5, 7.0, 25.0])
    func samplerMatchesTheExactPMF(sigma: Double) throws {
        let variance = try DiscreteGaussian.variance(forNoiseMultiplier: sigma)
        let (statistic, degrees) = Self.chiSquare(sigma: variance.sigma, numerator: variance.numerator, samples: 200_000, seed: 17)
        // The 99.9% quantile of χ²_k is below k + 3.1√(2k) + 10 for these k (Wilson–Hilferty).
        let critical = Double(degrees) + 3.1 * (2 * Double(degrees)).squareRoot() + 10
        #expect(statistic < critical, "χ² = \(statistic) with \(degrees) degrees of freedom (critical \(critical))")
    }

    @Test func aWrongVarianceIsRejectedByTheSameTest() throws {
        // The test can fail: samples at σ = 2.5 scored against the pmf of σ = 2.7.
        var generator = SeededGenerator(seed: 3)
        let numerator = try DiscreteGaussian.variance(forNoiseMultiplier: 2.5).numerator
        let counts = (0..<100_000).reduce(into: [Int: Int]()) { c, _ in c[DiscreteGaussian.sample(varianceNumerator: numerator, using: &generator), default: 0] += 1 }
        var statistic = 0.0
        for x in -8...8 {
            let e = DiscreteGaussian.probability(of: x, sigma: 2.7) * 100_000
            statistic += pow(Double(counts[x] ?? 0) - e, 2) / e
        }
        #expect(statistic > 100)
    }

    @Test func bernoulliOfExpMinusGammaHasItsProbability() {
        var generator = SeededGenerator(seed: 8)
        for (numerator, denominator) in [(UInt128(1), UInt128(3)), (7, 2), (0, 1), (5, 5)] {
            let n = 200_000
            var hits = 0
            for _ in 0..<n where DiscreteGaussian.bernoulliExpMinus(numerator: numerator, denominator: denominator, using: &generator) { hits += 1 }
            let p = exp(-Double(numerator) / Double(denominator))
            #expect(abs(Double(hits) / Double(n) - p) < 4 * (p * (1 - p) / Double(n)).squareRoot() + 1e-9)
        }
    }

    @Test func varianceIsRationalAndRoundsUp() throws {
        let v = try DiscreteGaussian.variance(forNoiseMultiplier: 6.661)
        #expect(v.sigma >= 6.661 * (1 - 1e-12))
        #expect(Double(v.numerator) / 1024 == v.sigma * v.sigma || abs(Double(v.numerator) / 1024 - v.sigma * v.sigma) < 1e-9)
        #expect(try DiscreteGaussian.variance(forNoiseMultiplier: v.sigma) == v)  // idempotent
        #expect(throws: PrivacyParameterError.self) { try DiscreteGaussian.variance(forNoiseMultiplier: .nan) }
        #expect(throws: PrivacyParameterError.self) { try DiscreteGaussian.variance(forNoiseMultiplier: 0) }
    }

    struct ReferenceRow: Decodable {
        let discrete: [[Double]]
        let poisson: [[Double]]
        let delta: Double
        let epsilon: Double

        var mechanisms: [PrivacyMechanism] {
            discrete.map { .discreteGaussian(noiseMultiplier: $0[0], count: Int($0[1]), purpose: "reference") }
                + poisson.map { .poissonGaussian(samplingRate: $0[0], noiseMultiplier: $0[1], steps: Int($0[2])) }
        }
    }

    struct Reference: Decodable {
        let source: String
        let rows: [ReferenceRow]
    }

    static let referenceRowCount = 12

    @Test(arguments: 0..<referenceRowCount)
    func pldAccountingMatchesDPAccounting(index: Int) throws {
        let reference = try Fixture.decode(Reference.self, from: "reference/discrete_gaussian_pld.json")
        #expect(reference.rows.count == Self.referenceRowCount)
        let row = try #require(reference.rows.indices.contains(index) ? reference.rows[index] : nil)
        let epsilon = try PLDAccountant().epsilon(composing: row.mechanisms, delta: row.delta)
        #expect(abs(epsilon - row.epsilon) <= 0.01 * row.epsilon, "ε = \(epsilon), dp_accounting \(row.epsilon) for \(row.mechanisms)")
        // RDP uses the same α/(2σ²) curve per vector: an upper bound, never below the tight PLD.
        let rdp = try RDPAccountant().epsilon(composing: row.mechanisms, delta: row.delta)
        #expect(rdp >= epsilon * 0.999)
    }

    @Test func theDiscreteGaussianCostsNoMoreThanTheContinuousOneAtTheSameSigma() throws {
        for sigma in [1.0, 3.0, 10.0] {
            let discrete = try PLDAccountant().epsilon(composing: [.discreteGaussian(noiseMultiplier: sigma, count: 4, purpose: "")], delta: 1e-5)
            let continuous = AnalyticGaussian.epsilon(delta: 1e-5, noiseMultiplier: sigma / 2)
            #expect(discrete <= continuous * 1.01, "σ = \(sigma): discrete \(discrete), continuous \(continuous)")
        }
    }

    @Test func mechanismJSONRoundTrips() throws {
        let m = PrivacyMechanism.discreteGaussian(noiseMultiplier: 6.5, count: 10, purpose: "marginals")
        let data = try JSONEncoder().encode(m)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["kind", "noise_multiplier", "count", "purpose"])
        #expect(object["kind"] as? String == "discrete_gaussian")
        #expect(try JSONDecoder().decode(PrivacyMechanism.self, from: data) == m)
    }
}
