import ArgumentParser
import Foundation
import ProfileGAN

/// `profilegan accountant`: ε of a DP-SGD configuration, or the noise needed for a target ε.
struct AccountantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accountant",
        abstract: "Compute ε for DP-SGD settings, or the noise multiplier for a target ε, under both accountants.",
        discussion: """
            DP-SGD here is the Poisson-subsampled Gaussian mechanism: each of T steps samples every row \
            independently with probability q and adds Gaussian noise of standard deviation σ·C to the \
            clipped gradient sum. Neighbouring datasets differ by adding or removing one row.

            RDP: Rényi DP over dp_accounting's default orders, with the Balle et al. (2020) conversion.
            PLD: privacy-loss distribution (connect-the-dots, grid 1e-4), numerically tight.

            Examples:
              profilegan accountant --sampling-rate 0.01 --noise-multiplier 1.1 --steps 3000 --delta 1e-5
              profilegan accountant --sampling-rate 0.01 --epsilon 1 --steps 3000 --delta 1e-5 --json
            """)

    @Option(help: "Sampling rate q = expected batch size / rows, in (0, 1].")
    var samplingRate: Double

    @Option(help: "Noise multiplier σ (noise standard deviation / clipping norm). Give this or --epsilon.")
    var noiseMultiplier: Double?

    @Option(help: "Target ε: print the smallest σ that meets it under each accountant.")
    var epsilon: Double?

    @Option(help: "Number of noisy steps T.")
    var steps: Int

    @Option(help: "δ, in (0, 1); typically below 1/(10·rows).")
    var delta: Double

    @Flag(help: "Print JSON: {epsilon_rdp, epsilon_pld, optimal_order} or {noise_multiplier_rdp, noise_multiplier_pld}.")
    var json = false

    func validate() throws {
        guard samplingRate > 0, samplingRate <= 1 else {
            throw ValidationError("--sampling-rate must be in (0, 1], got \(samplingRate)")
        }
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
        guard delta > 0, delta < 1 else { throw ValidationError("--delta must be in (0, 1), got \(delta)") }
        switch (noiseMultiplier, epsilon) {
        case (nil, nil): throw ValidationError("give --noise-multiplier σ (to get ε) or --epsilon E (to get σ)")
        case (.some, .some): throw ValidationError("give only one of --noise-multiplier and --epsilon")
        case (.some(let sigma), nil):
            guard sigma > 0, sigma.isFinite else { throw ValidationError("--noise-multiplier must be positive, got \(sigma)") }
        case (nil, .some(let target)):
            guard target > 0, target.isFinite else { throw ValidationError("--epsilon must be positive, got \(target)") }
        }
    }

    func run() throws {
        if let sigma = noiseMultiplier {
            let report = try EpsilonReport(samplingRate: samplingRate, noiseMultiplier: sigma, steps: steps, delta: delta)
            if json { return try printJSON(report) }
            print("DP-SGD with q = \(samplingRate), σ = \(sigma), T = \(steps), δ = \(delta):")
            print("  RDP  ε = \(format(report.epsilonRDP))   (optimal Rényi order α = \(format(report.optimalOrder)))")
            print("  PLD  ε = \(format(report.epsilonPLD))")
        } else if let target = epsilon {
            let report = try CalibrationReport(targetEpsilon: target, samplingRate: samplingRate, steps: steps, delta: delta)
            if json { return try printJSON(report) }
            print("Smallest noise multiplier for ε ≤ \(target) at q = \(samplingRate), T = \(steps), δ = \(delta):")
            print("  RDP  σ = \(format(report.noiseMultiplierRDP))")
            print("  PLD  σ = \(format(report.noiseMultiplierPLD))")
        }
    }

    private func format(_ x: Double) -> String { String(format: "%.6g", x) }
}
