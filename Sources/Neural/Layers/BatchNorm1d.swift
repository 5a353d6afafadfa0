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
        if isTraining {
            precondition(n > 1, "BatchNorm1d needs more than one row in training")
            // Two passes (mean, then squared deviations) keep the variance accurate in Float.
            mean.fill(0)
            input.accumulateColumnSums(into: mean)
            mean.scale(by: 1 / Float(n))
            inverseStandardDeviation.fill(0)
            for r in 0..<n {
                let x = input.data + r * f
                for c in 0..<f {
                    let d = x[c] - mu[c]
                    inv[c] += d * d
                }
            }
            let rm = runningMean.data, rv = runningVariance.data
            for c in 0..<f {
                let biased = inv[c] / Float(n)
                rm[c] = (1 - momentum) * rm[c] + momentum * mu[c]
                rv[c] = (1 - momentum) * rv[c] + momentum * inv[c] / Float(n - 1)
                inv[c] = 1 / (biased + epsilon).squareRoot()
            }
        } else {
            mean.copy(from: runningMean)
            let rv = runningVariance.data
            for c in 0..<f { inv[c] = 1 / (rv[c] + epsilon).squareRoot() }
        }
        let g = scale.value.data, b = shift.value.data
        for r in 0..<n {
            let x = input.data + r * f, xh = normalized.data + r * f, y = output.data + r * f
            for c in 0..<f {
                let h = (x[c] - mu[c]) * inv[c]
                xh[c] = h
                y[c] = g[c] * h + b[c]
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
        gradientSum.fill(0)
        gradientDotNormalized.fill(0)
        let sumDy = gradientSum.data, sumDyXh = gradientDotNormalized.data
        for r in 0..<n {
            let dy = outputGradient.data + r * f, xh = normalized.data + r * f
            for c in 0..<f {
                sumDy[c] += dy[c]
                sumDyXh[c] += dy[c] * xh[c]
            }
        }
        if parameterGradients {
            scale.gradient.add(gradientDotNormalized)
            shift.gradient.add(gradientSum)
        }
        let g = scale.value.data, inv = inverseStandardDeviation.data
        if lastForwardWasTraining {
            let invN = 1 / Float(n)
            for r in 0..<n {
                let dy = outputGradient.data + r * f, xh = normalized.data + r * f, dx = inputGradient.data + r * f
                for c in 0..<f {
                    dx[c] = g[c] * inv[c] * (dy[c] - invN * sumDy[c] - xh[c] * invN * sumDyXh[c])
                }
            }
        } else {
            for r in 0..<n {
                let dy = outputGradient.data + r * f, dx = inputGradient.data + r * f
                for c in 0..<f { dx[c] = g[c] * inv[c] * dy[c] }
            }
        }
        return inputGradient
    }
}
