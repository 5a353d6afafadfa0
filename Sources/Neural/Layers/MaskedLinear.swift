/// A fully connected layer whose weight is multiplied by a fixed 0/1 mask, `y = x · (W ⊙ M)ᵀ + b`:
/// the building block of MADE (Germain et al., 2015), where the masks make output k depend only on
/// inputs before k.
///
/// The masked-out weights are kept (so the layer's tensors have the plain `Linear` shapes) but never
/// used and receive zero gradient, so an optimizer leaves them unchanged.
public final class MaskedLinear: NeuralModel {
    /// Columns of the input.
    public let inputSize: Int
    /// Columns of the output.
    public let outputSize: Int
    /// `outputSize × inputSize`.
    public let weight: Parameter
    /// `1 × outputSize`.
    public let bias: Parameter
    /// `outputSize × inputSize`, entries 0 or 1 (not trained, not saved: rebuilt from the layout).
    public let mask: Matrix
    /// The last forward result (`batch × outputSize`).
    public let output = Matrix(rows: 0, columns: 0)
    /// The last backward result ∂loss/∂input (`batch × inputSize`).
    public let inputGradient = Matrix(rows: 0, columns: 0)
    /// W ⊙ M, refreshed by each forward pass (the weights change between passes).
    private let maskedWeight: Matrix
    /// Scratch for ∂loss/∂W before masking.
    private let weightGradientScratch: Matrix
    /// The last forward pass's input (per-example clipping reads it).
    private(set) var input: Matrix?

    /// A layer initialized like `Linear` (uniform in ±1/√inputSize) with `mask[o][i]` telling whether
    /// output `o` may read input `i`.
    public init(inputSize: Int, outputSize: Int, mask allowed: (Int, Int) -> Bool, name: String,
                generator: inout some RandomNumberGenerator) {
        self.inputSize = inputSize
        self.outputSize = outputSize
        weight = Parameter(name: name + ".weight", rows: outputSize, columns: inputSize)
        bias = Parameter(name: name + ".bias", rows: 1, columns: outputSize)
        let bound = 1 / Float(max(inputSize, 1)).squareRoot()
        weight.initializeUniform(bound: bound, using: &generator)
        bias.initializeUniform(bound: bound, using: &generator)
        mask = Matrix(rows: outputSize, columns: inputSize) { o, i in allowed(o, i) ? 1 : 0 }
        maskedWeight = Matrix(rows: outputSize, columns: inputSize)
        weightGradientScratch = Matrix(rows: outputSize, columns: inputSize)
        parameters = [weight, bias]
    }

    /// Trainable tensors with their gradients, in a fixed order.
    public let parameters: [Parameter]

    /// `output = input · (W ⊙ M)ᵀ + b`.
    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        precondition(input.columns == inputSize, "MaskedLinear expects \(inputSize) input columns, got \(input.columns)")
        self.input = input
        let w = weight.value.data, m = mask.data, wm = maskedWeight.data
        for i in 0..<maskedWeight.count { wm[i] = w[i] * m[i] }
        output.resize(rows: input.rows, columns: outputSize)
        output.multiply(input, by: maskedWeight, transposingB: true, beta: 0)
        output.addToEveryRow(bias.value)
        return output
    }

    /// Accumulates ∂loss/∂W (masked) and ∂loss/∂b unless `parameterGradients` is false, and writes
    /// ∂loss/∂input to ``inputGradient`` (through W ⊙ M of the last forward pass).
    @discardableResult
    public func backward(_ outputGradient: Matrix, parameterGradients: Bool = true, inputGradients: Bool = true) -> Matrix {
        guard let input else { preconditionFailure("MaskedLinear.backward called before forward") }
        precondition(outputGradient.rows == input.rows && outputGradient.columns == outputSize, "output gradient shape")
        if parameterGradients {
            weightGradientScratch.multiply(outputGradient, by: input, transposingA: true, beta: 0)
            let g = weight.gradient.data, s = weightGradientScratch.data, m = mask.data
            for i in 0..<weightGradientScratch.count { g[i] += s[i] * m[i] }
            outputGradient.accumulateColumnSums(into: bias.gradient)
        }
        if inputGradients {
            inputGradient.resize(rows: input.rows, columns: inputSize)
            inputGradient.multiply(outputGradient, by: maskedWeight, beta: 0)
        }
        return inputGradient
    }
}
