/// A trainable tensor and its gradient, with a stable name for serialization.
///
/// Backward passes *accumulate* into ``gradient`` (so several losses, or several forward/backward
/// pairs, can contribute to one optimizer step); call ``zeroGradient()`` — or a network's
/// `zeroGradients()` — before each step.
public final class Parameter {
    /// Dotted path such as `discriminator.linear0.weight`; unique within a network.
    public let name: String
    /// The current values.
    public let value: Matrix
    /// ∂loss/∂value accumulated by backward passes.
    public let gradient: Matrix

    /// A parameter of the given shape, zero-initialized.
    public init(name: String, rows: Int, columns: Int) {
        self.name = name
        value = Matrix(rows: rows, columns: columns)
        gradient = Matrix(rows: rows, columns: columns)
    }

    /// Sets the gradient to zero.
    public func zeroGradient() { gradient.fill(0) }

    /// Fills the values uniformly in [-bound, bound].
    public func initializeUniform(bound: Float, using generator: inout some RandomNumberGenerator) {
        let p = value.data
        for i in 0..<value.count { p[i] = (2 * generator.nextUnitFloat() - 1) * bound }
    }
}
