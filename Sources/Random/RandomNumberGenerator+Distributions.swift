#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RandomNumberGenerator {
    /// A uniform `Double` in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform `Float` in [0, 1) with 24 random bits.
    @inlinable
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * 0x1.0p-24
    }

    /// A uniform `Double` in (0, 1): never exactly zero, so its logarithm is finite.
    @inlinable
    public mutating func nextOpenUnitDouble() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// A standard normal variate (Box–Muller; uses two uniforms and returns one value so that the
    /// stream position does not depend on hidden cached state).
    @inlinable
    public mutating func nextStandardNormal() -> Double {
        let u1 = nextOpenUnitDouble()
        let u2 = nextUnitDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A uniform integer in `0..<upperBound` without modulo bias.
    @inlinable
    public mutating func nextIndex(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "upperBound must be positive")
        return Int(next(upperBound: UInt64(upperBound)))
    }

    /// Fills `buffer` with independent N(0, σ²) values (for network noise inputs, dropout-free
    /// sampling and the like; DP noise uses the `Double` overload).
    ///
    /// Marsaglia's polar method in `Float`: two uniforms from one 64-bit draw, one `logf` and one
    /// square root per pair, no trigonometry — several times cheaper than Box–Muller in `Double`,
    /// which matters because the generator's noise input is drawn every training step.
    @inlinable
    public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Float>, standardDeviation σ: Float) {
        var i = 0
        let n = buffer.count
        while i < n {
            var u: Float, v: Float, s: Float
            repeat {
                let bits = next()
                u = Float(bits >> 40) * 0x1.0p-23 - 1
                v = Float((bits >> 8) & 0xFF_FFFF) * 0x1.0p-23 - 1
                s = u * u + v * v
            } while s >= 1 || s == 0
            let factor = (-2 * logf(s) / s).squareRoot() * σ
            buffer[i] = u * factor
            if i + 1 < n { buffer[i + 1] = v * factor }
            i += 2
        }
    }

    /// Fills `buffer` with N(0, σ²) values computed in `Double` (for DP noise, where the added
    /// noise's distribution is what the accountant assumes).
    @inlinable
    public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Double>, standardDeviation σ: Double) {
        // Marsaglia's polar method: exact like Box–Muller, without its sine and cosine. u and v are
        // uniform on (−1, 1) with 53-bit resolution.
        var i = 0
        let n = buffer.count
        while i < n {
            var u: Double, v: Double, s: Double
            repeat {
                u = Double(next() >> 11) * 0x1.0p-52 - 1
                v = Double(next() >> 11) * 0x1.0p-52 - 1
                s = u * u + v * v
            } while s >= 1 || s == 0
            let factor = (-2 * log(s) / s).squareRoot() * σ
            buffer[i] = u * factor
            if i + 1 < n { buffer[i + 1] = v * factor }
            i += 2
        }
    }
}
