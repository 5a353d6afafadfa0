import ArgumentParser
import Foundation
import ProfileGAN

/// `profilegan bench accountant`: wall time of the RDP and PLD accountants and of noise
/// calibration for typical DP-SGD settings (q = 0.01, σ = 1, δ = 1e-5, T = 10³ … 10⁵).
struct AccountantBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accountant",
        abstract: "Time ε computation (RDP, PLD) and σ calibration for T = 10^3 … 10^5 steps.")

    @Option(help: "Sampling rate q.")
    var samplingRate = 0.01

    @Option(help: "Noise multiplier σ.")
    var noiseMultiplier = 1.0

    @Option(help: "δ.")
    var delta = 1e-5

    func run() throws {
        print("Privacy accountant, q = \(samplingRate), σ = \(noiseMultiplier), δ = \(delta)")
        print("steps      RDP ε     RDP s     PLD ε     PLD s")
        for steps in [1_000, 10_000, 100_000] {
            let (rdp, rdpTime) = try timed {
                try RDPAccountant().epsilon(samplingRate: samplingRate, noiseMultiplier: noiseMultiplier, steps: steps, delta: delta)
            }
            let (pld, pldTime) = try timed {
                try PLDAccountant().epsilon(samplingRate: samplingRate, noiseMultiplier: noiseMultiplier, steps: steps, delta: delta)
            }
            print(String(format: "%-9d  %-8.4f  %-8.3f  %-8.4f  %-8.3f", steps, rdp, rdpTime, pld, pldTime))
        }
        print("calibration to ε = 1 at T = 10000:")
        for kind in AccountantKind.allCases {
            let (sigma, seconds) = try timed {
                try NoiseCalibration.noiseMultiplier(
                    targetEpsilon: 1, samplingRate: samplingRate, steps: 10_000, delta: delta, accountant: kind.makeAccountant())
            }
            print(String(format: "  %@  σ = %.4f  in %.3f s", kind.rawValue.uppercased(), sigma, seconds))
        }
    }

    private func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = Date()
        let value = try body()
        return (value, Date().timeIntervalSince(start))
    }
}
