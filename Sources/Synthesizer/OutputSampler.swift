#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProfileGANNeural
import ProfileGANRandom
import ProfileGANTransforms

/// The generator's output activation as generation needs it: `tanh` on scalars and, on each
/// one-hot block, a one-hot *sample* from the block's softmax.
///
/// Training applies a (soft) Gumbel-softmax, and decoding takes each block's argmax. The argmax of
/// logits plus Gumbel noise is an exact draw from softmax(logits) (the Gumbel-max trick; the
/// temperature does not move the argmax), so drawing that category directly gives the same
/// distribution of rows with one `exp` per entry and one uniform per block instead of two
/// logarithms per entry, a division and a normalization — a third of generation time on wide
/// categorical tables.
struct OutputSampler {
    let segments: [OutputSegment]

    init(segments: [OutputSegment]) {
        self.segments = segments
    }

    init(transformer: DataTransformer) {
        self.init(segments: transformer.outputSegments)
    }

    /// Replaces the raw generator outputs in `matrix` (rows × width) by activated, decodable values.
    func apply(to matrix: Matrix, rng: inout SeededGenerator) {
        apply(to: matrix, rows: 0..<matrix.rows, rng: &rng)
    }

    /// Activates the rows `rows` of `matrix`, drawing from `rng` row by row (so activating a
    /// matrix in consecutive pieces draws exactly what one whole pass would).
    func apply(to matrix: Matrix, rows: Range<Int>, rng: inout SeededGenerator) {
        let width = matrix.columns
        let weights = UnsafeMutablePointer<Float>.allocate(capacity: segments.map(\.length).max() ?? 0)
        defer { weights.deallocate() }
        segments.withUnsafeBufferPointer { segments in
            for r in rows {
                let row = matrix.data + r * width
                for segment in segments {
                    let values = row + segment.start, length = segment.length
                    switch segment.activation {
                    case .tanh:
                        for i in 0..<length { values[i] = Self.tanh(values[i]) }
                    case .softmax:
                        var largest = values[0]
                        for i in 1..<length { largest = max(largest, values[i]) }
                        var total: Float = 0
                        for i in 0..<length {
                            total += expf(values[i] - largest)
                            weights[i] = total
                        }
                        // The first entry whose cumulative weight exceeds u, counted without a
                        // data-dependent branch (the weights increase); the last if rounding left u
                        // at the total.
                        let u = rng.nextUnitFloat() * total
                        var below = 0
                        for i in 0..<length { below &+= weights[i] <= u ? 1 : 0 }
                        let chosen = min(below, length - 1)
                        for i in 0..<length { values[i] = i == chosen ? 1 : 0 }
                    }
                }
            }
        }
    }

    /// `tanh` as `1 − 2/(e^{2x} + 1)`: within 2·10⁻⁷ of `tanhf` (absolute; the decoded value is a
    /// scaled, rounded copy of it) at a quarter of the cost, and exactly ±1 for large |x|.
    @inline(__always)
    static func tanh(_ x: Float) -> Float { 1 - 2 / (expf(2 * x) + 1) }
}
