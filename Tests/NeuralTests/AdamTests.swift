import Testing
import ProfileGANNeural

/// Adam against steps worked out by hand (in Double) from the update rule.
@Suite struct AdamTests {
    static func reference(
        theta0: Double, gradients: [Double], lr: Double, b1: Double, b2: Double, eps: Double,
        l2: Double = 0, decoupled: Double = 0
    ) -> [Double] {
        var theta = theta0, m = 0.0, v = 0.0
        var trajectory = [Double]()
        for (t, g0) in gradients.enumerated() {
            let g = g0 + l2 * theta
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            let mHat = m / (1 - pow(b1, Double(t + 1))), vHat = v / (1 - pow(b2, Double(t + 1)))
            theta = theta * (1 - lr * decoupled) - lr * mHat / (vHat.squareRoot() + eps)
            trajectory.append(theta)
        }
        return trajectory
    }

    @Test(arguments: [Adam.WeightDecay.none, .l2(0.1), .decoupled(0.1)])
    func matchesHandComputedSteps(decay: Adam.WeightDecay) {
        let p = Parameter(name: "p", rows: 1, columns: 1)
        p.value[0, 0] = 1.5
        let gradients: [Double] = [0.3, -0.2, 0.05, 1.0]
        let adam = Adam(parameters: [p], learningRate: 0.01, beta1: 0.5, beta2: 0.9, epsilon: 1e-8, weightDecay: decay)
        let (l2, decoupled): (Double, Double) =
            switch decay {
            case .none: (0, 0)
            case .l2(let λ): (Double(λ), 0)
            case .decoupled(let λ): (0, Double(λ))
            }
        let expected = Self.reference(
            theta0: 1.5, gradients: gradients, lr: 0.01, b1: 0.5, b2: 0.9, eps: 1e-8, l2: l2, decoupled: decoupled)
        for (g, want) in zip(gradients, expected) {
            p.gradient[0, 0] = Float(g)
            adam.step()
            #expect(abs(Double(p.value[0, 0]) - want) < 1e-6)
        }
        #expect(adam.stepCount == 4)
        // The first step moves by ≈ lr regardless of the gradient's scale (bias correction).
        if decay == .none { #expect(abs((1.5 - expected[0]) - 0.01) < 1e-6) }
    }

    @Test func l2AndDecoupledDecayDiffer() {
        let a = Parameter(name: "a", rows: 1, columns: 2), b = Parameter(name: "b", rows: 1, columns: 2)
        for p in [a, b] {
            p.value[0, 0] = 2
            p.value[0, 1] = -1
            p.gradient[0, 0] = 0.5
        }
        let l2 = Adam(parameters: [a], learningRate: 0.1, weightDecay: .l2(0.5))
        let decoupled = Adam(parameters: [b], learningRate: 0.1, weightDecay: .decoupled(0.5))
        l2.step()
        decoupled.step()
        #expect(a.value[0, 1] != b.value[0, 1])
    }
}

#if canImport(Glibc)
import Glibc
#endif
