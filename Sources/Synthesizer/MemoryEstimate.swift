import Foundation
import ProfileGANSchema
import ProfileGANTransforms

/// About how much memory a fit or a generation run will need, computed from the table and the
/// settings before anything large is allocated, so a table that cannot fit is refused with a
/// reason (naming the column that makes it wide) instead of crashing in an allocation.
///
/// The figures are estimates from the shapes involved — the encoded table (rows × encoded width),
/// both networks' parameters with their gradients and Adam moments, per-row gradients under DP, and
/// a batch's activations — not measurements; they are meant to catch orders of magnitude.
public struct MemoryEstimate: Sendable, Equatable {
    /// One learned column's width in the encoded row (an upper bound for vgm columns).
    public struct Column: Sendable, Equatable {
        public var name: String
        public var width: Int
        /// Why it is that wide, in words (`100000 categories`).
        public var reason: String
    }

    /// What the run is (`the fit`, `the generation`), for messages.
    public var activity: String
    public var columns: [Column]
    /// Width of an encoded row.
    public var encodedWidth: Int { columns.map(\.width).reduce(0, +) }
    /// Bytes of each part, with its description.
    public var parts: [(String, UInt64)]
    /// The whole estimate.
    public var totalBytes: UInt64 { parts.map(\.1).reduce(0, &+) }

    public static func == (a: MemoryEstimate, b: MemoryEstimate) -> Bool {
        a.activity == b.activity && a.columns == b.columns && a.parts.map(\.0) == b.parts.map(\.0) && a.parts.map(\.1) == b.parts.map(\.1)
    }

    /// Half the machine's physical memory: what a run may use when no budget is given.
    public static var defaultBudget: UInt64 { ProcessInfo.processInfo.physicalMemory / 2 }

    /// The estimate for fitting `table` with `configuration` (DP adds per-row gradients).
    public static func forFit(_ table: Table, configuration: SynthesizerConfiguration, isPrivate: Bool) -> MemoryEstimate {
        let encoding = isPrivate ? (configuration.continuousEncoding ?? .minmax) : configuration.effectiveContinuousEncoding
        let columns: [Column] = zip(table.schema.columns, table.columns).compactMap { schema, values in
            encodedColumn(schema, values: values, encoding: encoding, oneHotLimit: configuration.effectiveMaxOneHotCategories)
        }
        var estimate = MemoryEstimate(activity: "the fit", columns: columns, parts: [])
        let width = estimate.encodedWidth
        let condition: Int = columns.filter { !$0.reason.hasPrefix("continuous") }.map(\.width).reduce(0, +)
        let pac = isPrivate ? 1 : max(configuration.pac, 1)
        let batch = configuration.batchSize
        let generator: UInt64 = layerParameters(input: configuration.noiseDimension + condition, hidden: configuration.generatorDimensions, output: width, residual: true)
        let discriminator: UInt64 = layerParameters(input: (width + condition) * pac, hidden: configuration.discriminatorDimensions, output: 1, residual: false)
        let hidden: Int = configuration.generatorDimensions.reduce(0, +) + configuration.discriminatorDimensions.reduce(0, +)
        let activationWidth: Int = 4 * (width + condition + configuration.noiseDimension + hidden)
        let tableBytes: UInt64 = bytes(table.rowCount, width)
        let networkBytes: UInt64 = bytes(4, generator &+ discriminator)
        let activationBytes: UInt64 = bytes(batch, activationWidth)
        estimate.parts = [
            ("the encoded table (\(table.rowCount) rows × \(width) values)", tableBytes),
            ("the networks with gradients and optimizer state", networkBytes),
            ("a batch's activations", activationBytes),
        ]
        if isPrivate { estimate.parts.append(("per-row gradients (DP-SGD)", bytes(batch, discriminator))) }
        return estimate
    }

    /// The estimate for generating with `model`, `batchSize` rows per pass on `workers` threads.
    public static func forGeneration(_ model: SynthesizerModel, batchSize: Int, workers: Int) -> MemoryEstimate {
        let width = model.transformer.width
        let condition = model.sampler.conditionWidth
        let hidden = model.configuration.generatorDimensions.reduce(0, +) + model.configuration.noiseDimension
        let perWorker = bytes(batchSize, 3 * (width + condition + hidden))
        return MemoryEstimate(activity: "the generation", columns: [], parts: [
            ("\(workers) worker(s) × \(batchSize) rows × \(width + condition + hidden) values", perWorker &* UInt64(max(workers, 1))),
        ])
    }

    /// Throws when the estimate exceeds `budget` bytes, saying what is large and what to do.
    public func check(budget: UInt64) throws(SynthesizerError) {
        guard totalBytes > budget else { return }
        var message = "\(activity) would need about \(Self.format(totalBytes)) of memory, more than the \(Self.format(budget)) allowed (--max-memory)"
        if let largest = parts.max(by: { $0.1 < $1.1 }) { message += "; most of it for \(largest.0), \(Self.format(largest.1))" }
        if let widest = columns.max(by: { $0.width < $1.width }), widest.width * 2 > encodedWidth || widest.width > 10_000 {
            message += "; column \"\(widest.name)\" alone encodes to \(widest.width) values (\(widest.reason)): group its rare values, or drop or re-type the column"
        }
        message += ". Raise --max-memory if the machine really has the memory."
        throw SynthesizerError.unusableData(message)
    }

    /// `1.5 GB`, `300.0 MB`.
    public static func format(_ count: UInt64) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB", "PB"]
        var value = Double(count), unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(count) bytes" : String(format: "%.1f %@", value, units[unit])
    }

    // MARK: Private

    private static func encodedColumn(_ column: ColumnSchema, values: ColumnValues, encoding: ContinuousEncoding,
                                      oneHotLimit: Int) -> Column? {
        let missing = column.nullable
        switch (column.kind, values) {
        case (.id, _):
            return nil
        case (.continuous, _):
            let modes = encoding == .vgm ? MixtureOptions().maxComponents : 0
            return Column(name: column.name, width: 1 + modes + (missing ? 2 : 0), reason: encoding == .vgm ? "continuous, up to \(modes) modes" : "continuous")
        case (_, .categorical(_, let categories)):
            // Past the one-hot limit the rarest categories share one `(rare)` entry.
            if categories.count > oneHotLimit {
                return Column(name: column.name, width: oneHotLimit + (missing ? 1 : 0),
                              reason: "\(categories.count) categories, \(oneHotLimit - 1) one-hot and a rare bucket")
            }
            return Column(name: column.name, width: categories.count + (missing ? 1 : 0), reason: "\(categories.count) categories")
        case (_, .multilabel(_, _, let labels)):
            return Column(name: column.name, width: 2 * labels.count + (missing ? 2 : 0), reason: "\(labels.count) labels")
        case (.boolean, _):
            return Column(name: column.name, width: 2 + (missing ? 1 : 0), reason: "boolean")
        default:
            return nil
        }
    }

    /// Parameters of a stack of linear layers (weights and biases); CTGAN's residual generator
    /// feeds each block the concatenation of everything before it.
    private static func layerParameters(input: Int, hidden: [Int], output: Int, residual: Bool) -> UInt64 {
        var total: UInt64 = 0
        var width = input
        for size in hidden {
            total = total &+ UInt64(width) &* UInt64(size) &+ UInt64(size)
            width = residual ? width + size : size
        }
        return total &+ UInt64(width) &* UInt64(output) &+ UInt64(output)
    }

    /// `a × b` four-byte floats, saturating instead of overflowing.
    private static func bytes(_ a: Int, _ b: Int) -> UInt64 { bytes(a, UInt64(max(b, 0))) }

    private static func bytes(_ a: Int, _ b: UInt64) -> UInt64 {
        let (product, overflow) = UInt64(max(a, 0)).multipliedReportingOverflow(by: b)
        let (result, overflow4) = product.multipliedReportingOverflow(by: 4)
        return overflow || overflow4 ? .max / 2 : result
    }
}
