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

    @Test func unreachableTargetIsRefused() {
        let heavy = PrivacyMechanism.gaussian(noiseMultiplier: 0.1, purpose: "too much")
        #expect(throws: PrivacyParameterError.self) {
            try NoiseCalibration.noiseMultiplier(
                targetEpsilon: 0.5, samplingRate: 0.01, steps: 100, delta: 1e-5, accountant: RDPAccountant(),
                alreadyCharged: [heavy])
        }
    }
}
