/// One categorical variable of a ``TableTokenizer``'s rows: which part of the encoded row it stands
/// for and how many tokens it has.
public struct TokenColumn: Sendable, Equatable, Codable {
    /// Where the token comes from in the ``DataTransformer``'s encoded row.
    public enum Source: Sendable, Equatable, Codable {
        /// A one-hot block (categories with their missing and rare entries, a boolean, one label
        /// of a multilabel column, or a multilabel column's `[present, missing]` indicator): the
        /// token is the hot entry.
        case block(start: Int, length: Int)
        /// A min-max scalar binned by quantiles; when the column is nullable the token
        /// `bins.count` means missing and `missingIndicator` is the start of its `[present, missing]` block.
        case bins(scalar: Int, bins: QuantileBins, missingIndicator: Int?)
    }

    /// The schema column's index.
    public let column: Int
    /// A readable name: the column's, or `column[label]`, `column[missing]`.
    public let name: String
    /// Where the token comes from.
    public let source: Source

    public init(column: Int, name: String, source: Source) {
        self.column = column
        self.name = name
        self.source = source
    }

    /// The number of distinct tokens.
    public var vocabularySize: Int {
        switch source {
        case .block(_, let length): length
        case .bins(_, let bins, let missing): bins.count + (missing == nil ? 0 : 1)
        }
    }
}
