import ProfileGANNeural
import ProfileGANRandom

/// How the generator's N(0, 1) noise is drawn. Both give the same law; they differ in speed and in
/// which values a seed produces.
enum NoiseSampling {
    /// Marsaglia's polar method (training), each block of ``Matrix/noiseBlockRows`` rows from its
    /// own stream so that the cores fill the blocks at once, with values that do not depend on
    /// how many cores there are.
    case polar
    /// The ziggurat method, several times cheaper (generation, which draws 128 values per row).
    case ziggurat
}

extension Matrix {
    /// Rows of training noise drawn from one stream (see ``NoiseSampling/polar``).
    static let noiseBlockRows = 64

    /// Makes this matrix a batch of generator inputs: each row is N(0, 1) noise in its first
    /// `noiseDimension` columns followed by that row's condition vector (row-major `conditions`,
    /// `conditionWidth` wide, starting at its row `firstConditionRow`). Used by training and by
    /// generation alike.
    func fillGeneratorInput(rows: Int, noiseDimension: Int, conditions: [Float], firstConditionRow: Int = 0,
                            conditionWidth: Int, noise: NoiseSampling = .polar, rng: inout SeededGenerator) {
        let width = noiseDimension + conditionWidth
        resize(rows: rows, columns: width)
        func fill(rows range: Range<Int>, vectors: UnsafeBufferPointer<Float>, rng: inout SeededGenerator) {
            for r in range {
                let row = data + r * width
                let noiseValues = UnsafeMutableBufferPointer(start: row, count: noiseDimension)
                switch noise {
                case .polar: rng.fillNormal(noiseValues, standardDeviation: 1)
                case .ziggurat: rng.fillStandardNormals(noiseValues)
                }
                if conditionWidth > 0 {
                    (row + noiseDimension).update(from: vectors.baseAddress! + (firstConditionRow + r) * conditionWidth,
                                                 count: conditionWidth)
                }
            }
        }
        conditions.withUnsafeBufferPointer { vectors in
            switch noise {
            case .ziggurat:
                fill(rows: 0..<rows, vectors: vectors, rng: &rng)
            case .polar:
                ComputePool.shared.forEachSeededBlock(of: rows, blockSize: Matrix.noiseBlockRows, seededBy: &rng) { block, stream in
                    fill(rows: block, vectors: vectors, rng: &stream)
                }
            }
        }
    }
}
