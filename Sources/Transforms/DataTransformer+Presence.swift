/// Whether a column's cell is present in an encoded row, for nullable columns.
extension DataTransformer {
    /// The block saying whether column `column`'s cell is missing (`[present, missing]`), when the
    /// column is nullable and encodes missingness that way.
    public func missingIndicator(ofColumn column: Int) -> DiscreteBlock? {
        discreteBlocks.first { $0.column == column && $0.role == .missingIndicator }
    }

    /// Whether `indicator` (from ``missingIndicator(ofColumn:)``) says the cell is present in `row`,
    /// exactly as decoding will read it.
    public static func cellIsPresent(_ indicator: DiscreteBlock, inEncodedRow row: UnsafeBufferPointer<Float>) -> Bool {
        argmax(row, from: indicator.start, count: indicator.length) == 0
    }
}
