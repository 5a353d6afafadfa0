import ProfileGANCSV
import ProfileGANSchema

extension SynthesizerModel {
    /// About how many bytes `rows` generated rows take as CSV: a small sample (seed 0) is written to
    /// nowhere and measured, then scaled (id columns grow by the extra digits of larger row numbers).
    /// Meant for checking free space before a large job; it says nothing about a particular seed.
    public func estimatedCSVBytes(rows: Int, sampleRows: Int = 512) throws -> UInt64 {
        guard rows > 0 else { return 0 }
        let sample = min(rows, sampleRows)
        let writer = try TableCSVWriter(output: .discarding(), schema: schema)
        try writer.flush()
        let header = writer.bytesWritten
        var options = GenerationOptions(seed: 0)
        options.batchSize = sample
        options.workers = 1
        try generate(rows: sample, options: options) { try writer.append($0) }
        try writer.flush()
        let perRow = Double(writer.bytesWritten - header) / Double(sample)
        let idColumns = schema.columns.filter { $0.kind == .id }.count
        let extraDigits = max(0, String(rows).count - String(sample).count)
        let total = Double(header) + Double(rows) * (perRow + Double(idColumns * extraDigits))
        return UInt64(total.rounded(.up))
    }
}
