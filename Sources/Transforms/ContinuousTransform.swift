#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fitted encoding of one continuous column.
///
/// Layout in the encoded row (width ``width``):
/// `[scalar] [mode one-hot × modes (vgm only)] [present, missing (nullable only)]`.
/// - vgm: scalar = (x − μ_k)/(4σ_k) clipped to [−1, 1], k the value's mode.
/// - minmax: scalar = 2(x − min)/(max − min) − 1.
///
/// A missing cell encodes scalar 0, a mode chosen like a value's would be without evidence (drawn
/// from the mode weights, or the heaviest mode under argmax) so the block stays one-hot, and the
/// indicator `missing`.
public struct ContinuousTransform: Sendable, Equatable, Codable {
    /// How values are scaled.
    public enum Normalization: Sendable, Equatable, Codable {
        /// Mode-specific normalization with the column's fitted mixture.
        case modeSpecific(GaussianMixture)
        /// Linear scaling of the public bounds to [−1, 1].
        case minMax(lower: Double, upper: Double)
    }

    /// The column's name.
    public let name: String
    /// How values are scaled.
    public let normalization: Normalization
    /// Public bounds from the schema; decoded values are clamped to them.
    public let lowerBound: Double?
    public let upperBound: Double?
    /// Whether decoded values are rounded to whole numbers.
    public let integer: Bool
    /// Decimal places decoded values are rounded to (learned from the data when allowed; nil: no rounding).
    public let decimals: Int?
    /// Whether the column may hold missing values (then a missing indicator follows).
    public let nullable: Bool

    public init(name: String, normalization: Normalization, lowerBound: Double?, upperBound: Double?,
                integer: Bool, decimals: Int?, nullable: Bool) {
        self.name = name
        self.normalization = normalization
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.integer = integer
        self.decimals = decimals
        self.nullable = nullable
    }

    /// The number of mixture modes (0 for min-max).
    public var modeCount: Int {
        if case .modeSpecific(let mixture) = normalization { mixture.componentCount } else { 0 }
    }

    /// The number of encoded columns.
    public var width: Int { 1 + modeCount + (nullable ? 2 : 0) }

    /// The largest decoding error of a non-missing value (before rounding), coming from storing the
    /// scalar as a `Float`: the scalar's rounding error (≤ 2⁻²⁴ on [−1, 1]) times its scale.
    public var precision: Double {
        switch normalization {
        case .modeSpecific(let mixture): 4 * (mixture.standardDeviations.max() ?? 0) * 0x1p-24
        case .minMax(let lower, let upper): (upper - lower) / 2 * 0x1p-24
        }
    }

    /// The output segments, starting at `start`.
    func segments(startingAt start: Int) -> [OutputSegment] {
        var segments = [OutputSegment(start: start, length: 1, activation: .tanh)]
        if modeCount > 0 { segments.append(OutputSegment(start: start + 1, length: modeCount, activation: .softmax)) }
        if nullable { segments.append(OutputSegment(start: start + 1 + modeCount, length: 2, activation: .softmax)) }
        return segments
    }

    /// The missing indicator, if any, as a discrete block.
    func discreteBlocks(column: Int, startingAt start: Int) -> [DiscreteBlock] {
        guard nullable else { return [] }
        return [DiscreteBlock(column: column, columnName: name, label: nil, role: .missingIndicator,
                              start: start + 1 + modeCount, valueNames: ["present", "missing"])]
    }
}

extension ContinuousTransform {
    /// Turns an encoded scalar (and mode) back into a value: inverts the scaling, clamps to the
    /// bounds, rounds.
    func decodeValue(scalar: Float, mode: Int) -> Double { ValueDecoder(self).value(scalar: scalar, mode: mode) }

    /// The fewest decimal places (≤ `limit`) that write every value exactly, or nil if some value
    /// needs more.
    static func decimalPlaces(of values: [Double], limit: Int = 6) -> Int? {
        var places = 0
        for value in values where value.isFinite {
            while places <= limit {
                let scaled = value * pow(10, Double(places))
                if abs(scaled - scaled.rounded()) <= 1e-9 * max(1, abs(scaled)) { break }
                places += 1
            }
            if places > limit { return nil }
        }
        return places
    }
}
