import Foundation
import Testing
@testable import ProfileGANPrivacy

/// Properties every accountant must have, independent of reference values.
@Suite struct AccountantPropertyTests {
    static let accountants: [any PrivacyAccountant] = [RDPAccountant(), PLDAccountant()]

    @Test(arguments: [AccountantKind.rdp, .pld])
    func epsilonIsMonotoneInNoiseStepsRateAndDelta(kind: AccountantKind) throws {
        let a = kind.makeAccountant()
        let base = try a.epsilon(samplingRate: 0.01, noiseMultiplier: 1, steps: 500, delta: 1e-5)
        #expect(try a.epsilon(samplingRate: 0.01, noiseMultiplier: 1.2, steps: 500, delta: 1e-5) < base)
        #expect(try a.epsilon(samplingRate: 0.01, noiseMultiplier: 1, steps: 1000, delta: 1e-5) > base)
        #expect(try a.epsilon(samplingRate: 0.02, noiseMultiplier: 1, steps: 500, delta: 1e-5) > base)
        #expect(try a.epsilon(samplingRate: 0.01, noiseMultiplier: 1, steps: 500, delta: 1e-4) < base)
    }

    @Test func pldIsNeverLooserThanRDP() throws {
        for (q, sigma, steps) in [(0.01, 0.8, 1000), (0.1, 2.0, 100), (0.004, 1.5, 5000)] {
            let rdp = try RDPAccountant().epsilon(samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: 1e-5)
            let pld = try PLDAccountant().epsilon(samplingRate: q, noiseMultiplier: sigma, steps: steps, delta: 1e-5)
            #expect(pld <= rdp)
            #expect(pld > 0.7 * rdp)
        }
    }

    @Test func heterogeneousCompositionLiesBetweenItsPartsAndTheirSum() throws {
        let sgd = PrivacyMechanism.poissonGaussian(samplingRate: 0.01, noiseMultiplier: 1.1, steps: 2000)
        let histogram = PrivacyMechanism.gaussian(noiseMultiplier: 10, count: 3, purpose: "histograms")
        for a in Self.accountants {
            let e1 = try a.epsilon(composing: [sgd], delta: 1e-5)
            let e2 = try a.epsilon(composing: [histogram], delta: 1e-5)
            let both = try a.epsilon(composing: [sgd, histogram], delta: 1e-5)
            #expect(both > max(e1, e2))
            #expect(both < e1 + e2)
        }
    }

    @Test func splittingARunIntoTwoMechanismsDoesNotChangeEpsilon() throws {
        let whole = PrivacyMechanism.poissonGaussian(samplingRate: 0.02, noiseMultiplier: 1.2, steps: 1000)
        let half = PrivacyMechanism.poissonGaussian(samplingRate: 0.02, noiseMultiplier: 1.2, steps: 500)
        for a in Self.accountants {
            let one = try a.epsilon(composing: [whole], delta: 1e-5)
            let two = try a.epsilon(composing: [half, half], delta: 1e-5)
            #expect(abs(two / one - 1) < 1e-6, "\(a.kind): \(one) vs \(two)")
        }
    }

    /// The PLD accountant composes each distinct loss once, raised to its total count: repeats of a
    /// release merge, plain Gaussians fold into one, and subsampled steps at one (q, σ) add up.
    @Test func repeatedLossesMergeIntoOneFactorEach() throws {
        let factors = PLDAccountant.distinctFactors([
            .discreteGaussian(noiseMultiplier: 0.8, count: 3, purpose: "marginals"),
            .poissonGaussian(samplingRate: 0.1, noiseMultiplier: 1.2, steps: 100),
            .discreteGaussian(noiseMultiplier: 25, purpose: "row count"),
            .discreteGaussian(noiseMultiplier: 0.8, count: 2, purpose: "pairs"),
            .gaussian(noiseMultiplier: 2, count: 4, purpose: "old histograms"),
            .poissonGaussian(samplingRate: 0.1, noiseMultiplier: 1.2, steps: 50),
            .poissonGaussian(samplingRate: 0.2, noiseMultiplier: 1.2, steps: 10),
            .gaussian(noiseMultiplier: 1, purpose: "old counts"),
        ])
        #expect(factors.map(\.kind) == [
            .discreteGaussian(sigma: 0.8), .subsampledGaussian(samplingRate: 0.1, sigma: 1.2), .discreteGaussian(sigma: 25),
            .subsampledGaussian(samplingRate: 0.2, sigma: 1.2), .gaussian(sigma: 1 / 2.0.squareRoot()),
        ])
        #expect(factors.map(\.times) == [5, 150, 1, 10, 1])
        // Steps split across two records compose like one run of all of them.
        let pld = PLDAccountant(valueDiscretizationInterval: 5e-4)
        let split = try pld.epsilon(composing: [.poissonGaussian(samplingRate: 0.1, noiseMultiplier: 1.2, steps: 100),
                                                .poissonGaussian(samplingRate: 0.1, noiseMultiplier: 1.2, steps: 50)], delta: 1e-5)
        let whole = try pld.epsilon(samplingRate: 0.1, noiseMultiplier: 1.2, steps: 150, delta: 1e-5)
        #expect(abs(split / whole - 1) < 1e-9)
    }

    @Test func gaussianReleasesAreExactUnderPLDAndMatchRDPOrder() throws {
        // σ = 2 for 4 releases equals one release at σ = 1; RDP is α/(2σ²) per release.
        let four = PrivacyMechanism.gaussian(noiseMultiplier: 2, count: 4, purpose: "")
        let one = PrivacyMechanism.gaussian(noiseMultiplier: 1, purpose: "")
        #expect(try PLDAccountant().epsilon(composing: [four], delta: 1e-5) == PLDAccountant().epsilon(composing: [one], delta: 1e-5))
        let rdp = try RDPAccountant().renyiDivergences(composing: [four])
        #expect(zip(RDPAccountant.defaultOrders, rdp).allSatisfy { abs($1 - $0 / 2) < 1e-12 })
        // Analytic Gaussian: δ at the returned ε is at (or just below) the target.
        let epsilon = AnalyticGaussian.epsilon(delta: 1e-5, noiseMultiplier: 1)
        #expect(AnalyticGaussian.delta(epsilon: epsilon, noiseMultiplier: 1) <= 1e-5)
        #expect(AnalyticGaussian.delta(epsilon: epsilon * 0.999, noiseMultiplier: 1) > 1e-5)
    }

    @Test func opacusVectors() throws {
        // From reference/ACCOUNTANT.md: σ = 1.5, q = 0.04, δ = 1e-5.
        let opacusRDP = try RDPAccountant(orders: RDPAccountant.opacusOrders)
            .epsilon(samplingRate: 0.04, noiseMultiplier: 1.5, steps: 2250, delta: 1e-5)
        #expect(abs(opacusRDP - 7.32911117143) < 1e-6)
        // Opacus' PRV accountant is tight too; PLD agrees within 2%.
        let pld = try PLDAccountant().epsilon(samplingRate: 0.04, noiseMultiplier: 1.5, steps: 2249, delta: 1e-5)
        #expect(abs(pld / 6.777395712150674 - 1) < 0.02)
    }

    @Test func invalidParametersAreRefused() {
        for a in Self.accountants {
            #expect(throws: PrivacyParameterError.self) { try a.epsilon(samplingRate: 0, noiseMultiplier: 1, steps: 1, delta: 1e-5) }
            #expect(throws: PrivacyParameterError.self) { try a.epsilon(samplingRate: 1.1, noiseMultiplier: 1, steps: 1, delta: 1e-5) }
            #expect(throws: PrivacyParameterError.self) { try a.epsilon(samplingRate: 0.1, noiseMultiplier: 0, steps: 1, delta: 1e-5) }
            #expect(throws: PrivacyParameterError.self) { try a.epsilon(samplingRate: 0.1, noiseMultiplier: 1, steps: 0, delta: 1e-5) }
            #expect(throws: PrivacyParameterError.self) { try a.epsilon(samplingRate: 0.1, noiseMultiplier: 1, steps: 1, delta: 1) }
            #expect(throws: PrivacyParameterError.self) { try a.epsilon(samplingRate: 0.1, noiseMultiplier: 1, steps: 1, delta: 0) }
            #expect((try? a.epsilon(composing: [], delta: 1e-5)) == 0)
        }
    }

    @Test func fftRoundTripsAndConvolves() {
        let fft = RealFFT(count: 16)
        let x = (0..<16).map { Double($0 % 5) - 1.5 }
        let spectrum = fft.forward(x)
        let back = fft.inverse(real: spectrum.real, imaginary: spectrum.imaginary)
        #expect(zip(x, back).allSatisfy { abs($0 - $1) < 1e-12 })
        // DC term is the sum; Nyquist term the alternating sum.
        #expect(abs(spectrum.real[0] - x.reduce(0, +)) < 1e-12)
        #expect(abs(spectrum.real[8] - x.enumerated().reduce(0) { $0 + ($1.offset % 2 == 0 ? $1.element : -$1.element) }) < 1e-12)
    }
}
