#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The tables of the ziggurat method for the standard normal (Marsaglia & Tsang 2000, in the
/// formulation of Doornik 2005, "An improved ziggurat method to generate normal random samples"):
/// the area under the density is cut into 128 horizontal layers of equal area; layer `i` spans
/// `[0, edges[i]]`. A draw picks a layer and a uniform `u` in (−1, 1); `u·edges[i]` is accepted
/// outright when it falls in the part of the layer that lies under the curve everywhere
/// (`|u| < edges[i + 1] / edges[i]`, about 98.8% of draws), else it goes through the exact
/// wedge test or, for the bottom layer, a draw from the tail beyond `tailStart`.
@usableFromInline
enum NormalZiggurat {
    /// Where the bottom layer's tail begins (R for 128 layers).
    @usableFromInline static let tailStart = 3.442619855899
    /// The area of each layer (V for 128 layers).
    static let layerArea = 9.91256303526217e-3

    /// Layer `i`'s right edge, `i` in 0...128 (`edges[0]` = V/f(R) is the bottom layer's
    /// equivalent width, `edges[1]` = R, `edges[128]` = 0).
    @usableFromInline static let edges: [Double] = {
        var x = [Double](repeating: 0, count: 129)
        var f = exp(-0.5 * tailStart * tailStart)
        x[0] = layerArea / f
        x[1] = tailStart
        for i in 2..<128 {
            x[i] = (-2 * log(layerArea / x[i - 1] + f)).squareRoot()
            f = exp(-0.5 * x[i] * x[i])
        }
        return x
    }()

    /// The density's height at each edge, `exp(−edges[i]² / 2)`: layer i ≥ 1 spans heights
    /// `heights[i] ... heights[i + 1]`.
    @usableFromInline static let heights: [Double] = edges.map { exp(-0.5 * $0 * $0) }

    /// `edges` in Float, for the fast path.
    @usableFromInline static let floatEdges: [Float] = edges.map { Float($0) }

    /// `edges[i + 1] / edges[i]`: the share of layer `i` that lies under the curve at every height.
    @usableFromInline static let innerShares: [Float] = (0..<128).map { Float(edges[$0 + 1] / edges[$0]) }

    /// The exact test for a candidate `u` of layer `layer` that missed the inner part: a value, or
    /// nil when the candidate is rejected and a new one must be drawn.
    @inlinable
    static func outerDraw(layer: Int, u: Float, using rng: inout some RandomNumberGenerator) -> Float? {
        let edge = edges[layer]
        if layer == 0 {
            // The tail beyond R (Marsaglia's method): exact, by rejection from an exponential.
            var x: Double, y: Double
            repeat {
                x = log(rng.nextOpenUnitDouble()) / tailStart
                y = log(rng.nextOpenUnitDouble())
            } while -2 * y < x * x
            return Float(u < 0 ? x - tailStart : tailStart - x)
        }
        // The wedge between the layer's inner rectangle and the curve: accept with the density's
        // height relative to the layer's band.
        let x = Double(u) * edge
        let low = heights[layer], high = heights[layer + 1]
        return low + rng.nextUnitDouble() * (high - low) < exp(-0.5 * x * x) ? Float(x) : nil
    }
}

extension RandomNumberGenerator {
    /// Fills `buffer` with independent N(0, 1) values by the ziggurat method (see
    /// `NormalZiggurat`): one 64-bit draw yields two candidates (7 bits of layer and 25 of signed
    /// uniform each), nearly always both accepted with a table lookup and a multiply — several times
    /// cheaper than ``fillNormal(_:standardDeviation:)-(UnsafeMutableBufferPointer<Float>,_)``'s
    /// polar method, which matters when generating millions of rows (128 noise values each).
    ///
    /// A different sequence from the polar method for the same generator state, with the same law.
    @inlinable
    public mutating func fillStandardNormals(_ buffer: UnsafeMutableBufferPointer<Float>) {
        NormalZiggurat.floatEdges.withUnsafeBufferPointer { edges in
            NormalZiggurat.innerShares.withUnsafeBufferPointer { shares in
                var i = 0
                let n = buffer.count
                while i < n {
                    let bits = next()
                    buffer[i] = zigguratValue(UInt32(truncatingIfNeeded: bits), edges: edges, shares: shares)
                    if i + 1 < n {
                        buffer[i + 1] = zigguratValue(UInt32(truncatingIfNeeded: bits >> 32), edges: edges, shares: shares)
                    }
                    i += 2
                }
            }
        }
    }

    /// One normal value from a 32-bit candidate (low 7 bits: layer; high 25 bits: signed
    /// uniform), drawing fresh candidates while the exact test rejects.
    @inlinable @inline(__always)
    mutating func zigguratValue(_ candidate: UInt32, edges: UnsafeBufferPointer<Float>, shares: UnsafeBufferPointer<Float>) -> Float {
        var bits = candidate
        while true {
            let layer = Int(bits & 0x7F)
            let u = Float(Int32(bitPattern: bits) >> 7) * 0x1.0p-24
            if abs(u) < shares[layer] { return u * edges[layer] }
            if let value = NormalZiggurat.outerDraw(layer: layer, u: u, using: &self) { return value }
            bits = UInt32(truncatingIfNeeded: next())
        }
    }
}
