import Foundation
import Testing
@testable import ProfileGANRandom

@Suite struct SeededGeneratorTests {
    @Test func sameSeedGivesSameSequence() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        for _ in 0..<1000 { #expect(a.next() == b.next()) }
    }

    @Test func streamsDiffer() {
        var a = SeededGenerator(seed: 42, stream: 0)
        var b = SeededGenerator(seed: 42, stream: 1)
        let xs = (0..<64).map { _ in a.next() }
        let ys = (0..<64).map { _ in b.next() }
        #expect(Set(xs).isDisjoint(with: Set(ys)))
    }

    @Test func uniformMeanAndNormalMoments() {
        var g = SeededGenerator(seed: 7)
        let n = 200_000
        var sum = 0.0, sumN = 0.0, sumN2 = 0.0
        for _ in 0..<n {
            sum += g.nextUnitDouble()
            let z = g.nextStandardNormal()
            sumN += z
            sumN2 += z * z
        }
        #expect(abs(sum / Double(n) - 0.5) < 0.005)
        #expect(abs(sumN / Double(n)) < 0.01)
        #expect(abs(sumN2 / Double(n) - 1) < 0.02)
    }

    @Test func bulkNormalFillHasRequestedSpread() {
        var g = SeededGenerator(seed: 3)
        var values = [Double](repeating: 0, count: 100_001)
        values.withUnsafeMutableBufferPointer { g.fillNormal($0, standardDeviation: 2.5) }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
        #expect(abs(variance.squareRoot() - 2.5) < 0.03)
        #expect(values.last != 0)
    }

    @Test func floatNormalFillMatchesStandardNormal() {
        var g = SeededGenerator(seed: 5)
        var values = [Float](repeating: 0, count: 200_001)
        values.withUnsafeMutableBufferPointer { g.fillNormal($0, standardDeviation: 1) }
        let mean = values.reduce(0, +) / Float(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(values.count - 1)
        let tail = Double(values.filter { abs($0) > 2 }.count) / Double(values.count)
        #expect(abs(mean) < 0.01)
        #expect(abs(variance - 1) < 0.015)
        #expect(abs(tail - 0.0455) < 0.002)  // P(|Z| > 2) for a standard normal
        #expect(values.last != 0)
    }

    /// The ziggurat fill against the normal law: moments, the CDF everywhere (Kolmogorov–Smirnov),
    /// and the rare paths — the tail beyond the bottom layer (|z| > 3.44) and the wedges.
    @Test func zigguratFillMatchesStandardNormal() {
        var g = SeededGenerator(seed: 8)
        let n = 1_000_001
        var values = [Float](repeating: 0, count: n)
        values.withUnsafeMutableBufferPointer { g.fillStandardNormals($0) }
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(n)
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(n - 1)
        #expect(abs(mean) < 0.005)
        #expect(abs(variance - 1) < 0.005)
        let sorted = values.sorted()
        var largestGap = 0.0
        for (i, v) in sorted.enumerated() {
            let cdf = 0.5 * erfc(-Double(v) / 2.0.squareRoot())
            largestGap = max(largestGap, abs(cdf - Double(i) / Double(n)), abs(cdf - Double(i + 1) / Double(n)))
        }
        #expect(largestGap < 1.95 / Double(n).squareRoot())  // KS critical value at α = 0.001
        let tail = Double(values.filter { abs($0) > 3.442619855899 }.count)
        #expect(abs(tail - 5.7614e-4 * Double(n)) < 5 * (5.7614e-4 * Double(n)).squareRoot())
        // Between 2.5 and 3 the draws come from layers whose wedges are visited often.
        let band = Double(values.filter { abs($0) > 2.5 && abs($0) <= 3 }.count) / Double(n)
        #expect(abs(band - 0.009718) < 0.0006)
        #expect(values.last != 0)
    }

    @Test func indicesAreUnbiased() {
        var g = SeededGenerator(seed: 11)
        var counts = [Int](repeating: 0, count: 3)
        for _ in 0..<30_000 { counts[g.nextIndex(below: 3)] += 1 }
        for c in counts { #expect(abs(c - 10_000) < 400) }
    }
}

@Suite struct SecureGeneratorTests {
    @Test func producesVaryingValues() {
        var g = SecureGenerator()
        let values = (0..<1000).map { _ in g.next() }
        #expect(Set(values).count == 1000)
    }
}
