#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rényi-DP accountant for the Poisson-subsampled Gaussian mechanism and plain Gaussian releases.
///
/// For each order α in ``orders`` it computes RDP(α) of every mechanism (Mironov, Talwar & Zhang
/// 2019: the exact binomial sum for integer α, the convergent signed series for fractional α),
/// adds them (RDP composes additively), and converts to (ε, δ) with the bound of Balle et al.
/// (2020), ε = min_α RDP(α) + log(1 − 1/α) − log(δ·α)/(α − 1) — the conversion dp_accounting uses.
public struct RDPAccountant: PrivacyAccountant {
    /// dp_accounting's default orders: 1.1 … 10.9 by 0.1, 11 … 63, 128, 256, 512, 1024. Orders
    /// above 63 matter for large noise and few steps (Opacus' grid stops at 63 and is looser there).
    public static let defaultOrders: [Double] =
        (1...99).map { Double(10 + $0) / 10 } + (11...63).map(Double.init) + [128, 256, 512, 1024]

    /// Opacus' default orders (1.1 … 10.9, 12 … 63), for comparing with Opacus figures.
    public static let opacusOrders: [Double] = (1...99).map { Double(10 + $0) / 10 } + (12...63).map(Double.init)

    /// The Rényi orders over which the conversion is minimized.
    public let orders: [Double]

    public var kind: AccountantKind { .rdp }

    public init(orders: [Double] = RDPAccountant.defaultOrders) {
        precondition(!orders.isEmpty && orders.allSatisfy { $0 > 1 }, "Rényi orders must be > 1")
        self.orders = orders
    }

    public func epsilon(composing mechanisms: [PrivacyMechanism], delta: Double) throws -> Double {
        try guarantee(composing: mechanisms, delta: delta).epsilon
    }

    /// ε at `delta` together with the optimal order.
    public func guarantee(composing mechanisms: [PrivacyMechanism], delta: Double) throws -> RDPGuarantee {
        try validateDelta(delta)
        for m in mechanisms { try m.validate() }
        let rdp = try renyiDivergences(composing: mechanisms)
        return Self.convert(orders: orders, rdp: rdp, delta: delta)
    }

    /// RDP(α) of the composition, one value per entry of ``orders``.
    public func renyiDivergences(composing mechanisms: [PrivacyMechanism]) throws -> [Double] {
        var total = [Double](repeating: 0, count: orders.count)
        for m in mechanisms {
            try m.validate()
            let form = m.accountingForm
            for (k, alpha) in orders.enumerated() {
                total[k] += Double(form.repetitions)
                    * Self.subsampledGaussianRDP(q: form.samplingRate, sigma: form.noiseMultiplier, alpha: alpha)
            }
        }
        return total
    }

    /// Converts RDP values to ε at δ (Balle et al. 2020, Proposition 12, as in dp_accounting).
    static func convert(orders: [Double], rdp: [Double], delta: Double) -> RDPGuarantee {
        var best = RDPGuarantee(epsilon: .infinity, optimalOrder: orders[0])
        for (alpha, r) in zip(orders, rdp) {
            let epsilon: Double
            if delta * delta + expm1(-r) > 0 {
                // Pinsker-type bound: δ ≥ √(1 − e^{−KL}) already certifies ε = 0.
                epsilon = 0
            } else if alpha > 1.01 {
                epsilon = r + log1p(-1 / alpha) - log(delta * alpha) / (alpha - 1)
            } else {
                epsilon = .infinity
            }
            if epsilon < best.epsilon { best = RDPGuarantee(epsilon: epsilon, optimalOrder: alpha) }
        }
        best.epsilon = max(0, best.epsilon)
        return best
    }
}
