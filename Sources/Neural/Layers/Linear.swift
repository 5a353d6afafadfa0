/// A fully connected layer, `y = x · Wᵀ + b`, with `W` stored `outputSize × inputSize` (PyTorch's
/// layout, so the per-example gradient of `W` for example `i` is the outer product `δᵢ aᵢᵀ`).
///
/// `forward` keeps a reference to its input for `backward`; do not modify the input in between.
public final class Linear: NeuralModel {
    /// Columns of the input.
    public let inputSize: Int
    /// Columns of the output.
    public let outputSize: Int
    /// `outputSize × inputSize`.
    public let weight: Parameter
    /// `1 × outputSize`.
    public let bias: Parameter
    /// The last forward result (`batch × outputSize`), a workspace owned by the layer.
    public let output = Matrix(rows: 0, columns: 0)
    /// The last backward result ∂loss/∂input (`batch × inputSize`).
    public let inputGradient = Matrix(rows: 0, columns: 0)
    /// The input of the last forward pass.
    public private(set) var input: Matrix?

    /// A layer initialized like PyTorch's `nn.Linear`: weights and biases uniform in ±1/√inputSize.
    public init(inputSize: Int, outputSize: Int, name: String, generator: inout some RandomNumberGenerator) {
        self.inputSize = inputSize
        self.outputSize = outputSize
        weight = Parameter(name: name + ".weight", rows: outputSize, columns: inputSize)
        bias = Parameter(name: name + ".bias", rows: 1, columns: outputSize)
        let bound = 1 / Float(inputSize).squareRoot()
        weight.initializeUniform(bound: bound, using: &generator)
        bias.initializeUniform(bound: bound, using: &generator)
        parameters = [weight, bias]
    }

    /// Trainable tensors with their gradients, in a fixed order (the order of the model file).
    public let parameters: [Parameter]

    /// `output = input · Wᵀ + b`.
    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        precondition(input.columns == inputSize, "Linear expects \(inputSize) input columns, got \(input.columns)")
        self.input = input
        output.resize(rows: input.rows, columns: outputSize)
        output.multiply(input, by: weight.value, transposingB: true, beta: 0)
        output.addToEveryRow(bias.value)
        return output
    }

    /// Back-propagates `outputGradient` (∂loss/∂output). Accumulates ∂loss/∂W and ∂loss/∂b into the
    /// parameters' gradients when `parameterGradients` is true, and writes ∂loss/∂input to
    /// ``inputGradient`` when `inputGradients` is true (the first layer of a network can skip it).
    @discardableResult
    public func backward(_ outputGradient: Matrix, parameterGradients: Bool = true, inputGradients: Bool = true) -> Matrix {
        guard let input else { preconditionFailure("Linear.backward called before forward") }
        precondition(outputGradient.rows == input.rows && outputGradient.columns == outputSize, "output gradient shape")
        func accumulateParameterGradients() {
            weight.gradient.multiply(outputGradient, by: input, transposingA: true, beta: 1)
            outputGradient.accumulateColumnSums(into: bias.gradient)
        }
        func computeInputGradient() {
            inputGradient.multiply(outputGradient, by: weight.value, beta: 0)
        }
        if inputGradients { inputGradient.resize(rows: input.rows, columns: inputSize) }
        if parameterGradients && inputGradients {
            // Two products of the same size, one per core, each whole: no operand is packed twice
            // as it is when each product is split (inside a slice the pool is busy, so they run unsplit).
            ComputePool.shared.run(slices: 2) { slice in
                if slice == 0 { accumulateParameterGradients() } else { computeInputGradient() }
            }
        } else if parameterGradients {
            accumulateParameterGradients()
        } else if inputGradients {
            computeInputGradient()
        }
        return inputGradient
    }

    /// Accumulates Σᵢ wᵢ·δᵢaᵢᵀ into ∂W and Σᵢ wᵢ·δᵢ into ∂b — the clipped sum of per-example
    /// gradients — as one GEMM on a copy of δ whose rows are scaled by `rowWeights`.
    public func accumulateWeightedParameterGradients(
        _ outputGradient: Matrix, rowWeights: UnsafePointer<Float>, scratch: Matrix
    ) {
        guard let input else { preconditionFailure("Linear gradient requested before forward") }
        scratch.setRowsScaled(outputGradient, by: rowWeights)
        weight.gradient.multiply(scratch, by: input, transposingA: true, beta: 1)
        scratch.accumulateColumnSums(into: bias.gradient)
    }

    /// Adds each example's squared gradient norm for this layer, (‖aᵢ‖² + 1)·‖δᵢ‖² (weight plus bias),
    /// to `sums[i]` — the "ghost norm": exact because each example's weight gradient is rank one.
    public func accumulatePerExampleSquaredNorms(
        _ outputGradient: Matrix, into sums: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Float>
    ) {
        guard let input else { preconditionFailure("Linear gradient requested before forward") }
        let rows = input.rows
        input.rowSquaredNorms(into: scratch)
        outputGradient.rowSquaredNorms(into: scratch + rows)
        for i in 0..<rows { sums[i] += (Double(scratch[i]) + 1) * Double(scratch[rows + i]) }
    }
}
