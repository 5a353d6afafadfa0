/// Anything with trainable parameters and non-trainable state (BatchNorm running statistics):
/// layers, blocks and whole networks. Provides gradient zeroing and (de)serialization as a flat
/// list of ``NamedTensor``s.
public protocol NeuralModel: AnyObject {
    /// Trainable tensors with their gradients, in a fixed order.
    var parameters: [Parameter] { get }
    /// Non-trainable state that must be saved with the model (name, matrix), in a fixed order.
    var buffers: [(name: String, value: Matrix)] { get }
}

extension NeuralModel {
    /// No buffers by default.
    public var buffers: [(name: String, value: Matrix)] { [] }

    /// Total number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// Sets every parameter's gradient to zero.
    public func zeroGradients() { for p in parameters { p.zeroGradient() } }

    /// Parameters then buffers, as named tensors (what a model file stores).
    public func exportTensors() -> [NamedTensor] {
        parameters.map { NamedTensor(name: $0.name, matrix: $0.value) }
            + buffers.map { NamedTensor(name: $0.name, matrix: $0.value) }
    }

    /// Restores parameters and buffers from `tensors`, matched by name. Throws if one is missing,
    /// has another shape, or if `tensors` holds names this model lacks.
    public func importTensors(_ tensors: [NamedTensor]) throws(NeuralError) {
        var byName = [String: NamedTensor]()
        for t in tensors { byName[t.name] = t }
        let targets = parameters.map { ($0.name, $0.value) } + buffers.map { ($0.name, $0.value) }
        for (name, matrix) in targets {
            guard let t = byName.removeValue(forKey: name) else { throw .missingTensor(name: name) }
            let expected = [matrix.rows, matrix.columns]
            guard t.shape == expected else { throw .shapeMismatch(name: name, expected: expected, found: t.shape) }
            t.values.withUnsafeBufferPointer { matrix.data.update(from: $0.baseAddress!, count: matrix.count) }
        }
        if !byName.isEmpty { throw .unexpectedTensors(names: byName.keys.sorted()) }
    }
}
