/// Limited-memory BFGS (Nocedal & Wright, Algorithm 7.4/7.5) with a backtracking Armijo line search:
/// a real quasi-Newton solver for smooth convex objectives such as the regularized logistic loss.
struct LBFGSMinimizer {
    var memory = 10
    var maxIterations = 200
    /// Stop when the gradient's max-norm falls below this.
    var gradientTolerance = 1e-5

    /// Minimizes `objective` (which returns the value and writes the gradient) from `start`.
    func minimize(from start: [Double], objective: (_ x: [Double], _ gradient: inout [Double]) -> Double) -> [Double] {
        var x = start
        var g = [Double](repeating: 0, count: x.count)
        var f = objective(x, &g)
        var sHistory: [[Double]] = [], yHistory: [[Double]] = [], rhoHistory: [Double] = []
        for _ in 0..<maxIterations {
            if g.map(abs).max() ?? 0 < gradientTolerance { break }
            // Two-loop recursion: direction = −H·g.
            var q = g
            var alphas = [Double](repeating: 0, count: sHistory.count)
            for k in stride(from: sHistory.count - 1, through: 0, by: -1) {
                alphas[k] = rhoHistory[k] * dot(sHistory[k], q)
                axpy(-alphas[k], yHistory[k], &q)
            }
            if let s = sHistory.last, let y = yHistory.last {
                let gamma = dot(s, y) / dot(y, y)
                for i in q.indices { q[i] *= gamma }
            } else {
                let norm = dot(g, g).squareRoot()
                for i in q.indices { q[i] /= max(norm, 1) }
            }
            for k in 0..<sHistory.count {
                let beta = rhoHistory[k] * dot(yHistory[k], q)
                axpy(alphas[k] - beta, sHistory[k], &q)
            }
            var direction = q.map { -$0 }
            var slope = dot(direction, g)
            if slope >= 0 {  // Not a descent direction (numerical trouble): restart from steepest descent.
                direction = g.map { -$0 }
                slope = -dot(g, g)
                sHistory.removeAll(); yHistory.removeAll(); rhoHistory.removeAll()
            }
            var step = 1.0
            var newX = x, newG = g, newF = f
            var accepted = false
            for _ in 0..<40 {
                for i in x.indices { newX[i] = x[i] + step * direction[i] }
                newF = objective(newX, &newG)
                if newF <= f + 1e-4 * step * slope { accepted = true; break }
                step *= 0.5
            }
            guard accepted else { break }
            let s = zip(newX, x).map { $0 - $1 }, y = zip(newG, g).map { $0 - $1 }
            let sy = dot(s, y)
            if sy > 1e-12 {
                sHistory.append(s); yHistory.append(y); rhoHistory.append(1 / sy)
                if sHistory.count > memory { sHistory.removeFirst(); yHistory.removeFirst(); rhoHistory.removeFirst() }
            }
            let improvement = f - newF
            x = newX; g = newG; f = newF
            if improvement < 1e-10 * max(1, abs(f)) { break }
        }
        return x
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    private func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        for i in y.indices { y[i] += alpha * x[i] }
    }
}
