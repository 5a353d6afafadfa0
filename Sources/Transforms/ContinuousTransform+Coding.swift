#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProfileGANRandom
import ProfileGANSchema

extension ContinuousTransform {
    /// Writes the encoding of `values[rows[r]]` into row `r` of `output` (row-major with `stride`),
    /// at column `offset`. `output` must be zeroed.
    func encode(_ values: [Double], rows: some Collection<Int>, into output: UnsafeMutableBufferPointer<Float>,
                stride: Int, offset: Int, assignment: ModeAssignment,
                rng: inout some RandomNumberGenerator) throws(TransformError) {
        var scratch = [Double](repeating: 0, count: modeCount)
        for (r, source) in rows.enumerated() {
            let base = r * stride + offset
            let x = values[source]
            if x.isNaN {
                guard nullable else { throw TransformError(column: name, message: "missing value in row \(source + 1), but the column is not nullable") }
                output[base + width - 1] = 1
                if case .modeSpecific(let mixture) = normalization {
                    output[base + 1 + Self.modeWithoutEvidence(mixture, assignment: assignment, rng: &rng)] = 1
                }
                continue
            }
            if nullable { output[base + width - 2] = 1 }
            switch normalization {
            case .modeSpecific(let mixture):
                let mode = Self.mode(of: x, in: mixture, assignment: assignment, scratch: &scratch, rng: &rng)
                output[base] = Float(min(max((x - mixture.means[mode]) / (4 * mixture.standardDeviations[mode]), -1), 1))
                output[base + 1 + mode] = 1
            case .minMax(let lower, let upper):
                output[base] = Float(min(max(2 * (x - lower) / (upper - lower) - 1, -1), 1))
            }
        }
    }

    /// Reads `rows` encoded rows (row-major with `stride`, this column at `offset`) back into values;
    /// NaN marks a missing cell.
    func decode(_ input: UnsafeBufferPointer<Float>, rows: Int, stride: Int, offset: Int) -> ColumnValues {
        var values = [Double](repeating: 0, count: rows)
        let decoder = ValueDecoder(self)
        for r in 0..<rows {
            let base = r * stride + offset
            if nullable && input[base + width - 1] > input[base + width - 2] {
                values[r] = .nan
                continue
            }
            let mode = modeCount > 0 ? argmax(input, from: base + 1, count: modeCount) : 0
            values[r] = decoder.value(scalar: input[base], mode: mode)
        }
        return .continuous(values)
    }

    /// The mode a value is encoded with. Only modes that can represent it (|x − μ| ≤ 4σ, so the
    /// scalar is not clipped) are candidates; if none can, the nearest in standard deviations is
    /// used and the value is clipped (a lossy outlier).
    static func mode(of x: Double, in mixture: GaussianMixture, assignment: ModeAssignment,
                     scratch: inout [Double], rng: inout some RandomNumberGenerator) -> Int {
        mixture.logJointDensities(x, into: &scratch)
        var best = -1
        var largest = -Double.infinity
        for k in 0..<mixture.componentCount {
            if abs(x - mixture.means[k]) > 4 * mixture.standardDeviations[k] {
                scratch[k] = -.infinity
            } else if scratch[k] > largest {
                largest = scratch[k]
                best = k
            }
        }
        if best < 0 {
            return (0..<mixture.componentCount).min {
                abs(x - mixture.means[$0]) / mixture.standardDeviations[$0] < abs(x - mixture.means[$1]) / mixture.standardDeviations[$1]
            }!
        }
        guard assignment == .sampled else { return best }
        var total = 0.0
        for k in 0..<mixture.componentCount {
            scratch[k] = scratch[k] == -.infinity ? 0 : exp(scratch[k] - largest)
            total += scratch[k]
        }
        return draw(scratch, total: total, rng: &rng) ?? best
    }

    static func modeWithoutEvidence(_ mixture: GaussianMixture, assignment: ModeAssignment,
                                    rng: inout some RandomNumberGenerator) -> Int {
        switch assignment {
        case .argmax: mixture.weights.indices.max { mixture.weights[$0] < mixture.weights[$1] }!
        case .sampled: draw(mixture.weights, total: 1, rng: &rng) ?? 0
        }
    }
}

/// The index of the largest of `count` values starting at `start` (the first on ties).
package func argmax(_ input: UnsafeBufferPointer<Float>, from start: Int, count: Int) -> Int {
    var best = 0
    for i in 1..<max(count, 1) where input[start + i] > input[start + best] { best = i }
    return best
}

/// An index drawn with probability `weights[i] / total`, or nil if rounding left nothing drawn.
package func draw(_ weights: [Double], total: Double, rng: inout some RandomNumberGenerator) -> Int? {
    var target = rng.nextUnitDouble() * total
    for (i, w) in weights.enumerated() where w > 0 {
        target -= w
        if target < 0 { return i }
    }
    return weights.lastIndex { $0 > 0 }
}
