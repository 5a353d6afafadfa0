import Testing
import ProfileGANRandom
import ProfileGANSchema
@testable import ProfileGANTransforms

@Suite struct VariationalGaussianMixtureTests {
    @Test func recoversABimodalMixture() {
        let samples = Fixtures.mixtureSamples([(0.3, -5, 1), (0.7, 5, 0.5)], count: 20_000, seed: 11)
        var rng = SeededGenerator(seed: 1)
        let mixture = VariationalGaussianMixture.fit(samples: samples, rng: &rng)
        #expect(mixture.componentCount == 2)
        guard mixture.componentCount == 2 else { return }
        #expect(abs(mixture.means[0] + 5) < 0.05 && abs(mixture.means[1] - 5) < 0.05)
        #expect(abs(mixture.weights[0] - 0.3) < 0.02 && abs(mixture.weights[1] - 0.7) < 0.02)
        #expect(abs(mixture.standardDeviations[0] - 1) < 0.05 && abs(mixture.standardDeviations[1] - 0.5) < 0.03)
    }

    @Test func recoversATrimodalMixture() {
        let truth: [(Double, Double, Double)] = [(0.2, 0, 1), (0.5, 10, 2), (0.3, 30, 1.5)]
        let samples = Fixtures.mixtureSamples(truth, count: 30_000, seed: 12)
        var rng = SeededGenerator(seed: 2)
        let mixture = VariationalGaussianMixture.fit(samples: samples, rng: &rng)
        #expect(mixture.componentCount == 3)
        guard mixture.componentCount == 3 else { return }
        for (k, (weight, mean, sd)) in truth.enumerated() {
            #expect(abs(mixture.weights[k] - weight) < 0.02)
            #expect(abs(mixture.means[k] - mean) < 0.1)
            #expect(abs(mixture.standardDeviations[k] - sd) / sd < 0.08)
        }
    }

    @Test func dropsModesLighterThanTheThreshold() {
        // A far-away cluster of 0.3% of the points gets its own component, which the default
        // threshold (0.005) drops and a lower one keeps.
        let samples = Fixtures.mixtureSamples([(0.997, 0, 1), (0.003, 100, 1)], count: 20_000, seed: 13)
        var rng = SeededGenerator(seed: 3)
        let dropped = VariationalGaussianMixture.fit(samples: samples, rng: &rng)
        #expect(dropped.componentCount == 1)
        #expect(dropped.weights.allSatisfy { $0 >= 0.005 })
        #expect(abs(dropped.means[0]) < 0.05)
        var lenient = MixtureOptions()
        lenient.weightThreshold = 0.001
        let kept = VariationalGaussianMixture.fit(samples: samples, options: lenient, rng: &rng)
        #expect(kept.componentCount == 2)
        #expect(abs((kept.means.last ?? 0) - 100) < 0.5)
    }

    @Test func usesFewComponentsForAUnimodalColumn() {
        let samples = Fixtures.mixtureSamples([(1, 50, 10)], count: 10_000, seed: 14)
        var rng = SeededGenerator(seed: 4)
        let mixture = VariationalGaussianMixture.fit(samples: samples, rng: &rng)
        // One Gaussian is the right answer; the Dirichlet-process prior must not spread it over ten.
        #expect(mixture.componentCount <= 2)
        let mean = zip(mixture.weights, mixture.means).map { $0 * $1 }.reduce(0, +)
        #expect(abs(mean - 50) < 0.5)
    }

    @Test func fitsFromANoisyHistogramWithoutRawValues() {
        let samples = Fixtures.mixtureSamples([(0.4, 20, 3), (0.6, 70, 5)], count: 20_000, seed: 15)
        let exact = WeightedHistogram.exactCounts(of: samples, bounds: 0...100, binCount: 100)
        var noise = SeededGenerator(seed: 5)
        let noisy = WeightedHistogram(lowerBound: 0, upperBound: 100,
                                      counts: exact.counts.map { $0 + 20 * noise.nextStandardNormal() })
        #expect(noisy.counts.contains { $0 < 0 })  // negative noisy counts must be tolerated
        var rng = SeededGenerator(seed: 6)
        let mixture = VariationalGaussianMixture.fit(noisy.weightedPoints, rng: &rng)
        let heavy = mixture.weights.indices.sorted { mixture.weights[$0] > mixture.weights[$1] }.prefix(2).sorted { mixture.means[$0] < mixture.means[$1] }
        #expect(heavy.count == 2)
        guard heavy.count == 2 else { return }
        #expect(abs(mixture.means[heavy[0]] - 20) < 1 && abs(mixture.means[heavy[1]] - 70) < 1)
        #expect(abs(mixture.weights[heavy[0]] - 0.4) < 0.05)
    }

    @Test func anExtremeOutlierDoesNotBlurTheModes() throws {
        var samples = Fixtures.mixtureSamples([(0.5, 100, 5), (0.5, 160, 5)], count: 20_000, seed: 16)
        samples.append(1e9)
        var rng = SeededGenerator(seed: 8)
        let mixture = VariationalGaussianMixture.fit(samples: samples, rng: &rng)
        #expect(mixture.componentCount == 2)
        #expect(mixture.means.allSatisfy { abs($0 - 100) < 1 || abs($0 - 160) < 1 })
        #expect(mixture.standardDeviations.allSatisfy { abs($0 - 5) < 0.5 })
        // And the transformer still round-trips the outlier (coverage widens a mode to reach it).
        let schema = try DatasetSchema(name: "o", columns: [ColumnSchema(name: "x", kind: .continuous(min: nil, max: nil, integer: true))])
        let table = Table(schema: schema, columns: [.continuous(samples.map { $0.rounded() })])
        let transformer = try DataTransformer(fitting: table, rng: &rng)
        let decoded = transformer.decode(try transformer.encode(table, rng: &rng).values, rows: table.rowCount)
        #expect(decoded.columns[0] == table.columns[0])
    }

    @Test func handlesDegenerateInput() {
        var rng = SeededGenerator(seed: 7)
        let constant = VariationalGaussianMixture.fit(samples: [Double](repeating: 3, count: 100), rng: &rng)
        #expect(constant.componentCount == 1 && constant.means[0] == 3 && constant.standardDeviations[0] > 0)
        let empty = VariationalGaussianMixture.fit(samples: [.nan, .nan], fallbackRange: 0...10, rng: &rng)
        #expect(empty.means == [5] && empty.standardDeviations == [2.5])
    }

    @Test func digammaMatchesKnownValues() {
        #expect(abs(digamma(1) + 0.5772156649015329) < 1e-10)
        #expect(abs(digamma(0.5) + 1.9635100260214235) < 1e-10)
        #expect(abs(digamma(10) - 2.251752589066721) < 1e-10)
    }
}

@Suite struct GaussianMixtureCoverageTests {
    @Test func wideningClosesGapsAndReachesTheEnds() {
        let mixture = GaussianMixture(weights: [0.5, 0.3, 0.2], means: [0, 10, 100], standardDeviations: [1, 0.5, 2])
        let covered = mixture.covering(-20...150)
        // The fitted components keep their means and weights; σs only grow; gaps too wide to stretch
        // over (−20 … −4, and 20 … 92) get zero-weight bridging components.
        #expect(covered.means.prefix(3).elementsEqual(mixture.means))
        #expect(covered.weights.prefix(3).elementsEqual(mixture.weights) && covered.weights.dropFirst(3).allSatisfy { $0 == 0 })
        #expect(zip(covered.standardDeviations, mixture.standardDeviations).allSatisfy { $0 >= $1 })
        #expect(covered.standardDeviations.prefix(3).elementsEqual(mixture.standardDeviations) { $0 <= 2 * $1 * (1 + 1e-9) })
        #expect(covered.componentCount > 3)
        for step in 0...1_700 {
            let x = -20 + Double(step) * 0.1
            #expect(covered.means.indices.contains { covered.encodableSpan(of: $0).contains(x) }, "\(x) not covered")
        }
        // Already covered: nothing changes.
        #expect(mixture.covering(-3...3) == mixture)
    }

    @Test func randomMixturesAreCoveredEverywhereInTheRange() {
        var rng = SeededGenerator(seed: 31)
        for _ in 0..<200 {
            let k = 1 + rng.nextIndex(below: 5)
            let mixture = GaussianMixture(
                weights: (0..<k).map { _ in 0.1 + rng.nextUnitDouble() },
                means: (0..<k).map { _ in 100 * rng.nextUnitDouble() - 50 },
                standardDeviations: (0..<k).map { _ in 0.1 + 3 * rng.nextUnitDouble() })
            let a = 200 * rng.nextUnitDouble() - 100, b = 200 * rng.nextUnitDouble() - 100
            let range = min(a, b)...max(a, b)
            let covered = mixture.covering(range)
            for step in 0...400 {
                let x = range.lowerBound + (range.upperBound - range.lowerBound) * Double(step) / 400
                #expect(covered.means.indices.contains { covered.encodableSpan(of: $0).contains(x) })
            }
        }
    }
}
