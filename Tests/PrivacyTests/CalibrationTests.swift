import Testing
@testable import ProfileGANPrivacy

/// Noise calibration against Tests/Fixtures/reference/calibration.json, and its no-overshoot promise.
@Suite struct CalibrationTests {
    @Test(arguments: 0..<ReferenceData.calibrationRowCount)
    func rdpCalibrationMatchesReferenceAndNeverOvershoots(row index: Int) throws {
        let row = try ReferenceData.calibrationRow(index)
        try check(row, accountant: RDPAccountant(), expected: row.noise_multiplier_rdp, tolerance: 1e-3)
    }

    @Test(arguments: 0..<ReferenceData.calibrationRowCount)
    func pldCalibrationMatchesReferenceAndNeverOvershoots(row index: Int) throws {
        let row = try ReferenceData.calibrationRow(index)
        // A 5× coarser grid than the reference's 1e-4 keeps this debug-build test fast; it moves σ
        // by far less than the tolerance (connect-the-dots is accurate at coarse grids).
        try check(row, accountant: PLDAccountant(valueDiscretizationInterval: 5e-4), expected: row.noise_multiplier_pld, tolerance: 5e-3)
    }

    private func check(
        _ row: ReferenceData.CalibrationRow, accountant: any PrivacyAccountant, expected: Double, tolerance: Double
    ) throws {
        let sigma = try NoiseCalibration.noiseMultiplier(
            targetEpsilon: row.target_epsilon, samplingRate: row.sampling_rate, steps: row.steps,
            delta: row.delta, accountant: accountant)
        #expect(abs(sigma / expected - 1) < tolerance, "\(accountant.kind): \(sigma) vs \(expected)")
        let reached = try accountant.epsilon(samplingRate: row.sampling_rate, noiseMultiplier: sigma, steps: row.steps, delta: row.delta)
        #expect(reached <= row.target_epsilon)
    }

    @Test func calibrationAccountsForAlreadyChargedReleases() throws {
        let histogram = PrivacyMechanism.gaussian(noiseMultiplier: 20, count: 2, purpose: "category counts")
        let alone = try NoiseCalibration.noiseMultiplier(
            targetEpsilon: 1, samplingRate: 0.01, steps: 1000, delta: 1e-5, accountant: RDPAccountant())
        let withHistogram = try NoiseCalibration.noiseMultiplier(
            targetEpsilon: 1, samplingRate: 0.01, steps: 1000, delta: 1e-5, accountant: RDPAccountant(),
            alreadyCharged: [histogram])
        #expect(withHistogram > alone)
        let total = try RDPAccountant().epsilon(
            composing: [histogram, .poissonGaussian(samplingRate: 0.01, noiseMultiplier: withHistogram, steps: 1000)],
            delta: 1e-5)
        #expect(total <= 1)
    }

    /// A DP fit's shape at small σ (the coarse-then-fine search with its single fine step): the
    /// answer meets the target and is the smallest σ that does, to a fraction of a percent.
    @Test(arguments: [(62.0, 0.69), (14.5, 3.0), (3.0, 12.0)])
    func pldCalibrationWithChargedCountsIsTightAtSmallNoise(target: Double, marginalNoise: Double) throws {
        let steps = 180
        let counts: [PrivacyMechanism] = [
            .discreteGaussian(noiseMultiplier: 25, purpose: "row count"),
            .discreteGaussian(noiseMultiplier: marginalNoise, count: 15, purpose: "marginals"),
        ]
        let accountant = PLDAccountant()
        let sigma = try NoiseCalibration.noiseMultiplier(
            targetEpsilon: target, samplingRate: 0.157, steps: steps, delta: 3e-5, accountant: accountant, alreadyCharged: counts)
        func epsilon(_ sigma: Double) throws -> Double {
            try accountant.epsilon(composing: counts + [.poissonGaussian(samplingRate: 0.157, noiseMultiplier: sigma, steps: steps)], delta: 3e-5)
        }
        #expect(try epsilon(sigma) <= target)
        #expect(try epsilon(sigma * (1 - 2e-3)) > target, "σ = \(sigma) is not the smallest to 0.2%")
    }

    @Test func unreachableTargetIsRefused() {
        let heavy = PrivacyMechanism.gaussian(noiseMultiplier: 0.1, purpose: "too much")
        #expect(throws: PrivacyParameterError.self) {
            try NoiseCalibration.noiseMultiplier(
                targetEpsilon: 0.5, samplingRate: 0.01, steps: 100, delta: 1e-5, accountant: RDPAccountant(),
                alreadyCharged: [heavy])
        }
    }
}
