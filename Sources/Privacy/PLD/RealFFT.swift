#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A radix-2 FFT for real sequences of power-of-two length n, computed with one complex FFT of
/// length n/2. The spectrum is stored as n/2 + 1 complex values (the rest is conjugate-symmetric).
///
/// Written for the PLD accountant, where the pmf of a T-fold composition is the inverse transform
/// of the T-th power of the pmf's transform.
struct RealFFT {
    let count: Int
    private let half: Int
    private let tables: Tables
    private var twiddleReal: [Double] { tables.twiddleReal }  // e^{-2πik/n}, k < n/2
    private var twiddleImaginary: [Double] { tables.twiddleImaginary }
    private var bitReversed: [Int] { tables.bitReversed }

    /// The twiddle factors and bit-reversal permutation of one length: a million sines and
    /// cosines at the accountant's largest grids, and every PLD evaluation transforms at one of a
    /// few lengths, so they are computed once per process.
    private final class Tables: Sendable {
        let twiddleReal: [Double], twiddleImaginary: [Double]
        let bitReversed: [Int]

        init(count: Int) {
            let n = count / 2, step = -2 * Double.pi / Double(count)
            twiddleReal = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
                for k in 0..<n { buffer[k] = cos(step * Double(k)) }
                initialized = n
            }
            twiddleImaginary = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
                for k in 0..<n { buffer[k] = sin(step * Double(k)) }
                initialized = n
            }
            // rev(i) from rev(i/2): shift right and put i's lowest bit on top.
            let top = n.trailingZeroBitCount - 1
            bitReversed = [Int](unsafeUninitializedCapacity: n) { buffer, initialized in
                buffer[0] = 0
                for i in 1..<n { buffer[i] = (buffer[i >> 1] >> 1) | ((i & 1) << top) }
                initialized = n
            }
        }
    }

    private static let known = Mutex<[Int: Tables]>([:])

    init(count: Int) {
        precondition(count >= 4 && count & (count - 1) == 0, "FFT length must be a power of two ≥ 4")
        self.count = count
        half = count / 2
        if let tables = Self.known.withLock({ $0[count] }) {
            self.tables = tables
        } else {
            let tables = Tables(count: count)
            Self.known.withLock { known in
                if known.count >= 6 { known.removeAll() }
                known[count] = tables
            }
            self.tables = tables
        }
    }

    /// The spectrum X[k] = Σ x[j] e^{−2πijk/n}, k = 0 … n/2, of a real sequence of length n.
    func forward(_ x: [Double]) -> (real: [Double], imaginary: [Double]) {
        precondition(x.count == count)
        var zr = [Double](repeating: 0, count: half), zi = [Double](repeating: 0, count: half)
        x.withUnsafeBufferPointer { x in
            zr.withUnsafeMutableBufferPointer { zr in
                zi.withUnsafeMutableBufferPointer { zi in
                    for k in 0..<half { zr[k] = x[2 * k]; zi[k] = x[2 * k + 1] }
                }
            }
        }
        complexTransform(&zr, &zi, inverse: false)
        var xr = [Double](repeating: 0, count: half + 1), xi = [Double](repeating: 0, count: half + 1)
        withPointers(zr, zi, &xr, &xi) { zr, zi, xr, xi, tr, ti in
            for k in 0...half {
                let a = k == half ? 0 : k, b = k == 0 ? 0 : half - k
                // Even-index and odd-index sub-spectra recovered from the packed transform.
                let er = (zr[a] + zr[b]) / 2, ei = (zi[a] - zi[b]) / 2
                let or = (zi[a] + zi[b]) / 2, oi = -(zr[a] - zr[b]) / 2
                let wr = k == half ? -1 : tr[k], wi = k == half ? 0 : ti[k]
                xr[k] = er + wr * or - wi * oi
                xi[k] = ei + wr * oi + wi * or
            }
        }
        return (xr, xi)
    }

    /// The real sequence whose spectrum (k = 0 … n/2) is given; inverse of ``forward(_:)``.
    func inverse(real xr: [Double], imaginary xi: [Double]) -> [Double] {
        precondition(xr.count == half + 1 && xi.count == half + 1)
        var zr = [Double](repeating: 0, count: half), zi = [Double](repeating: 0, count: half)
        withPointers(xr, xi, &zr, &zi) { xr, xi, zr, zi, tr, ti in
            for k in 0..<half {
                let b = half - k
                let er = (xr[k] + xr[b]) / 2, ei = (xi[k] - xi[b]) / 2
                let dr = (xr[k] - xr[b]) / 2, di = (xi[k] + xi[b]) / 2
                // O[k] = (X[k] − conj X[n/2−k]) · e^{+2πik/n} / 2
                let wr = tr[k], wi = ti[k]
                let or = dr * wr + di * wi, oi = di * wr - dr * wi
                zr[k] = er - oi
                zi[k] = ei + or
            }
        }
        complexTransform(&zr, &zi, inverse: true)
        let scale = 1 / Double(half)
        return [Double](unsafeUninitializedCapacity: count) { x, initialized in
            for k in 0..<half { x[2 * k] = zr[k] * scale; x[2 * k + 1] = zi[k] * scale }
            initialized = count
        }
    }

    /// Runs `body` with raw pointers to two inputs, two outputs and the twiddle tables (raw
    /// pointers keep debug builds, which the test suite uses, close to release speed).
    private func withPointers(
        _ inReal: [Double], _ inImaginary: [Double], _ outReal: inout [Double], _ outImaginary: inout [Double],
        _ body: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>,
                 UnsafePointer<Double>, UnsafePointer<Double>) -> Void
    ) {
        inReal.withUnsafeBufferPointer { a in
            inImaginary.withUnsafeBufferPointer { b in
                outReal.withUnsafeMutableBufferPointer { c in
                    outImaginary.withUnsafeMutableBufferPointer { d in
                        twiddleReal.withUnsafeBufferPointer { tr in
                            twiddleImaginary.withUnsafeBufferPointer { ti in
                                body(a.baseAddress!, b.baseAddress!, c.baseAddress!, d.baseAddress!, tr.baseAddress!, ti.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
    }

    /// In-place iterative radix-2 complex FFT of length n/2 (unnormalized). Raw pointers and
    /// while-loops keep debug builds (which the test suite uses) within a few times release speed.
    private func complexTransform(_ re: inout [Double], _ im: inout [Double], inverse: Bool) {
        let n = half
        let sign: Double = inverse ? -1 : 1
        re.withUnsafeMutableBufferPointer { rBuffer in
            im.withUnsafeMutableBufferPointer { iBuffer in
                bitReversed.withUnsafeBufferPointer { revBuffer in
                    twiddleReal.withUnsafeBufferPointer { trBuffer in
                        twiddleImaginary.withUnsafeBufferPointer { tiBuffer in
                            let r = rBuffer.baseAddress!, i = iBuffer.baseAddress!, rev = revBuffer.baseAddress!
                            let tr = trBuffer.baseAddress!, ti = tiBuffer.baseAddress!
                            var k = 0
                            while k < n {
                                let j = rev[k]
                                if k < j {
                                    let tre = r[k]; r[k] = r[j]; r[j] = tre
                                    let tim = i[k]; i[k] = i[j]; i[j] = tim
                                }
                                k += 1
                            }
                            var length = 2
                            while length <= n {
                                let halfLength = length / 2
                                // Twiddles of the length-n/2 transform are every second entry of the table.
                                let stride = 2 * (n / length)
                                var start = 0
                                while start < n {
                                    var t = 0
                                    var j = start
                                    let end = start + halfLength
                                    while j < end {
                                        let wr = tr[t], wi = sign * ti[t]
                                        let m = j + halfLength
                                        let xr = r[m] * wr - i[m] * wi
                                        let xi = r[m] * wi + i[m] * wr
                                        r[m] = r[j] - xr
                                        i[m] = i[j] - xi
                                        r[j] += xr
                                        i[j] += xi
                                        t += stride
                                        j += 1
                                    }
                                    start += length
                                }
                                length *= 2
                            }
                        }
                    }
                }
            }
        }
    }
}
