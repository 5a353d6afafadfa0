import COpenBLAS
import Foundation

/// Logistic regression with an L2 penalty on the weights (not the intercepts), fitted on the exact loss:
/// two classes by Newton's method (IRLS, see `LogisticRegression+Newton.swift`), more by L-BFGS on the
/// multinomial (softmax) loss. Features should be standardized (``FeatureEncoder`` does that).
struct LogisticRegression: Sendable {
    /// Weights `d × K`, row-major.
    private(set) var weights: [Double]
    private(set) var bias: [Double]
    let featureCount: Int
    let classCount: Int

    /// Fits on `features` with labels in `0..<classCount`. `l2` multiplies `½‖W‖²` added to the mean loss.
    init(features x: FeatureMatrix, labels: [Int], classCount k: Int, l2: Double = 1e-3, maxIterations: Int = 100) {
        let n = x.rows, d = x.columns
        featureCount = d
        classCount = k
        if k == 2 {
            // Class 0 is the reference: its logit is 0, class 1's is x·w + b.
            let (w, b) = Self.newtonBinary(x, labels: labels, l2: l2)
            weights = [Double](repeating: 0, count: d * 2)
            for j in 0..<d { weights[j * 2 + 1] = w[j] }
            bias = [0, b]
            return
        }
        var solver = LBFGSMinimizer()
        solver.maxIterations = maxIterations
        var logits = [Double](repeating: 0, count: n * k)
        let parameters = solver.minimize(from: [Double](repeating: 0, count: d * k + k)) { theta, gradient in
            // Loss = −(1/n) Σ log softmax(x_i W + b)[y_i] + (l2/2)‖W‖².
            theta.withUnsafeBufferPointer { t in
                x.values.withUnsafeBufferPointer { xv in
                    logits.withUnsafeMutableBufferPointer { z in
                        for r in 0..<n { for c in 0..<k { z[r * k + c] = t[d * k + c] } }
                        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(k), Int32(d),
                                    1, xv.baseAddress, Int32(d), t.baseAddress, Int32(k), 1, z.baseAddress, Int32(k))
                    }
                }
            }
            var loss = 0.0
            for r in 0..<n {
                let row = r * k
                var m = -Double.infinity
                for c in 0..<k { m = max(m, logits[row + c]) }
                var sum = 0.0
                for c in 0..<k { logits[row + c] = Self.exp(logits[row + c] - m); sum += logits[row + c] }
                loss -= Self.log(logits[row + labels[r]] / sum)
                // logits now holds (softmax − onehot) / n: the gradient w.r.t. the logits.
                for c in 0..<k { logits[row + c] /= sum * Double(n) }
                logits[row + labels[r]] -= 1 / Double(n)
            }
            loss /= Double(n)
            for c in 0..<k {
                var s = 0.0
                for r in 0..<n { s += logits[r * k + c] }
                gradient[d * k + c] = s
            }
            for i in 0..<(d * k) { gradient[i] = l2 * theta[i]; loss += 0.5 * l2 * theta[i] * theta[i] }
            x.values.withUnsafeBufferPointer { xv in
                logits.withUnsafeBufferPointer { z in
                    gradient.withUnsafeMutableBufferPointer { g in
                        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(d), Int32(k), Int32(n),
                                    1, xv.baseAddress, Int32(d), z.baseAddress, Int32(k), 1, g.baseAddress, Int32(k))
                    }
                }
            }
            return loss
        }
        weights = Array(parameters[0..<(d * k)])
        bias = Array(parameters[(d * k)...])
    }

    /// Class probabilities, `rows × K` row-major.
    func probabilities(_ x: FeatureMatrix) -> [Double] {
        precondition(x.columns == featureCount)
        let n = x.rows, k = classCount, d = featureCount
        var z = [Double](repeating: 0, count: n * k)
        for r in 0..<n { for c in 0..<k { z[r * k + c] = bias[c] } }
        if n > 0, d > 0 {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(k), Int32(d),
                        1, x.values, Int32(d), weights, Int32(k), 1, &z, Int32(k))
        }
        for r in 0..<n {
            var m = -Double.infinity
            for c in 0..<k { m = max(m, z[r * k + c]) }
            var sum = 0.0
            for c in 0..<k { z[r * k + c] = Self.exp(z[r * k + c] - m); sum += z[r * k + c] }
            for c in 0..<k { z[r * k + c] /= sum }
        }
        return z
    }

    private static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    private static func log(_ x: Double) -> Double { Foundation.log(max(x, 1e-300)) }
}
