#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How far a generated batch's one-way or two-way marginal is from a target distribution: the
/// Kullback–Leibler divergence `KL(t ‖ m) = Σ tⱼ·log(tⱼ / mⱼ)`, where `m` is the batch's weighted
/// average of each row's distribution over the same cells.
///
/// A generator trained against released marginals (noisy counts under differential privacy) uses
/// this to pull what it emits towards them; the target enters only as a constant, so using it is
/// post-processing of the release. Rows carry weights `wᵢ` (summing to 1) so a batch drawn with one
/// law of conditions can stand for another (importance weighting).
///
/// A row's distribution over a column's cells (see ``MarginalCells``) is what the generator would
/// emit for that row: `softmax(x)` for a one-hot block, which is exactly the law the block is drawn
/// from at generation time, or a Gaussian kernel around `tanh(x)` for a scalar, a differentiable
/// histogram. For a pair of columns a row's joint is the product of its two distributions: given
/// its input, a generated row's blocks are drawn independently.
public enum BatchMarginalLoss {
    /// The smallest batch probability a cell is given inside the logarithm, so a cell the batch
    /// misses entirely yields a large, finite loss.
    public static let probabilityFloor: Float = 1e-6

    /// Σ over `targets` of KL(target ‖ batch marginal). Adds its gradient with respect to `output`,
    /// times `gradientScale`, into `gradient` when given. Each column's row distributions are
    /// computed once and its gradient propagated back once, however many targets read it.
    /// - Parameter rowWeights: one non-negative weight per row, summing to 1.
    public static func loss(
        output: Matrix, targets: [MarginalTarget], rowWeights: [Float],
        accumulatingGradientInto gradient: Matrix? = nil, gradientScale: Float = 1
    ) -> Float {
        precondition(rowWeights.count == output.rows, "one weight per row")
        // The distinct columns, in first-use order (a fixed order keeps gradient sums reproducible).
        var columns: [MarginalCells] = []
        var index: [MarginalCells: Int] = [:]
        for target in targets {
            for cells in [target.first] + (target.second.map { [$0] } ?? []) where index[cells] == nil {
                index[cells] = columns.count
                columns.append(cells)
            }
        }
        let distributions = columns.map { $0.rowDistributions(of: output) }
        var rowGradients = columns.map { [Float](repeating: 0, count: gradient == nil ? 0 : output.rows * $0.count) }
        let rows = output.rows
        var total: Float = 0
        for target in targets {
            let a = index[target.first]!, k1 = target.first.count
            guard let second = target.second else {
                // One column: ∂L/∂dᵢⱼ = wᵢ·gⱼ with g = ∂L/∂m.
                precondition(target.distribution.count == k1, "one target probability per cell")
                let d = distributions[a]
                var marginal = [Float](repeating: 0, count: k1)
                for r in 0..<rows where rowWeights[r] != 0 {
                    for j in 0..<k1 { marginal[j] += rowWeights[r] * d[r * k1 + j] }
                }
                let (loss, g) = divergence(target: target.distribution, marginal: marginal)
                total += loss
                if gradient != nil {
                    rowGradients[a].withUnsafeMutableBufferPointer { ga in
                        for r in 0..<rows where rowWeights[r] != 0 {
                            for j in 0..<k1 { ga[r * k1 + j] += rowWeights[r] * g[j] }
                        }
                    }
                }
                continue
            }
            // A pair: ∂L/∂aᵢₓ = wᵢ·Σᵧ gₓᵧ·bᵢᵧ and ∂L/∂bᵢᵧ = wᵢ·Σₓ gₓᵧ·aᵢₓ.
            let b = index[second]!, k2 = second.count
            precondition(target.distribution.count == k1 * k2, "one target probability per pair of cells")
            let da = distributions[a], db = distributions[b]
            var marginal = [Float](repeating: 0, count: k1 * k2)
            for r in 0..<rows where rowWeights[r] != 0 {
                for x in 0..<k1 {
                    let scaled = rowWeights[r] * da[r * k1 + x]
                    for y in 0..<k2 { marginal[x * k2 + y] += scaled * db[r * k2 + y] }
                }
            }
            let (loss, g) = divergence(target: target.distribution, marginal: marginal)
            total += loss
            guard gradient != nil else { continue }
            rowGradients[a].withUnsafeMutableBufferPointer { ga in
                for r in 0..<rows where rowWeights[r] != 0 {
                    for x in 0..<k1 {
                        var sum: Float = 0
                        for y in 0..<k2 { sum += g[x * k2 + y] * db[r * k2 + y] }
                        ga[r * k1 + x] += rowWeights[r] * sum
                    }
                }
            }
            rowGradients[b].withUnsafeMutableBufferPointer { gb in
                for r in 0..<rows where rowWeights[r] != 0 {
                    for y in 0..<k2 {
                        var sum: Float = 0
                        for x in 0..<k1 { sum += g[x * k2 + y] * da[r * k1 + x] }
                        gb[r * k2 + y] += rowWeights[r] * sum
                    }
                }
            }
        }
        if let gradient {
            for (c, cells) in columns.enumerated() {
                cells.backward(output: output, distributions: distributions[c], rowGradient: rowGradients[c],
                               scale: gradientScale, into: gradient)
            }
        }
        return total
    }

    /// KL(target ‖ Σᵢ wᵢ·dᵢ) for row distributions dᵢ over `cells` (``loss(output:targets:rowWeights:accumulatingGradientInto:gradientScale:)``
    /// with one target).
    public static func oneWay(
        output: Matrix, cells: MarginalCells, target: [Float], rowWeights: [Float],
        accumulatingGradientInto gradient: Matrix? = nil, gradientScale: Float = 1
    ) -> Float {
        loss(output: output, targets: [MarginalTarget(first: cells, distribution: target)], rowWeights: rowWeights,
             accumulatingGradientInto: gradient, gradientScale: gradientScale)
    }

    /// KL(target ‖ Σᵢ wᵢ·aᵢ⊗bᵢ) for row distributions aᵢ over `first` and bᵢ over `second`; `target`
    /// is row-major, `first.count × second.count` (``loss(output:targets:rowWeights:accumulatingGradientInto:gradientScale:)``
    /// with one target).
    public static func twoWay(
        output: Matrix, first: MarginalCells, second: MarginalCells, target: [Float], rowWeights: [Float],
        accumulatingGradientInto gradient: Matrix? = nil, gradientScale: Float = 1
    ) -> Float {
        loss(output: output, targets: [MarginalTarget(first: first, second: second, distribution: target)],
             rowWeights: rowWeights, accumulatingGradientInto: gradient, gradientScale: gradientScale)
    }

    /// KL(t ‖ m) and ∂/∂m, with m floored at ``probabilityFloor``.
    static func divergence(target: [Float], marginal: [Float]) -> (loss: Float, gradient: [Float]) {
        var loss: Float = 0
        var gradient = [Float](repeating: 0, count: target.count)
        for j in target.indices where target[j] > 0 {
            let m = max(marginal[j], probabilityFloor)
            loss += target[j] * logf(target[j] / m)
            gradient[j] = marginal[j] > probabilityFloor ? -target[j] / m : 0
        }
        return (loss, gradient)
    }
}
