/// Adam (Kingma & Ba 2015) with bias correction, as PyTorch implements it.
///
/// Weight decay comes in two documented flavours:
/// - ``WeightDecay/l2(_:)`` adds λ·θ to the gradient before the moment updates — PyTorch `Adam`'s
///   `weight_decay`, which CTGAN uses (λ = 1e-6);
/// - ``WeightDecay/decoupled(_:)`` multiplies θ by (1 − lr·λ) before the Adam update — `AdamW`.
///
/// The moments are preallocated per parameter; ``step()`` allocates nothing.
public final class Adam {
    /// How weight decay is applied.
    public enum WeightDecay: Equatable, Sendable {
        case none
        /// L2 penalty folded into the gradient (PyTorch `Adam(weight_decay:)`).
        case l2(Float)
        /// Decoupled decay (PyTorch `AdamW(weight_decay:)`).
        case decoupled(Float)
    }

    /// The parameters this optimizer updates.
    public let parameters: [Parameter]
    /// Step size (CTGAN: 2e-4); may be changed between steps.
    public var learningRate: Float
    /// Decay of the first-moment average (CTGAN: 0.5).
    public let beta1: Float
    /// Decay of the second-moment average (CTGAN: 0.9).
    public let beta2: Float
    /// Added to √v̂ in the denominator.
    public let epsilon: Float
    /// The weight-decay flavour and strength.
    public let weightDecay: WeightDecay
    /// Number of steps taken (t in the bias corrections).
    public private(set) var stepCount = 0
    private let firstMoments: [Matrix]
    private let secondMoments: [Matrix]

    /// CTGAN's defaults are `learningRate: 2e-4, beta1: 0.5, beta2: 0.9, weightDecay: .l2(1e-6)`.
    public init(
        parameters: [Parameter], learningRate: Float = 2e-4, beta1: Float = 0.5, beta2: Float = 0.9,
        epsilon: Float = 1e-8, weightDecay: WeightDecay = .l2(1e-6)
    ) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        firstMoments = parameters.map { Matrix(rows: $0.value.rows, columns: $0.value.columns) }
        secondMoments = parameters.map { Matrix(rows: $0.value.rows, columns: $0.value.columns) }
    }

    /// Updates every parameter from its accumulated gradient (the gradients are left as they are).
    public func step() {
        stepCount += 1
        let t = Double(stepCount)
        let correction1 = Float(1 - pow(Double(beta1), t))
        let correction2 = Float(1 - pow(Double(beta2), t))
        // θ −= lr·m̂/(√v̂ + ε) with m̂ = m/c₁, v̂ = v/c₂, written so the loop has no divisions by c.
        let stepSize = learningRate / correction1
        let invSqrtC2 = 1 / correction2.squareRoot()
        let (l2, decoupled): (Float, Float) =
            switch weightDecay {
            case .none: (0, 0)
            case .l2(let λ): (λ, 0)
            case .decoupled(let λ): (0, λ)
            }
        let shrink = 1 - learningRate * decoupled
        let constants = Constants(b1: beta1, b2: beta2, eps: epsilon, l2: l2, shrink: shrink, stepSize: stepSize, invSqrtC2: invSqrtC2)
        for (index, parameter) in parameters.enumerated() {
            let theta = parameter.value.data, gradient = parameter.gradient.data
            let m = firstMoments[index].data, v = secondMoments[index].data
            // Slices of whole eight-lane groups (the update is element-wise: any split gives the same bits).
            let groups = (parameter.value.count + 7) / 8
            ComputePool.shared.forEachRange(of: groups, grain: ComputePool.elementGrain / 8) { range in
                let start = range.lowerBound * 8, end = min(parameter.value.count, range.upperBound * 8)
                Adam.update(count: end - start, theta: theta + start, gradient: gradient + start,
                            m: m + start, v: v + start, constants: constants)
            }
        }
    }

    struct Constants {
        var b1, b2, eps, l2, shrink, stepSize, invSqrtC2: Float
    }

    /// The element-wise update, eight lanes at a time. Explicit SIMD because the scalar loop writes
    /// three arrays and reads four — more pointer pairs than LLVM checks for aliasing at run time —
    /// so it stayed scalar. Lane for lane the same operations as the scalar tail, hence the same bits.
    static func update(
        count n: Int, theta: UnsafeMutablePointer<Float>, gradient g: UnsafeMutablePointer<Float>,
        m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>, constants k: Constants
    ) {
        var i = 0
        while i + 8 <= n {
            let t = UnsafeRawPointer(theta + i).loadUnaligned(as: SIMD8<Float>.self)
            let grad = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD8<Float>.self) + k.l2 * t
            let m1 = k.b1 * UnsafeRawPointer(m + i).loadUnaligned(as: SIMD8<Float>.self) + (1 - k.b1) * grad
            let v1 = k.b2 * UnsafeRawPointer(v + i).loadUnaligned(as: SIMD8<Float>.self) + (1 - k.b2) * grad * grad
            let t1 = k.shrink * t - k.stepSize * m1 / (squareRoot(v1) * k.invSqrtC2 + k.eps)
            UnsafeMutableRawPointer(m + i).storeBytes(of: m1, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(v + i).storeBytes(of: v1, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(theta + i).storeBytes(of: t1, as: SIMD8<Float>.self)
            i += 8
        }
        while i < n {
            let grad = g[i] + k.l2 * theta[i]
            m[i] = k.b1 * m[i] + (1 - k.b1) * grad
            v[i] = k.b2 * v[i] + (1 - k.b2) * grad * grad
            theta[i] = k.shrink * theta[i] - k.stepSize * m[i] / (v[i].squareRoot() * k.invSqrtC2 + k.eps)
            i += 1
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
