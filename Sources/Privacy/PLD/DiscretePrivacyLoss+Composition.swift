#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One factor of a composition: a discrete PLD applied `times` times.
struct PrivacyLossFactor: Sendable {
    var loss: DiscretePrivacyLoss
    var times: Int
}

extension DiscretePrivacyLoss {
    /// The index range (relative to Σ times·lowerIndex) outside which the composed distribution
    /// has at most `tailMass` probability, from Chernoff bounds on each side (as dp_accounting
    /// does), intersected with the trivial range.
    static func composedIndexRange(_ factors: [PrivacyLossFactor], tailMass: Double) -> ClosedRange<Int> {
        let trivialUpper = factors.reduce(0) { $0 + $1.times * ($1.loss.probabilities.count - 1) }
        let longest = Double(factors.map { $0.loss.probabilities.count }.max() ?? 1)
        let modes = factors.map { f in f.loss.probabilities.indices.max { f.loss.probabilities[$0] < f.loss.probabilities[$1] } ?? 0 }
        let logTwoOverTail = log(2 / tailMass)

        // log E[e^{t·I}] of the composition (I = composed index), summed over factors. Powers of
        // e^t are built by repeated multiplication outwards from each factor's mode, which is
        // cheaper than one exp per grid point and cannot overflow for the t used here (|t|·n ≤ 128).
        func logMGF(_ t: Double) -> Double {
            var total = 0.0
            let up = exp(t), down = exp(-t)
            for (f, mode) in zip(factors, modes) {
                var sum = 0.0
                f.loss.probabilities.withUnsafeBufferPointer { buffer in
                    let p = buffer.baseAddress!
                    var power = 1.0
                    var i = mode
                    while i < buffer.count { sum += p[i] * power; power *= up; i += 1 }
                    power = down
                    i = mode - 1
                    while i >= 0 { sum += p[i] * power; power *= down; i -= 1 }
                }
                total += Double(f.times) * (log(sum) + t * Double(mode))
            }
            return total
        }
        func bound(_ t: Double) -> Double { (logMGF(t) + logTwoOverTail) / t }

        // The Chernoff bound (K(t) + log(2/τ))/t has a single minimum over t > 0 (its derivative's
        // numerator tK′ − K − c is increasing), so a golden-section search on log t finds it.
        func best(sign: Double) -> Double {
            func value(_ logT: Double) -> Double { sign * bound(sign * exp(logT) / longest) }
            var a = -16 * log(2.0), b = 7 * log(2.0)
            let ratio = (5.0.squareRoot() - 1) / 2
            var c = b - ratio * (b - a), d = a + ratio * (b - a)
            var fc = value(c), fd = value(d)
            for _ in 0..<14 {
                if fc < fd { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = value(c) }
                else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = value(d) }
            }
            // Any t gives a valid bound; the search only makes it tight.
            return sign * min(fc, fd)
        }
        let upper = min(trivialUpper, Int(best(sign: 1).rounded(.up)))
        let lower = max(0, min(upper, Int(best(sign: -1).rounded(.down))))
        return lower...upper
    }

    /// The PLD of the composition of all factors, computed exactly on the grid by one FFT per
    /// factor (power of the transform = repeated self-convolution) and one inverse FFT. Mass
    /// outside the Chernoff range (≤ `tailMass`) is charged to the infinity mass, as is the
    /// chance that any factor hits its own infinity mass. `range` is `composedIndexRange`'s
    /// answer when the caller has it already (its Chernoff search costs a few passes over every factor).
    static func compose(_ factors: [PrivacyLossFactor], range known: ClosedRange<Int>? = nil, tailMass: Double) -> DiscretePrivacyLoss {
        precondition(!factors.isEmpty)
        let interval = factors[0].loss.interval
        if factors.count == 1, factors[0].times == 1 { return factors[0].loss }
        let range = known ?? composedIndexRange(factors, tailMass: tailMass)
        var n = 4
        while n < range.count { n *= 2 }
        let fft = RealFFT(count: n)

        // The product of the factors' transforms, each raised to its power, kept in polar form.
        var logMagnitude = [Double](repeating: 0, count: n / 2 + 1)
        var angle = [Double](repeating: 0, count: n / 2 + 1)
        for f in factors {
            // Folding modulo n keeps the circular convolution exact modulo n.
            var folded = [Double](repeating: 0, count: n)
            f.loss.probabilities.withUnsafeBufferPointer { p in
                folded.withUnsafeMutableBufferPointer { out in
                    for i in 0..<p.count { out[i & (n - 1)] += p[i] }
                }
            }
            let spectrum = fft.forward(folded)
            let times = Double(f.times)
            spectrum.real.withUnsafeBufferPointer { re in
                spectrum.imaginary.withUnsafeBufferPointer { im in
                    logMagnitude.withUnsafeMutableBufferPointer { magnitude in
                        angle.withUnsafeMutableBufferPointer { phase in
                            for k in 0...(n / 2) {
                                magnitude[k] += times * 0.5 * log(re[k] * re[k] + im[k] * im[k])
                                phase[k] += (times * atan2(im[k], re[k])).truncatingRemainder(dividingBy: 2 * Double.pi)
                            }
                        }
                    }
                }
            }
        }
        var re = [Double](repeating: 0, count: n / 2 + 1), im = re
        re.withUnsafeMutableBufferPointer { re in
            im.withUnsafeMutableBufferPointer { im in
                for k in 0...(n / 2) {
                    let magnitude = exp(logMagnitude[k])
                    re[k] = magnitude * cos(angle[k])
                    im[k] = magnitude * sin(angle[k])
                }
            }
        }
        let circular = fft.inverse(real: re, imaginary: im)
        // FFT round-off leaves ±1e-17 noise; negative masses are dropped (pessimistic).
        let probabilities = [Double](unsafeUninitializedCapacity: range.count) { out, initialized in
            circular.withUnsafeBufferPointer { c in
                var j = 0
                for index in range {
                    out[j] = max(0, c[index & (n - 1)])
                    j += 1
                }
            }
            initialized = range.count
        }
        var finiteSurvival = 0.0  // log P(no factor lands on +∞)
        for f in factors { finiteSurvival += Double(f.times) * log1p(-f.loss.infinityMass) }
        let lowerIndex = factors.reduce(0) { $0 + $1.times * $1.loss.lowerIndex } + range.lowerBound
        return DiscretePrivacyLoss(
            interval: interval, lowerIndex: lowerIndex, probabilities: probabilities,
            infinityMass: min(1, tailMass - expm1(finiteSurvival)))
    }
}
