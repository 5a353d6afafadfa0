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
