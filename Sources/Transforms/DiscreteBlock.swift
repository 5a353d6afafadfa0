/// A one-hot block of the encoded row that stands for a discrete property of the data: the
/// categories of a categorical or boolean column, one multilabel label (absent/present), or a
/// missing-value indicator. (The mode blocks of continuous columns are not listed: they are an
/// artefact of the encoding, not a property a user can condition on.)
public struct DiscreteBlock: Sendable, Equatable, Codable {
    /// What the block encodes.
    public enum Role: String, Sendable, Equatable, Codable {
        /// The values of a categorical or boolean column (with a trailing missing category when nullable).
        case values
        /// One label of a multilabel column: `absent`, `present`.
        case label
        /// Whether a continuous or multilabel cell is missing: `present`, `missing`.
        case missingIndicator
    }

    /// The name given to the missing category of a nullable categorical or boolean column. Empty,
    /// like a missing cell in a CSV file, so `--where column=` asks for missing values.
    public static let missingValueName = ""

    /// The column's index in the schema.
    public let column: Int
    /// The column's name.
    public let columnName: String
    /// The label, for ``Role/label`` blocks.
    public let label: String?
    /// What the block encodes.
    public let role: Role
    /// The first column of the block in the encoded row.
    public let start: Int
    /// The names of the block's entries, in order (its length is the block's width).
    public let valueNames: [String]

    public init(column: Int, columnName: String, label: String?, role: Role, start: Int, valueNames: [String]) {
        self.column = column
        self.columnName = columnName
        self.label = label
        self.role = role
        self.start = start
        self.valueNames = valueNames
    }

    /// The block's width.
    public var length: Int { valueNames.count }
    /// The columns covered in the encoded row.
    public var range: Range<Int> { start..<(start + length) }

    /// Whether the conditional sampler conditions on this block: category values and labels are
    /// conditionable; missing indicators are not (they describe the encoding of a continuous or
    /// multilabel cell, and the missing rate is still learned through the discriminator).
    public var isConditionable: Bool { role != .missingIndicator }

    /// A readable name: `column`, or `column[label]` for a label block, or `column[missing]`.
    public var displayName: String {
        switch role {
        case .values: columnName
        case .label: "\(columnName)[\(label ?? "")]"
        case .missingIndicator: "\(columnName)[missing]"
        }
    }
}
