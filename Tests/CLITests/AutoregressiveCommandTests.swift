import Foundation
import Testing
import TestSupport

/// `fit --model autoregressive` and `generate` on its model file, as a user runs them.
@Suite struct AutoregressiveCommandTests {
    let folder = TemporaryFolder()

    private func path(_ name: String) -> String { folder.url.appendingPathComponent(name).path }

    @Test func fitThenGenerateIsReproducibleValidAndConditioned() throws {
        let fit = try CLIRunner.run(["fit", "samples/profiles.csv", "--schema", "schemas/profiles.json", "-o", path("ar.pgan"),
                                     "--model", "autoregressive", "--epochs", "2", "--seed", "3", "--quiet"])
        #expect(fit.status == 0, "\(fit.stderr)")
        for name in ["a.csv", "b.csv"] {
            let generate = try CLIRunner.run(["generate", path("ar.pgan"), "--rows", "700", "--seed", "5", "-o", path(name), "--quiet"])
            #expect(generate.status == 0, "\(generate.stderr)")
        }
        #expect(folder.contents(path("a.csv")) == folder.contents(path("b.csv")))
        #expect(folder.contents(path("a.csv")).split(separator: "\n").count == 701)
        let validate = try CLIRunner.run(["validate", path("a.csv"), "--schema", "schemas/profiles.json"])
        #expect(validate.status == 0, "\(validate.stderr)")
        let conditioned = try CLIRunner.run(["generate", path("ar.pgan"), "--rows", "50", "--seed", "5", "--where", "country=DE", "-o", "-"])
        #expect(conditioned.status == 0, "\(conditioned.stderr)")
        let countries = conditioned.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[3] }
        #expect(countries.count == 50 && countries.allSatisfy { $0 == "DE" })
    }

    /// The GAN's batch rule (a multiple of --pac) is not this model's: any batch size ≥ 1 is taken.
    @Test func ownBatchSizeAndLearningRateAreAccepted() throws {
        let fit = try CLIRunner.run(["fit", "samples/profiles.csv", "--schema", "schemas/profiles.json", "-o", path("small.pgan"),
                                     "--model", "autoregressive", "--epochs", "1", "--batch-size", "64", "--learning-rate", "0.001", "--quiet"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let zero = try CLIRunner.run(["fit", "samples/profiles.csv", "--schema", "schemas/profiles.json", "-o", path("zero.pgan"),
                                      "--model", "autoregressive", "--batch-size", "0", "--quiet"])
        #expect(zero.status != 0 && zero.stderr.contains("batch size"))
        #expect(!FileManager.default.fileExists(atPath: path("zero.pgan")))
    }

    /// A DP fit of this kind: the plan is shown (never the exact row count), the ledger is charged,
    /// `audit` reads the model's record.
    @Test func differentialPrivacyIsChargedAndAudited() throws {
        let ledger = path("ledger.sqlite")
        let fit = try CLIRunner.run(["fit", "samples/profiles.csv", "--schema", "schemas/profiles.json", "-o", path("dp.pgan"),
                                     "--model", "autoregressive", "--epsilon", "1", "--epochs", "2", "--ledger", ledger, "--dataset-id", "profiles"])
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(fit.stderr.contains("DP-SGD:") && fit.stderr.contains("noisy count"))
        #expect(fit.stderr.contains("ε = 1") || fit.stderr.contains("ε = 0.99"), "\(fit.stderr)")
        #expect(!fit.stderr.contains("NLL"))
        let audit = try CLIRunner.run(["audit", path("dp.pgan"), "--json"])
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.contains("\"dp\" : true") || audit.stdout.contains("\"dp\":true"), "\(audit.stdout)")
        #expect(audit.stdout.contains("poisson"))
        let text = try CLIRunner.run(["audit", path("dp.pgan")])
        #expect(text.stdout.contains("(autoregressive)"))
        let ledgerAudit = try CLIRunner.run(["audit", "--ledger", ledger, "--dataset-id", "profiles", "--json"])
        #expect(ledgerAudit.status == 0 && ledgerAudit.stdout.contains("\"fits\""), "\(ledgerAudit.stderr)")
        let generate = try CLIRunner.run(["generate", path("dp.pgan"), "--rows", "200", "--seed", "1", "-o", path("dp.csv"), "--quiet"])
        #expect(generate.status == 0, "\(generate.stderr)")

        // --preprocess-epsilon buys the histograms the token bins are cut from.
        let histograms = try CLIRunner.run(["fit", "samples/profiles.csv", "--schema", "schemas/profiles.json", "-o", path("hist.pgan"),
                                            "--model", "autoregressive", "--epsilon", "1", "--preprocess-epsilon", "0.3", "--epochs", "1",
                                            "--ledger", path("other.sqlite")])
        #expect(histograms.status == 0, "\(histograms.stderr)")
        #expect(histograms.stderr.contains("token bins of about equal mass"))

        // --marginal-pairs-with releases the named column's pairs (the sample has too many for auto).
        let pairs = try CLIRunner.run(["fit", "samples/profiles.csv", "--schema", "schemas/profiles.json", "-o", path("pairs.pgan"),
                                       "--model", "autoregressive", "--epsilon", "1", "--epochs", "1", "--marginal-pairs-with", "premium",
                                       "--ledger", path("pairs.sqlite")])
        #expect(pairs.status == 0, "\(pairs.stderr)")
        #expect(histograms.stderr.contains("and 0 two-way tables"), "\(histograms.stderr)")
        let tokenColumns = try #require(pairs.stderr.firstMatch(of: /(\d+) token marginals and (\d+) two-way tables/), "\(pairs.stderr)")
        #expect(Int(tokenColumns.2) == Int(tokenColumns.1)! - 1)
        for (flags, message) in [(["--epsilon", "1", "--marginal-pairs-with", "user_id"], "user_id has no one-way marginal"),
                                 (["--epsilon", "1", "--marginal-pairs-with", "nope"], "the schema has no column nope"),
                                 (["--marginal-pairs-with", "premium"], "--marginal-pairs-with applies only to a DP fit")] {
            let refused = try CLIRunner.run(["fit", "samples/profiles.csv", "--schema", "schemas/profiles.json", "-o", path("refused.pgan"),
                                             "--model", "autoregressive", "--epochs", "1", "--ledger", path("refused.sqlite")] + flags)
            #expect(refused.status != 0 && refused.stderr.contains(message), "\(flags): \(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: path("refused.pgan")))
        }
    }
}
