import ProfileGANNeural
import ProfileGANRandom
import Testing

/// The compiled inference network must compute what the evaluation-mode generator computes.
struct InferenceGeneratorTests {
    /// A generator whose BatchNorms have non-trivial running statistics and affine parameters.
    private func trainedLookingGenerator(inputSize: Int, hiddenSizes: [Int], dataWidth: Int, seed: UInt64) -> Generator {
        var g = SeededGenerator(seed: seed)
        let generator = Generator(inputSize: inputSize, hiddenSizes: hiddenSizes, dataWidth: dataWidth, generator: &g)
        for block in generator.blocks {
            let norm = block.batchNorm
            for c in 0..<norm.features {
                norm.runningMean.data[c] = 0.5 * (g.nextUnitFloat() - 0.5)
                norm.runningVariance.data[c] = 0.05 + 2 * g.nextUnitFloat()
                norm.scale.value.data[c] = 0.5 + g.nextUnitFloat()
                norm.shift.value.data[c] = g.nextUnitFloat() - 0.5
            }
        }
        generator.isTraining = false
        return generator
    }

    /// Noise in the first columns; the condition is one-hot, except that row 1 has none, row 2 has
    /// two entries and row 3 a non-unit value (the general path).
    private func inputs(rows: Int, noise: Int, condition: Int, seed: UInt64) -> Matrix {
        var g = SeededGenerator(seed: seed)
        let input = Matrix(rows: rows, columns: noise + condition)
        for r in 0..<rows {
            g.fillNormal(UnsafeMutableBufferPointer(start: input.data + r * input.columns, count: noise), standardDeviation: 1)
            guard condition > 0 else { continue }
            switch r {
            case 1: break
            case 2: input[r, noise] = 1; input[r, noise + condition - 1] = 1
            case 3: input[r, noise + condition / 2] = 0.5
            default: input[r, noise + g.nextIndex(below: condition)] = 1
            }
        }
        return input
    }

    private func largestRelativeDifference(_ a: Matrix, _ b: Matrix) -> Float {
        #expect(a.rows == b.rows && a.columns == b.columns)
        var largest: Float = 0
        for i in 0..<min(a.count, b.count) { largest = max(largest, abs(a.data[i] - b.data[i]) / max(1, abs(b.data[i]))) }
        return largest
    }

    @Test(arguments: [(noise: 12, condition: 7, hidden: [16, 24], chunk: 5),
                      (noise: 12, condition: 0, hidden: [16, 24], chunk: 64),
                      (noise: 9, condition: 3, hidden: [10], chunk: 4),
                      (noise: 8, condition: 5, hidden: [6, 7, 8], chunk: 3)])
    func matchesTheEvaluationModeGenerator(noise: Int, condition: Int, hidden: [Int], chunk: Int) {
        let generator = trainedLookingGenerator(inputSize: noise + condition, hiddenSizes: hidden, dataWidth: 11, seed: 7)
        let input = inputs(rows: 23, noise: noise, condition: condition, seed: 8)
        let expected = generator.forward(input).copy()
        let network = InferenceGenerator(generator, conditionWidth: condition, chunkRows: chunk)
        let output = Matrix(rows: 0, columns: 0)
        network.forward(input, into: output)
        #expect(largestRelativeDifference(output, expected) < 1e-4)
    }

    @Test func theChunkSizeDoesNotChangeTheResult() {
        let generator = trainedLookingGenerator(inputSize: 20, hiddenSizes: [32, 32], dataWidth: 9, seed: 3)
        let input = inputs(rows: 50, noise: 16, condition: 4, seed: 4)
        let whole = Matrix(rows: 0, columns: 0), chunked = Matrix(rows: 0, columns: 0)
        InferenceGenerator(generator, conditionWidth: 4, chunkRows: 50).forward(input, into: whole)
        InferenceGenerator(generator, conditionWidth: 4, chunkRows: 7).forward(input, into: chunked)
        #expect(largestRelativeDifference(chunked, whole) < 1e-6)
    }
}
