#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProfileGANRandom

/// The generator's output activation: a different activation per block of columns, as the data
/// transformer lays them out (tanh for a continuous column's normalized value, Gumbel-softmax for
/// its mode indicator and for each categorical column's one-hot).
///
/// Columns not covered by any segment pass through unchanged.
public final class SegmentedActivation {
    /// What a segment applies.
    public enum Kind: Equatable, Sendable {
        /// `tanh` element-wise.
        case tanh
        /// Gumbel-softmax with temperature τ over the segment's columns (CTGAN uses τ = 0.2, soft);
        /// `hard` emits one-hot samples with the straight-through gradient.
        case gumbelSoftmax(temperature: Float, hard: Bool = false)
    }

    /// A block of columns and its activation.
    public struct Segment: Equatable, Sendable {
        /// First column of the block.
        public var start: Int
        /// Number of columns.
        public var length: Int
        /// The activation applied to the block.
        public var kind: Kind
        /// A block of `length` columns from `start`.
        public init(start: Int, length: Int, kind: Kind) {
            self.start = start
            self.length = length
            self.kind = kind
        }
        /// The block's column range.
        public var columns: Range<Int> { start..<(start + length) }
    }

    /// Rows of one Gumbel-noise block, each block from its own stream.
    public static let blockRows = 64

    /// The column blocks and their activations.
    public let segments: [Segment]
    /// Gumbel noise source (one draw per forward pass seeds that pass's row blocks); assign to reseed.
    public var generator: SeededGenerator
    /// The last forward result, a workspace owned by the layer (overwritten by the next forward).
    public let output = Matrix(rows: 0, columns: 0)
    /// The last backward result, ∂loss/∂input (overwritten by the next backward).
    public let inputGradient = Matrix(rows: 0, columns: 0)
    /// Soft Gumbel-softmax values (and tanh outputs) used by backward.
    private let soft = Matrix(rows: 0, columns: 0)
    /// One past the last column any segment covers.
    private let requiredWidth: Int
    /// Identity column ranges for the last input width (computed once per width, not per step).
    private var identityColumns: (width: Int, ranges: [Range<Int>]) = (-1, [])

    /// Segments must not overlap and must have positive length.
    public init(segments: [Segment], generator: SeededGenerator) {
        let sorted = segments.sorted { $0.start < $1.start }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            precondition(a.start + a.length <= b.start, "segments \(a.columns) and \(b.columns) overlap")
        }
        for s in segments { precondition(s.start >= 0 && s.length > 0, "segment \(s.columns) is empty or negative") }
        self.segments = segments
        self.generator = generator
        requiredWidth = segments.map { $0.start + $0.length }.max() ?? 0
    }

    /// Computes the output for `input` (rows = examples) into ``output`` and returns it.
    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        precondition(requiredWidth <= input.columns, "segments reach column \(requiredWidth), input has \(input.columns)")
        output.resize(like: input)
        soft.resize(like: input)
        copyIdentityColumns(from: input, to: output)
        // Blocks of `blockRows` rows draw their Gumbel noise on any core (see
        // ``ComputePool/forEachSeededBlock(of:blockSize:seededBy:_:)``).
        let width = input.columns
        ComputePool.shared.forEachSeededBlock(of: input.rows, blockSize: Self.blockRows, seededBy: &generator) { rows, rng in
            for segment in segments {
                switch segment.kind {
                case .tanh:
                    for r in rows {
                        let x = input.data + r * width, y = output.data + r * width, s = soft.data + r * width
                        for c in segment.columns {
                            y[c] = tanhf(x[c])
                            s[c] = y[c]
                        }
                    }
                case .gumbelSoftmax(let τ, let hard):
                    withUnsafeMutablePointer(to: &rng) { g in
                        SoftmaxKernel.forward(
                            input: input, columns: segment.columns, temperature: τ, gumbel: g, hard: hard,
                            soft: soft, output: output, rows: rows)
                    }
                }
            }
        }
        return output
    }

    /// Back-propagates ∂loss/∂output through the last forward pass into ``inputGradient`` and returns it.
    @discardableResult
    public func backward(_ outputGradient: Matrix) -> Matrix {
        precondition(outputGradient.rows == soft.rows && outputGradient.columns == soft.columns, "gradient shape")
        inputGradient.resize(like: outputGradient)
        copyIdentityColumns(from: outputGradient, to: inputGradient)
        ComputePool.shared.forEachRowRange(rows: soft.rows, columns: soft.columns) { rows in
            for segment in segments {
                switch segment.kind {
                case .tanh:
                    for r in rows {
                        let offset = r * soft.columns
                        let y = soft.data + offset, dy = outputGradient.data + offset, dx = inputGradient.data + offset
                        for c in segment.columns { dx[c] = dy[c] * (1 - y[c] * y[c]) }
                    }
                case .gumbelSoftmax(let τ, _):
                    SoftmaxKernel.backward(
                        soft: soft, outputGradient: outputGradient, columns: segment.columns, temperature: τ,
                        inputGradient: inputGradient, rows: rows)
                }
            }
        }
        return inputGradient
    }

    /// Copies the columns no segment covers (same shape on both sides).
    private func copyIdentityColumns(from source: Matrix, to destination: Matrix) {
        for columns in uncoveredColumns(width: source.columns) {
            for r in 0..<source.rows {
                let offset = r * source.columns + columns.lowerBound
                (destination.data + offset).update(from: source.data + offset, count: columns.count)
            }
        }
    }

    /// Column ranges no segment covers (identity columns), in order.
    private func uncoveredColumns(width: Int) -> [Range<Int>] {
        if identityColumns.width == width { return identityColumns.ranges }
        var ranges = [Range<Int>](), next = 0
        for segment in segments.sorted(by: { $0.start < $1.start }) {
            if segment.start > next { ranges.append(next..<segment.start) }
            next = segment.start + segment.length
        }
        if next < width { ranges.append(next..<width) }
        identityColumns = (width, ranges)
        return ranges
    }
}
