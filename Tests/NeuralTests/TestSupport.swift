import ProfileGANNeural
import ProfileGANRandom

/// A matrix of uniform values in [-scale, scale], optionally kept at least `margin` away from 0 in
/// absolute value (so finite differences do not straddle a kink of ReLU-like layers).
func randomMatrix(
    _ rows: Int, _ columns: Int, scale: Float = 1, margin: Float = 0, generator g: inout SeededGenerator
) -> Matrix {
    Matrix(rows: rows, columns: columns) { _, _ in
        let magnitude = margin + (scale - margin) * g.nextUnitFloat()
        return g.nextUnitFloat() < 0.5 ? -magnitude : magnitude
    }
}

/// Σ r⊙y in Double: a scalar loss whose gradient with respect to y is `r`.
func weightedSum(_ y: Matrix, _ r: Matrix) -> Double {
    precondition(y.count == r.count)
    var s = 0.0
    for i in 0..<y.count { s += Double(y.data[i]) * Double(r.data[i]) }
    return s
}

/// Compares `analytic` (the gradient of `loss` with respect to `variable`) against central finite
/// differences at up to `samples` entries and returns ‖analytic − numeric‖ / ‖numeric‖ over them.
/// `loss` must recompute everything from `variable`'s current values (and replay any randomness).
func finiteDifferenceError(
    of variable: Matrix, analytic: [Float], step: Float = 1e-2, samples: Int = 40,
    loss: () -> Double
) -> Double {
    precondition(analytic.count == variable.count)
    let stride = max(1, variable.count / samples)
    var difference = 0.0, reference = 0.0
    for index in Swift.stride(from: 0, to: variable.count, by: stride) {
        let saved = variable.data[index]
        variable.data[index] = saved + step
        let up = loss()
        variable.data[index] = saved - step
        let down = loss()
        variable.data[index] = saved
        // The actually representable step, not the nominal one.
        let h = Double(saved + step) - Double(saved - step)
        let numeric = (up - down) / h
        difference += (numeric - Double(analytic[index])) * (numeric - Double(analytic[index]))
        reference += numeric * numeric
    }
    return (difference / max(reference, 1e-30)).squareRoot()
}

/// Gradients of all parameters concatenated, in Double.
func flatGradient(_ parameters: [Parameter]) -> [Double] {
    parameters.flatMap { p in p.gradient.values.map(Double.init) }
}

func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

func relativeDistance(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    var d = 0.0
    for i in a.indices { d += (a[i] - b[i]) * (a[i] - b[i]) }
    return d.squareRoot() / max(norm(b), 1e-30)
}
