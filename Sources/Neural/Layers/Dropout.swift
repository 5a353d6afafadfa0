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
    /// The source of masks (one draw per forward pass seeds that pass's blocks); assign to replay or reseed.
    public var generator: SeededGenerator
    /// The last mask: 0 or 1/(1 − rate) per element (all ones in evaluation).
    public let mask = Matrix(rows: 0, columns: 0)
    /// The last forward result, a workspace owned by the layer (overwritten by the next forward).
    public let output = Matrix(rows: 0, columns: 0)
    /// The last backward result, ∂loss/∂input (overwritten by the next backward).
    public let inputGradient = Matrix(rows: 0, columns: 0)

    /// Elements of one mask block, each block from its own stream (a multiple of four: one draw
    /// decides four elements).
    public static let blockElements = 16_384

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
        let m = mask.data, x = input.data, y = output.data, n = input.count
        guard isTraining && rate > 0 else {
            mask.fill(1)
            output.copy(from: input)
            return output
        }
        // Each 64-bit draw decides four elements: an element is dropped iff its 16-bit quarter
        // is < rate·2¹⁶ (the rate is applied to 1/65536; CTGAN's 0.5 exactly). The four are chosen
        // with a vector compare and blend, not a branch each: at rate 0.5 a branch is mispredicted
        // every other element, which made dropout a fifth of a DP step (pac 1 drops ten times the
        // elements of a plain step). Blocks of ``blockElements`` elements are filled on any core
        // (``ComputePool/forEachSeededBlock(of:blockSize:seededBy:_:)``).
        let keep = 1 / (1 - rate), threshold = SIMD4<UInt32>(repeating: UInt32((Double(rate) * 0x1p16).rounded()))
        let shifts = SIMD4<UInt64>(0, 16, 32, 48)
        @inline(__always) func factors(_ bits: UInt64) -> SIMD4<Float> {
            let quarters = SIMD4<UInt32>(truncatingIfNeeded: (SIMD4(repeating: bits) &>> shifts) & 0xFFFF)
            return SIMD4<Float>(repeating: 0).replacing(with: keep, where: quarters .>= threshold)
        }
        ComputePool.shared.forEachSeededBlock(of: n, blockSize: Self.blockElements, seededBy: &generator) { block, rng in
            let whole = block.lowerBound + block.count / 4 * 4
            var i = block.lowerBound
            while i < whole {
                let f = factors(rng.next())
                UnsafeMutableRawPointer(m + i).storeBytes(of: f, as: SIMD4<Float>.self)
                let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD4<Float>.self)
                UnsafeMutableRawPointer(y + i).storeBytes(of: v * f, as: SIMD4<Float>.self)
                i += 4
            }
            if i < block.upperBound {
                let f = factors(rng.next())
                for j in i..<block.upperBound {
                    m[j] = f[j - i]
                    y[j] = x[j] * f[j - i]
                }
            }
        }
        return output
    }

    /// Back-propagates ∂loss/∂output through the last forward pass into ``inputGradient`` and returns it.
    @discardableResult
    public func backward(_ outputGradient: Matrix) -> Matrix {
        precondition(outputGradient.count == mask.count, "Dropout.backward: gradient shape differs from mask")
        inputGradient.resize(like: mask)
        let m = mask.data, dy = outputGradient.data, dx = inputGradient.data
        ComputePool.shared.forEachRange(of: mask.count, grain: ComputePool.elementGrain) { range in
            for i in range { dx[i] = dy[i] * m[i] }
        }
        return inputGradient
    }
}
