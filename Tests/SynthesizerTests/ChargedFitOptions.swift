import Foundation
import ProfileGANPrivacy
@testable import ProfileGANSynthesizer

extension Synthesizer.FitOptions {
    /// `options` with DP fits charged to a fresh ledger in a temporary folder.
    static func charged(_ options: Synthesizer.FitOptions = .init()) throws -> Synthesizer.FitOptions {
        var options = options
        options.ledger = try BudgetLedger(path: temporaryLedgerPath())
        return options
    }

    static func temporaryLedgerPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("profilegan-test-\(UUID().uuidString)/ledger.sqlite").path
    }
}
