import Foundation
import Testing
import TestSupport

@Suite struct EvaluateCommandTests {
    @Test func aTableEvaluatedAgainstItselfIsPerfectAndAllCopies() throws {
        let outcome = try CLIRunner.run([
            "evaluate", "--real", "samples/profiles.csv", "--synthetic", "samples/profiles.csv",
            "--schema", "schemas/profiles.json", "--json", "--privacy-rows", "1000",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let quality = try #require(json["quality"] as? [String: Any])
        #expect(abs((quality["overall"] as? Double ?? 0) - 1) < 1e-12)
        let privacy = try #require(json["privacy"] as? [String: Any])
        #expect(privacy["exact_match_rate"] as? Double == 1)
    }

    @Test func writesTheHTMLReportAndPrintsASummary() throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("evaluate-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: report) }
        let shared = "Tests/Fixtures/"
        _ = try Fixture.url("reference/quality/SLID__ctgan.synthetic.csv")
        let outcome = try CLIRunner.run([
            "evaluate", "--real", shared + "data/SLID/train.csv", "--synthetic", shared + "reference/quality/SLID__ctgan.synthetic.csv",
            "--holdout", shared + "data/SLID/test.csv", "--schema", shared + "data/SLID/schema.json", "--target", "sex",
            "--report", report.path,
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // sdmetrics 0.32 scores this pair 0.8183 (Tests/Fixtures/reference/quality/sdmetrics_reference.json).
        #expect(outcome.stdout.hasPrefix("quality 0.818 "))
        #expect(outcome.stdout.contains("utility (sex): TSTR ROC-AUC"))
        #expect(outcome.stdout.contains("membership inference: ROC-AUC"))
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains("<h2>Column pair trends</h2>"))
    }

    @Test func aDPModelsAccountedGuaranteeStandsBesideTheAttack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evaluate-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("slid.pgan").path, synthetic = folder.appendingPathComponent("synthetic.csv").path
        let shared = try Fixture.relativePath("data/SLID") + "/"
        let fit = try CLIRunner.run([
            "fit", shared + "train.csv", "--schema", shared + "schema.json", "--output", model, "--epsilon", "3", "--epochs", "1",
            "--ledger", folder.appendingPathComponent("ledger.sqlite").path, "--seed", "5", "--quiet",
        ])
        try #require(fit.status == 0, "\(fit.stderr)")
        let generate = try CLIRunner.run(["generate", model, "--rows", "500", "-o", synthetic, "--seed", "1", "--quiet"])
        try #require(generate.status == 0, "\(generate.stderr)")
        let outcome = try CLIRunner.run([
            "evaluate", "--real", shared + "train.csv", "--synthetic", synthetic, "--holdout", shared + "test.csv",
            "--schema", shared + "schema.json", "--model", model, "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let accounted = try #require(json["accounted"] as? [String: Any])
        let epsilon = try #require(accounted["epsilon"] as? Double)
        #expect(epsilon > 0 && epsilon <= 3 + 1e-9)
        #expect(accounted["accountant"] as? String == "pld")
        // The attack's bound uses the model's δ.
        let mia = try #require((json["privacy"] as? [String: Any])?["mia"] as? [String: Any])
        #expect(mia["delta"] as? Double == accounted["delta"] as? Double)
    }

    @Test func argumentErrorsExitNonZeroWithAReason() throws {
        let base = ["evaluate", "--real", "samples/profiles.csv", "--synthetic", "samples/profiles.csv", "--schema", "schemas/profiles.json"]
        let noHoldout = try CLIRunner.run(base + ["--target", "premium"])
        #expect(noHoldout.status != 0)
        #expect(noHoldout.stderr.contains("--target needs --holdout"))
        let continuousTarget = try CLIRunner.run(base + ["--holdout", "samples/profiles.csv", "--target", "age"])
        #expect(continuousTarget.status != 0)
        #expect(continuousTarget.stderr.contains("must be categorical or boolean"))
        let missingFile = try CLIRunner.run(["evaluate", "--real", "nope.csv", "--synthetic", "samples/profiles.csv", "--schema", "schemas/profiles.json"])
        #expect(missingFile.status != 0)
        #expect(missingFile.stderr.contains("--real: no such file: nope.csv"))
    }
}
