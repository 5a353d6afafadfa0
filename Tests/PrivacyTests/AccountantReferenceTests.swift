import Foundation
import Testing
@testable import ProfileGANPrivacy

/// ε against dp_accounting / Opacus reference values (Tests/Fixtures/reference, see ACCOUNTANT.md there).
@Suite struct AccountantReferenceTests {
    @Test func referenceFilesHaveAllRows() throws {
        #expect(try ReferenceData.accountantRows().count == ReferenceData.accountantRowCount)
        #expect(try ReferenceData.calibrationRows().count == ReferenceData.calibrationRowCount)
    }

    @Test(arguments: 0..<ReferenceData.accountantRowCount)
    func rdpMatchesReferenceWithinOnePercent(row index: Int) throws {
        let row = try ReferenceData.accountantRow(index)
        let g = try RDPAccountant().guarantee(
            composing: [.poissonGaussian(samplingRate: row.sampling_rate, noiseMultiplier: row.noise_multiplier, steps: row.steps)],
            delta: row.delta)
        #expect(abs(g.epsilon / row.epsilon_rdp - 1) < 0.01, "q=\(row.sampling_rate) σ=\(row.noise_multiplier) T=\(row.steps): \(g.epsilon) vs \(row.epsilon_rdp)")
        #expect(g.optimalOrder == row.optimal_order_rdp || abs(g.epsilon / row.epsilon_rdp - 1) < 1e-6)
    }

    @Test(arguments: 0..<ReferenceData.accountantRowCount)
    func pldMatchesReferenceWithinTwoPercent(row index: Int) throws {
        let row = try ReferenceData.accountantRow(index)
        let epsilon = try PLDAccountant().epsilon(
            samplingRate: row.sampling_rate, noiseMultiplier: row.noise_multiplier, steps: row.steps, delta: row.delta)
        #expect(abs(epsilon / row.epsilon_pld - 1) < 0.02, "q=\(row.sampling_rate) σ=\(row.noise_multiplier) T=\(row.steps): \(epsilon) vs \(row.epsilon_pld)")
    }
}
