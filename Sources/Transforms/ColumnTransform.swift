import ProfileGANRandom
import ProfileGANSchema

/// The fitted encoding of one schema column.
public enum ColumnTransform: Sendable, Equatable, Codable {
    /// An identifier column: not encoded (width 0); decoding writes fresh sequential ids.
    case id(name: String)
    /// A `pii` column: not encoded (width 0); decoding writes fresh values of its shape
    /// (``FreshValueGenerator``), never values seen in training.
    case pii(name: String, shape: PIIShape)
    /// A continuous column (mode-specific or min-max normalization).
    case continuous(ContinuousTransform)
    /// A categorical or boolean column (one-hot).
    case discrete(DiscreteTransform)
    /// A multilabel column (one two-way block per label).
    case multilabel(MultilabelTransform)

    /// The number of encoded columns.
    public var width: Int {
        switch self {
        case .id, .pii: 0
        case .continuous(let t): t.width
        case .discrete(let t): t.width
        case .multilabel(let t): t.width
        }
    }

    /// The column's name.
    public var name: String {
        switch self {
        case .id(let name), .pii(let name, _): name
        case .continuous(let t): t.name
        case .discrete(let t): t.name
        case .multilabel(let t): t.name
        }
    }

    /// Whether this transform can encode and decode a column of `kind` (checked when a transformer
    /// is read from a model file, so decoding never builds a table of the wrong kind).
    public func fits(_ kind: ColumnKind) -> Bool {
        switch (self, kind) {
        case (.id, .id), (.continuous, .continuous), (.continuous, .datetime), (.multilabel, .multilabel): true
        case (.pii(_, let shape), .pii(let declared)): shape == declared
        case (.discrete(let t), .boolean): t.isBoolean
        case (.discrete(let t), .categorical): !t.isBoolean
        default: false
        }
    }

    func segments(startingAt start: Int) -> [OutputSegment] {
        switch self {
        case .id, .pii: []
        case .continuous(let t): t.segments(startingAt: start)
        case .discrete(let t): t.segments(startingAt: start)
        case .multilabel(let t): t.segments(startingAt: start)
        }
    }

    func discreteBlocks(column: Int, startingAt start: Int) -> [DiscreteBlock] {
        switch self {
        case .id, .pii: []
        case .continuous(let t): t.discreteBlocks(column: column, startingAt: start)
        case .discrete(let t): t.discreteBlocks(column: column, startingAt: start)
        case .multilabel(let t): t.discreteBlocks(column: column, startingAt: start)
        }
    }

    func encode(_ values: ColumnValues, rows: some Collection<Int>, into output: UnsafeMutableBufferPointer<Float>,
                stride: Int, offset: Int, assignment: ModeAssignment,
                rng: inout some RandomNumberGenerator) throws(TransformError) {
        switch (self, values) {
        case (.id, _), (.pii, _):
            break
        case (.continuous(let t), .continuous(let v)):
            try t.encode(v, rows: rows, into: output, stride: stride, offset: offset, assignment: assignment, rng: &rng)
        case (.discrete(let t), _):
            try t.encode(values, rows: rows, into: output, stride: stride, offset: offset)
        case (.multilabel(let t), _):
            try t.encode(values, rows: rows, into: output, stride: stride, offset: offset)
        case (.continuous(let t), _):
            throw TransformError(column: t.name, message: "expected continuous values")
        }
    }

    func decode(_ input: UnsafeBufferPointer<Float>, rows: Int, stride: Int, offset: Int, firstID: Int,
                freshSeed: UInt64) -> ColumnValues {
        switch self {
        case .id: .id((0..<rows).map { String(firstID + $0) })
        case .pii(let name, let shape):
            { generator in .id((0..<rows).map { generator.value(row: UInt64(max(0, firstID - 1 + $0))) }) }(
                FreshValueGenerator(shape: shape, seed: freshSeed, column: name))
        case .continuous(let t): t.decode(input, rows: rows, stride: stride, offset: offset)
        case .discrete(let t): t.decode(input, rows: rows, stride: stride, offset: offset, firstID: firstID, freshSeed: freshSeed)
        case .multilabel(let t): t.decode(input, rows: rows, stride: stride, offset: offset)
        }
    }
}
