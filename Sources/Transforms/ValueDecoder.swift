#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A column's decoding constants, looked up once per batch rather than once per value (the decode
/// of a million rows otherwise spends its time in `pow` and in unpacking the normalization).
struct ValueDecoder {
    private let means: [Double]
    /// σ of each mode (mode-specific normalization).
    private let spreads: [Double]
    private let minMax: (lower: Double, upper: Double)?
    private let integer: Bool
    private let roundingScale: Double?
    private let lowerBound: Double?
    private let upperBound: Double?

    init(_ transform: ContinuousTransform) {
        switch transform.normalization {
        case .modeSpecific(let mixture):
            means = mixture.means
            spreads = mixture.standardDeviations
            minMax = nil
        case .minMax(let lower, let upper):
            means = []
            spreads = []
            minMax = (lower, upper)
        }
        integer = transform.integer
        roundingScale = transform.decimals.map { pow(10, Double($0)) }
        lowerBound = transform.lowerBound
        upperBound = transform.upperBound
    }

    /// Inverts the scaling of a scalar in `mode`, clamps to the bounds, rounds.
    func value(scalar: Float, mode: Int) -> Double {
        let s = Double(min(max(scalar, -1), 1))
        var x: Double
        if let minMax {
            x = minMax.lower + (s + 1) / 2 * (minMax.upper - minMax.lower)
        } else {
            x = means[mode] + 4 * spreads[mode] * s
        }
        if integer {
            x = x.rounded()
        } else if let roundingScale {
            x = (x * roundingScale).rounded() / roundingScale
        }
        if let lowerBound { x = max(x, lowerBound) }
        if let upperBound { x = min(x, upperBound) }
        return x
    }
}
