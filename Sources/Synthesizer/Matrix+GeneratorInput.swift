import ProfileGANNeural
import ProfileGANRandom

extension Matrix {
    /// Makes this matrix a batch of generator inputs: each row is N(0, 1) noise in its first
    /// `noiseDimension` columns followed by that row's condition vector (row-major `conditions`,
    /// `conditionWidth` wide). Used by training and by generation alike.
    func fillGeneratorInput(rows: Int, noiseDimension: Int, conditions: [Float], conditionWidth: Int,
                            rng: inout SeededGenerator) {
        let width = noiseDimension + conditionWidth
        resize(rows: rows, columns: width)
        conditions.withUnsafeBufferPointer { vectors in
            for r in 0..<rows {
                let row = data + r * width
                rng.fillNormal(UnsafeMutableBufferPointer(start: row, count: noiseDimension), standardDeviation: 1)
                if conditionWidth > 0 {
                    (row + noiseDimension).update(from: vectors.baseAddress! + r * conditionWidth, count: conditionWidth)
                }
            }
        }
    }
}
