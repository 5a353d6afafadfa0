/// Batch normalization over the batch dimension, per feature (PyTorch's `BatchNorm1d`):
/// `y = γ·(x − μ)/√(σ² + ε) + β`.
///
/// Training uses the batch mean and biased variance and updates the running statistics
/// (`running = (1 − momentum)·running + momentum·batch`, with the *unbiased* batch variance, as
/// PyTorch does); evaluation normalizes with the running statistics.
public final class BatchNorm1d: NeuralModel {
    /// Number of columns normalized.
    public let features: Int
    /// Added to the variance before the square root (PyTorch: 1e-5).
    public let epsilon: Float
    /// Weight of the current batch in the running statistics (PyTorch: 0.1).
    public let momentum: Float
    /// Whether forward passes use batch statistics (training) or running statistics (evaluation).
    public var isTraining = true
    /// γ, `1 × features`, initialized to 1.
    public let scale: Parameter
    /// β, `1 × features`, initialized to 0.
    public let shift: Parameter
    /// Running mean, `1 × features`.
    public let runningMean: Matrix
    /// Running (unbiased) variance, `1 × features`, initialized to 1.
    public let runningVariance: Matrix
    /// The last forward result, a workspace owned by the layer (overwritten by the next forward).
    public let output = Matrix(rows: 0, columns: 0)
    /// The last backward result, ∂loss/∂input (overwritten by the next backward).
    public let inputGradient = Matrix(rows: 0, columns: 0)
    private let name: String
    /// x̂ of the last forward pass, kept for backward.
    private let normalized = Matrix(rows: 0, columns: 0)
    /// Per-feature 1/√(σ² + ε) of the last forward pass.
    private let inverseStandardDeviation: Matrix
    private let mean: Matrix
    private let gradientSum: Matrix
    private let gradientDotNormalized: Matrix
    private var lastForwardWasTraining = true

    /// A layer over `features` columns; `name` prefixes its tensor names (`name.weight`, `name.runningMean`, …).
    public init(features: Int, name: String, epsilon: Float = 1e-5, momentum: Float = 0.1) {
        self.features = features
        self.epsilon = epsilon
        self.momentum = momentum
        self.name = name
        scale = Parameter(name: name + ".weight", rows: 1, columns: features)
        scale.value.fill(1)
        shift = Parameter(name: name + ".bias", rows: 1, columns: features)
        runningMean = Matrix(rows: 1, columns: features)
        runningVariance = Matrix(rows: 1, columns: features)
        runningVariance.fill(1)
        inverseStandardDeviation = Matrix(rows: 1, columns: features)
        mean = Matrix(rows: 1, columns: features)
        gradientSum = Matrix(rows: 1, columns: features)
        gradientDotNormalized = Matrix(rows: 1, columns: features)
        parameters = [scale, shift]
    }

    /// Trainable tensors with their gradients, in a fixed order (the order of the model file).
    public let parameters: [Parameter]
    /// The running mean and variance (saved with the model, not trained).
    public var buffers: [(name: String, value: Matrix)] {
        [(name + ".runningMean", runningMean), (name + ".runningVariance", runningVariance)]
    }

    /// Computes the output for `input` (rows = examples) into ``output`` and returns it.
    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        precondition(input.columns == features, "BatchNorm1d expects \(features) columns, got \(input.columns)")
        let n = input.rows, f = features
        lastForwardWasTraining = isTraining
        output.resize(like: input)
        normalized.resize(like: input)
        let mu = mean.data, inv = inverseStandardDeviation.data
        let training = isTraining
        if training { precondition(n > 1, "BatchNorm1d needs more than one row in training") }
        let x = input.data, xh = normalized.data, y = output.data, g = scale.value.data, b = shift.value.data
        let rm = runningMean.data, rv = runningVariance.data
        // Every statistic is per column, so the columns are split across cores.
        ComputePool.shared.forEachRange(of: f, grain: max(8, ComputePool.elementGrain / n)) { columns in
            if training {
                // Two passes (mean, then squared deviations) keep the variance accurate in Float.
                for c in columns { mu[c] = 0; inv[c] = 0 }
                for r in 0..<n {
                    let row = x + r * f
                    for c in columns { mu[c] += row[c] }
                }
                for c in columns { mu[c] *= 1 / Float(n) }
                for r in 0..<n {
                    let row = x + r * f
                    for c in columns {
                        let d = row[c] - mu[c]
                        inv[c] += d * d
                    }
                }
                for c in columns {
                    let biased = inv[c] / Float(n)
                    rm[c] = (1 - momentum) * rm[c] + momentum * mu[c]
                    rv[c] = (1 - momentum) * rv[c] + momentum * inv[c] / Float(n - 1)
                    inv[c] = 1 / (biased + epsilon).squareRoot()
                }
            } else {
                for c in columns {
                    mu[c] = rm[c]
                    inv[c] = 1 / (rv[c] + epsilon).squareRoot()
                }
            }
            // Row pointers, not `x[r * f + c]`: the overflow check on the index sum kept LLVM from
            // vectorizing.
            for r in 0..<n {
                let xr = x + r * f, xhr = xh + r * f, yr = y + r * f
                for c in columns {
                    let h = (xr[c] - mu[c]) * inv[c]
                    xhr[c] = h
                    yr[c] = g[c] * h + b[c]
                }
            }
        }
        return output
    }

    /// Back-propagates through the statistics used in the last forward pass: batch statistics in
    /// training, `dx = γ/σ·(dy − mean(dy) − x̂·mean(dy·x̂))`; running statistics (constants) in evaluation.
    @discardableResult
    public func backward(_ outputGradient: Matrix, parameterGradients: Bool = true) -> Matrix {
        precondition(outputGradient.rows == normalized.rows && outputGradient.columns == features, "BatchNorm1d gradient shape")
        let n = normalized.rows, f = features
        inputGradient.resize(like: normalized)
        let sumDy = gradientSum.data, sumDyXh = gradientDotNormalized.data
        let dy = outputGradient.data, xh = normalized.data, dx = inputGradient.data
        let g = scale.value.data, inv = inverseStandardDeviation.data
        let gradientOfScale = scale.gradient.data, gradientOfShift = shift.gradient.data
        let training = lastForwardWasTraining, invN = 1 / Float(n)
        ComputePool.shared.forEachRange(of: f, grain: max(8, ComputePool.elementGrain / n)) { columns in
            for c in columns { sumDy[c] = 0; sumDyXh[c] = 0 }
            for r in 0..<n {
                let dyr = dy + r * f, xhr = xh + r * f
                for c in columns {
                    sumDy[c] += dyr[c]
                    sumDyXh[c] += dyr[c] * xhr[c]
                }
            }
            if parameterGradients {
                for c in columns {
                    gradientOfScale[c] += sumDyXh[c]
                    gradientOfShift[c] += sumDy[c]
                }
            }
            for r in 0..<n {
                let dyr = dy + r * f, xhr = xh + r * f, dxr = dx + r * f
                if training {
                    for c in columns {
                        dxr[c] = g[c] * inv[c] * (dyr[c] - invN * sumDy[c] - xhr[c] * invN * sumDyXh[c])
                    }
                } else {
                    for c in columns { dxr[c] = g[c] * inv[c] * dyr[c] }
                }
            }
        }
        return inputGradient
    }
}
