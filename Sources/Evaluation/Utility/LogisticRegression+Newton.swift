import COpenBLAS
import Foundation

extension LogisticRegression {
    /// Binary logistic regression by Newton's method (iteratively reweighted least squares): each step
    /// solves `(XᵀSX/n + λI) Δ = ∇` with `S = diag(p(1 − p))`, the Hessian built by one `cblas_dsyrk` on
    /// the rows scaled by `√(p(1 − p))` and solved by Cholesky; step halving keeps the loss decreasing.
    /// On standardized features it converges in about ten steps, where L-BFGS needs dozens of passes.
    /// Minimizes `−(1/n) Σ log p(y_i) + (λ/2)‖w‖²` (the intercept is not penalized).
    static func newtonBinary(_ x: FeatureMatrix, labels: [Int], l2: Double, maxSteps: Int = 30) -> (weights: [Double], bias: Double) {
        let n = x.rows, d = x.columns, m = d + 1  // the last coordinate is the intercept
        var theta = [Double](repeating: 0, count: m)
        var scaled = [Double](repeating: 0, count: n * m)
        var hessian = [Double](repeating: 0, count: m * m)
        func logits(_ theta: [Double]) -> [Double] {
            var z = [Double](repeating: theta[d], count: n)
            if d > 0 { cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(d), 1, x.values, Int32(d), theta, 1, 1, &z, 1) }
            return z
        }
        func loss(_ theta: [Double], _ z: [Double]) -> Double {
            var total = 0.0
            // log(1 + e^z) − y z, computed without overflow.
            for r in 0..<n { total += max(z[r], 0) + log1p(exp(-abs(z[r]))) - (labels[r] == 1 ? z[r] : 0) }
            var penalty = 0.0
            for j in 0..<d { penalty += theta[j] * theta[j] }
            return total / Double(n) + 0.5 * l2 * penalty
        }
        var z = logits(theta)
        var current = loss(theta, z)
        for _ in 0..<maxSteps {
            var gradient = [Double](repeating: 0, count: m)
            var residual = [Double](repeating: 0, count: n)
            for r in 0..<n {
                let p = 1 / (1 + exp(-z[r]))
                residual[r] = (p - (labels[r] == 1 ? 1 : 0)) / Double(n)
                let s = max(p * (1 - p), 1e-12).squareRoot()
                for j in 0..<d { scaled[r * m + j] = x.values[r * d + j] * s }
                scaled[r * m + d] = s
            }
            if d > 0 { cblas_dgemv(CblasRowMajor, CblasTrans, Int32(n), Int32(d), 1, x.values, Int32(d), residual, 1, 0, &gradient, 1) }
            gradient[d] = residual.reduce(0, +)
            for j in 0..<d { gradient[j] += l2 * theta[j] }
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(m), Int32(n), 1 / Double(n), scaled, Int32(m), 0, &hessian, Int32(m))
            for j in 0..<d { hessian[j * m + j] += l2 }
            hessian[d * m + d] += 1e-10
            guard let step = choleskySolve(upper: hessian, size: m, rightHandSide: gradient) else { break }
            var scale = 1.0, improved = false
            for _ in 0..<30 {
                let candidate = (0..<m).map { theta[$0] - scale * step[$0] }
                let candidateZ = logits(candidate)
                let value = loss(candidate, candidateZ)
                if value <= current {
                    improved = current - value > 1e-12 * max(1, current)
                    theta = candidate; z = candidateZ; current = value
                    break
                }
                scale /= 2
            }
            if !improved || (step.map(abs).max() ?? 0) * scale < 1e-8 { break }
        }
        return (Array(theta[0..<d]), theta[d])
    }

    /// Solves `A x = b` for a symmetric positive definite `A` whose upper triangle (row-major) is given;
    /// `nil` if `A` is not positive definite.
    private static func choleskySolve(upper a: [Double], size m: Int, rightHandSide b: [Double]) -> [Double]? {
        // A = Rᵀ R with R upper triangular.
        var r = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in i..<m {
                var sum = a[i * m + j]
                for k in 0..<i { sum -= r[k * m + i] * r[k * m + j] }
                if i == j {
                    guard sum > 0 else { return nil }
                    r[i * m + i] = sum.squareRoot()
                } else {
                    r[i * m + j] = sum / r[i * m + i]
                }
            }
        }
        var y = b
        for i in 0..<m {  // Rᵀ y = b
            for k in 0..<i { y[i] -= r[k * m + i] * y[k] }
            y[i] /= r[i * m + i]
        }
        for i in stride(from: m - 1, through: 0, by: -1) {  // R x = y
            for k in (i + 1)..<m { y[i] -= r[i * m + k] * y[k] }
            y[i] /= r[i * m + i]
        }
        return y
    }
}
