#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The cells of one column of a generator's output, over which ``BatchMarginalLoss`` compares
/// marginals, and each row's differentiable distribution over them.
public enum MarginalCells: Sendable, Hashable {
    /// A one-hot block of logits: a row's distribution is `softmax(x[columns])`.
    case softmax(columns: Range<Int>)
    /// A scalar pre-activation whose `tanh` lies in [−1, 1], split into `bins` equal bins: a row's
    /// distribution is a Gaussian kernel (bandwidth half a bin) around `tanh(x[column])`,
    /// normalized over the bin centers.
    case tanhBins(column: Int, bins: Int)

    /// The number of cells.
    public var count: Int {
        switch self {
        case .softmax(let columns): columns.count
        case .tanhBins(_, let bins): bins
        }
    }

    /// Row-major `rows × count` distributions of every row of `output`.
    public func rowDistributions(of output: Matrix) -> [Float] {
        let k = count
        var distributions = [Float](repeating: 0, count: output.rows * k)
        switch self {
        case .softmax(let columns):
            precondition(columns.upperBound <= output.columns && !columns.isEmpty, "column block out of range")
            for r in 0..<output.rows {
                let x = output.data + r * output.columns + columns.lowerBound
                var largest = -Float.infinity
                for c in 0..<k { largest = max(largest, x[c]) }
                normalize(&distributions, row: r, width: k) { expf(x[$0] - largest) }
            }
        case .tanhBins(let column, let bins):
            precondition(column < output.columns && bins >= 2, "a scalar column in range and at least two bins")
            let centers = Self.centers(bins: bins)
            let inverseVariance = Self.inverseVariance(bins: bins)
            for r in 0..<output.rows {
                let s = tanhf(output[r, column])
                // Stabilized by the nearest center, whose term is then exp(0).
                var nearest = Float.infinity
                for c in centers { nearest = min(nearest, (s - c) * (s - c)) }
                normalize(&distributions, row: r, width: k) { j in
                    expf(-0.5 * inverseVariance * ((s - centers[j]) * (s - centers[j]) - nearest))
                }
            }
        }
        return distributions
    }

    /// Adds `scale` × ∂L/∂output into `gradient`, given each row's distribution and ∂L/∂(that
    /// distribution) (`rowGradient`, row-major `rows × count`).
    public func backward(output: Matrix, distributions: [Float], rowGradient: [Float], scale: Float, into gradient: Matrix) {
        precondition(gradient.rows == output.rows && gradient.columns == output.columns, "gradient shape")
        let k = count
        switch self {
        case .softmax(let columns):
            // ∂dⱼ/∂xₗ = dⱼ(δⱼₗ − dₗ) ⇒ ∂L/∂xₗ = dₗ·(Gₗ − Σⱼ Gⱼdⱼ).
            for r in 0..<output.rows {
                let base = r * k
                var expected: Float = 0
                for j in 0..<k { expected += rowGradient[base + j] * distributions[base + j] }
                let g = gradient.data + r * gradient.columns + columns.lowerBound
                for j in 0..<k { g[j] += scale * distributions[base + j] * (rowGradient[base + j] - expected) }
            }
        case .tanhBins(let column, let bins):
            // ∂dⱼ/∂s = dⱼ·(cⱼ − c̄)/h² with c̄ = Σₖ dₖcₖ; ∂s/∂x = 1 − s².
            let centers = Self.centers(bins: bins)
            let inverseVariance = Self.inverseVariance(bins: bins)
            for r in 0..<output.rows {
                let base = r * k
                var meanCenter: Float = 0
                for j in 0..<k { meanCenter += distributions[base + j] * centers[j] }
                var derivative: Float = 0
                for j in 0..<k { derivative += rowGradient[base + j] * distributions[base + j] * (centers[j] - meanCenter) }
                guard derivative != 0 else { continue }
                let s = tanhf(output[r, column])
                gradient[r, column] += scale * derivative * inverseVariance * (1 - s * s)
            }
        }
    }

    /// The centers of `bins` equal bins of [−1, 1].
    static func centers(bins: Int) -> [Float] { (0..<bins).map { -1 + (2 * Float($0) + 1) / Float(bins) } }

    /// 1/h² for the kernel's bandwidth h = half a bin = 1/bins.
    static func inverseVariance(bins: Int) -> Float { Float(bins * bins) }

    private func normalize(_ distributions: inout [Float], row: Int, width: Int, _ term: (Int) -> Float) {
        var sum: Float = 0
        for j in 0..<width {
            let e = term(j)
            distributions[row * width + j] = e
            sum += e
        }
        for j in 0..<width { distributions[row * width + j] /= sum }
    }
}
