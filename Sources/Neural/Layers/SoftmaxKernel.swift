#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProfileGANRandom

/// Row-wise softmax over a column range, shared by ``Softmax``, ``GumbelSoftmax`` and
/// ``SegmentedActivation``: `y = softmax((x + g)/τ)` with optional Gumbel noise `g`.
enum SoftmaxKernel {
    /// Writes the soft result to `soft` and, when `hard`, the one-hot of its arg-max to `output`
    /// (otherwise `output` gets the soft values too). `soft` and `output` may be the same matrix
    /// only when `hard` is false. Only `rows` (all by default) are computed.
    static func forward(
        input: Matrix, columns range: Range<Int>, temperature τ: Float,
        gumbel generator: UnsafeMutablePointer<SeededGenerator>?, hard: Bool,
        soft: Matrix, output: Matrix, rows: Range<Int>? = nil
    ) {
        let invT = 1 / τ
        for r in rows ?? 0..<input.rows {
            let x = input.data + r * input.columns, s = soft.data + r * soft.columns
            var largest = -Float.infinity
            for c in range {
                var z = x[c]
                if let generator { z += gumbelNoise(bits: generator.pointee.next()) }
                z *= invT
                s[c] = z
                largest = max(largest, z)
            }
            var total: Float = 0
            for c in range {
                let e = expf(s[c] - largest)
                s[c] = e
                total += e
            }
            let invTotal = 1 / total
            var best = range.lowerBound
            for c in range {
                s[c] *= invTotal
                if s[c] > s[best] { best = c }
            }
            let y = output.data + r * output.columns
            if hard {
                for c in range { y[c] = c == best ? 1 : 0 }
            } else if y != s {
                for c in range { y[c] = s[c] }
            }
        }
    }

    /// A Gumbel(0, 1) variate −log(−log U) from 64 random bits. U = (k + ½)·2⁻²³ for a 23-bit k lies
    /// strictly inside (0, 1) *in Float* (with 24 bits, k + ½ would round up to 2²⁴ and give U = 1,
    /// an infinite variate), so the result is always finite. Float logarithms are plenty for noise
    /// and much cheaper than Double ones.
    @inline(__always)
    static func gumbelNoise(bits: UInt64) -> Float {
        let u = (Float(bits >> 41) + 0.5) * 0x1.0p-23
        return -logf(-logf(u))
    }

    /// `dx = (1/τ)·y ⊙ (dy − ⟨dy, y⟩)` on the column range, from the soft values `y` (hard
    /// samples use this straight-through gradient of their soft relaxation).
    static func backward(
        soft: Matrix, outputGradient: Matrix, columns range: Range<Int>, temperature τ: Float, inputGradient: Matrix,
        rows: Range<Int>? = nil
    ) {
        let invT = 1 / τ
        for r in rows ?? 0..<soft.rows {
            let y = soft.data + r * soft.columns
            let dy = outputGradient.data + r * outputGradient.columns
            let dx = inputGradient.data + r * inputGradient.columns
            var dot: Float = 0
            for c in range { dot += dy[c] * y[c] }
            for c in range { dx[c] = invT * y[c] * (dy[c] - dot) }
        }
    }
}
