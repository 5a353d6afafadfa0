import ProfileGANPrivacy

/// What a DP fit of any model kind reports while and after it trains, from the plan alone.
extension PrivateTrainingPlan {
    /// The mechanisms that ran after `steps` DP-SGD steps: every release, then the steps made (a
    /// stopped fit spent only those).
    func mechanisms(afterSteps steps: Int) -> [PrivacyMechanism] {
        var mechanisms = releaseMechanisms
        if steps > 0 {
            mechanisms.append(.poissonGaussian(samplingRate: samplingRate, noiseMultiplier: noiseMultiplier,
                                               steps: steps, maxGradNorm: maxGradNorm))
        }
        return mechanisms
    }

    /// A bound on the ε spent after `steps` steps that costs microseconds, for progress lines (a PLD
    /// per epoch costs 0.5 s at σ = 1): ε never decreases with more steps, so the plan's ε for all
    /// steps bounds every intermediate value, and the RDP bound for the steps made is the tighter
    /// of the two early on. The model records its own accountant's figure for the steps made.
    func progressEpsilon(afterSteps steps: Int) -> Double {
        let bound = (try? RDPAccountant().epsilon(composing: mechanisms(afterSteps: steps), delta: delta)) ?? .infinity
        return min(bound, epsilon)
    }

    /// The model's privacy record after `steps` steps, composed by the plan's accountant.
    func record(afterSteps steps: Int, randomness: NoiseRandomness, publicInformation: String) throws -> PrivacyRecord {
        try PrivacyRecord(mechanisms: mechanisms(afterSteps: steps), delta: delta, accountant: accountant, randomness: randomness,
                          publicInformation: publicInformation, libraryVersion: ProfileGANVersion.string, known: knownEpsilons)
    }
}
