import ProfileGANRandom

/// Inverted dropout: in training each element is zeroed with probability `rate` and survivors are
/// scaled by 1/(1 − rate); in evaluation it is the identity.
///
/// The mask comes from the layer's own ``generator`` so a seed reproduces it; tests and the
/// gradient penalty replay a mask by restoring the generator before a forward pass.
public final class Dropout {
    /// Probability of zeroing an element in training (CTGAN: 0.5).
    public let rate: Float
    /// Whether forward passes drop (training) or pass through (evaluation).
    public var isTraining = true
    /// The source of masks; assign to replay or reseed.
    public var generator: SeededGenerator
    /// The last mask: 0 or 1/(1 − rate) per element (all ones in evaluation).
    public let mask = Matrix(rows: 0, columns: 0)
    /// The last forward result, a workspace owned by the layer (overwritten by the next forward).
    public let output = Matrix(rows: 0, columns: 0)
    /// The last backward result, ∂loss/∂input (overwritten by the next backward).
    public let inputGradient = Matrix(rows: 0, columns: 0)

    /// A dropout layer drawing its masks from `generator`.
    public init(rate: Float, generator: SeededGenerator) {
        precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1)")
        self.rate = rate
        self.generator = generator
    }

    /// Computes the output for `input` (rows = examples) into ``output`` and returns it.
    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        mask.resize(like: input)
        output.resize(like: input)
        let m = mask.data, n = input.count
        if isTraining && rate > 0 {
            // Each 64-bit draw decides four elements: an element is dropped iff its 16-bit quarter
            // is < rate·2¹⁶ (the rate is applied to 1/65536; CTGAN's 0.5 exactly).
            let keep = 1 / (1 - rate), threshold = UInt64((Double(rate) * 0x1p16).rounded())
            var i = 0
            while i < n {
                var bits = generator.next()
                for j in i..<min(i + 4, n) {
                    m[j] = bits & 0xFFFF < threshold ? 0 : keep
                    bits >>= 16
                }
                i += 4
            }
        } else {
            mask.fill(1)
        }
        let x = input.data, y = output.data
        for i in 0..<n { y[i] = x[i] * m[i] }
        return output
    }

    /// Back-propagates ∂loss/∂output through the last forward pass into ``inputGradient`` and returns it.
    @discardableResult
    public func backward(_ outputGradient: Matrix) -> Matrix {
        precondition(outputGradient.count == mask.count, "Dropout.backward: gradient shape differs from mask")
        inputGradient.resize(like: mask)
        let m = mask.data, dy = outputGradient.data, dx = inputGradient.data
        for i in 0..<mask.count { dx[i] = dy[i] * m[i] }
        return inputGradient
    }
}
