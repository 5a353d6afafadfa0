/// A named, shaped block of `Float`s: the unit a model file stores (safetensors-style: name,
/// shape, little-endian row-major data).
public struct NamedTensor: Equatable, Sendable {
    /// Dotted path, e.g. `generator.residual0.batchNorm.runningMean`.
    public var name: String
    /// Dimensions, outermost first (`[rows, columns]` for every tensor this module produces).
    public var shape: [Int]
    /// Row-major elements; `values.count == shape.reduce(1, *)`.
    public var values: [Float]

    /// A tensor; `values.count` must equal the product of `shape`.
    public init(name: String, shape: [Int], values: [Float]) {
        precondition(values.count == shape.reduce(1, *), "tensor \(name): \(values.count) values for shape \(shape)")
        self.name = name
        self.shape = shape
        self.values = values
    }

    /// A snapshot of `matrix` under `name`.
    public init(name: String, matrix: Matrix) {
        self.init(name: name, shape: [matrix.rows, matrix.columns], values: matrix.values)
    }
}

/// Errors raised when restoring a model's tensors.
public enum NeuralError: Error, Equatable, CustomStringConvertible {
    /// The stored tensors lack one the model needs.
    case missingTensor(name: String)
    /// A stored tensor's shape differs from the model's.
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    /// The stored tensors contain names the model does not have (likely a different architecture).
    case unexpectedTensors(names: [String])

    /// A message naming the tensor and what is wrong.
    public var description: String {
        switch self {
        case .missingTensor(let name): "model file has no tensor named \(name)"
        case .shapeMismatch(let name, let expected, let found):
            "tensor \(name) has shape \(found), the network expects \(expected)"
        case .unexpectedTensors(let names): "model file has tensors this network does not: \(names.joined(separator: ", "))"
        }
    }
}
