/// A run of consecutive columns of the encoded row that share one output activation.
///
/// The generator applies, segment by segment, `tanh` to scalars and a (Gumbel-)softmax to one-hot
/// blocks; ``DataTransformer/outputSegments`` lists them in row order and covers the whole width.
public struct OutputSegment: Sendable, Equatable, Codable {
    /// The activation a generator should put on this segment.
    public enum Activation: String, Sendable, Equatable, Codable {
        /// One value in [−1, 1].
        case tanh
        /// A one-hot block: the encoded data has exactly one 1 here.
        case softmax
    }

    /// The first column of the segment in the encoded row.
    public let start: Int
    /// The number of columns.
    public let length: Int
    /// The activation for these columns.
    public let activation: Activation

    public init(start: Int, length: Int, activation: Activation) {
        self.start = start
        self.length = length
        self.activation = activation
    }

    /// The columns covered.
    public var range: Range<Int> { start..<(start + length) }
}
