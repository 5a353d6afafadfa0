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

    /// KL(target ‖ Σᵢ wᵢ·dᵢ) for row distributions dᵢ over `cells`. Adds its gradient with respect
    /// to `output`, times `gradientScale`, into `gradient` when given.
    /// - Parameters:
    ///   - target: a distribution over the cells (non-negative, summing to 1).
    ///   - rowWeights: one non-negative weight per row, summing to 1.
    public static func oneWay(
        output: Matrix, cells: MarginalCells, target: [Float], rowWeights: [Float],
        accumulatingGradientInto gradient: Matrix? = nil, gradientScale: Float = 1
    ) -> Float {
        precondition(target.count == cells.count, "one target probability per cell")
        precondition(rowWeights.count == output.rows, "one weight per row")
        let k = cells.count
        let distributions = cells.rowDistributions(of: output)
        var marginal = [Float](repeating: 0, count: k)
        for r in 0..<output.rows where rowWeights[r] != 0 {
            for j in 0..<k { marginal[j] += rowWeights[r] * distributions[r * k + j] }
        }
        let (loss, cellGradient) = divergence(target: target, marginal: marginal)
        guard let gradient else { return loss }
        // ∂L/∂dᵢⱼ = wᵢ·gⱼ with g = ∂L/∂m.
        var rowGradient = [Float](repeating: 0, count: output.rows * k)
        for r in 0..<output.rows where rowWeights[r] != 0 {
            for j in 0..<k { rowGradient[r * k + j] = rowWeights[r] * cellGradient[j] }
        }
        cells.backward(output: output, distributions: distributions, rowGradient: rowGradient,
                       scale: gradientScale, into: gradient)
        return loss
    }

    /// KL(target ‖ Σᵢ wᵢ·aᵢ⊗bᵢ) for row distributions aᵢ over `first` and bᵢ over `second`;
    /// `target` is row-major, `first.count × second.count`. Adds its gradient with respect to
    /// `output`, times `gradientScale`, into `gradient` when given.
    public static func twoWay(
        output: Matrix, first: MarginalCells, second: MarginalCells, target: [Float], rowWeights: [Float],
        accumulatingGradientInto gradient: Matrix? = nil, gradientScale: Float = 1
    ) -> Float {
        let (k1, k2) = (first.count, second.count)
        precondition(target.count == k1 * k2, "one target probability per pair of cells")
        precondition(rowWeights.count == output.rows, "one weight per row")
        let a = first.rowDistributions(of: output)
        let b = second.rowDistributions(of: output)
        var marginal = [Float](repeating: 0, count: k1 * k2)
        for r in 0..<output.rows where rowWeights[r] != 0 {
            for i in 0..<k1 {
                let scaled = rowWeights[r] * a[r * k1 + i]
                for j in 0..<k2 { marginal[i * k2 + j] += scaled * b[r * k2 + j] }
            }
        }
        let (loss, cellGradient) = divergence(target: target, marginal: marginal)
        guard let gradient else { return loss }
        // ∂L/∂aᵢₓ = wᵢ·Σᵧ gₓᵧ·bᵢᵧ and ∂L/∂bᵢᵧ = wᵢ·Σₓ gₓᵧ·aᵢₓ.
        var gradientA = [Float](repeating: 0, count: output.rows * k1)
        var gradientB = [Float](repeating: 0, count: output.rows * k2)
        for r in 0..<output.rows where rowWeights[r] != 0 {
            for i in 0..<k1 {
                var sumA: Float = 0
                for j in 0..<k2 {
                    let g = cellGradient[i * k2 + j]
                    sumA += g * b[r * k2 + j]
                    gradientB[r * k2 + j] += rowWeights[r] * g * a[r * k1 + i]
                }
                gradientA[r * k1 + i] = rowWeights[r] * sumA
            }
        }
        first.backward(output: output, distributions: a, rowGradient: gradientA, scale: gradientScale, into: gradient)
        second.backward(output: output, distributions: b, rowGradient: gradientB, scale: gradientScale, into: gradient)
        return loss
    }

    /// KL(t ‖ m) and ∂/∂m, with m floored at ``probabilityFloor``.
    private static func divergence(target: [Float], marginal: [Float]) -> (loss: Float, gradient: [Float]) {
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
