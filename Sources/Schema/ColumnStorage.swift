/// The arrays behind a ``ColumnValues``, held apart from the enum so per-cell code indexes and
/// appends to them directly: switching on `ColumnValues` per cell would copy (retain and release)
/// its payload arrays every time. Only the arrays of the column's kind are used.
struct ColumnStorage {
    var ids: [String] = []
    var numbers: [Double] = []
    var codes: [Int32] = []
    /// Row-major label flags, as in ``ColumnValues/multilabel(flags:missing:labels:)``.
    var flags: [UInt8] = []
    var missing: [Bool] = []
    var booleans: [Int8] = []
}
