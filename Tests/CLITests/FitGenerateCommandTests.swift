import Foundation
import Testing
import TestSupport

/// `profilegan fit`, `generate` and `audit` as a user runs them: outputs, reproducibility, and
/// clear errors with nothing half-written.
@Suite struct FitGenerateCommandTests {
    let folder = TemporaryFolder()

    private func path(_ name: String) -> String { folder.url.appendingPathComponent(name).path }

    private let quickFit = ["--epochs", "1", "--batch-size", "500", "--generator-dimensions", "32,32",
                            "--discriminator-dimensions", "32,32", "--noise-dimension", "16", "--quiet"]

    @Test func fitThenGenerateIsReproducibleAndValid() throws {
        let fit = try CLIRunner.run(["fit", "samples/profiles.csv", "--schema", "schemas/profiles.json", "-o", path("m.pgan"), "--seed", "3"] + quickFit)
        #expect(fit.status == 0, "\(fit.stderr)")
        for name in ["a.csv", "b.csv"] {
            let generate = try CLIRunner.run(["generate", path("m.pgan"), "--rows", "700", "--seed", "5", "-o", path(name), "--quiet"])
            #expect(generate.status == 0, "\(generate.stderr)")
        }
        #expect(folder.contents(path("a.csv")) == folder.contents(path("b.csv")))
        let lines = folder.contents(path("a.csv")).split(separator: "\n")
        #expect(lines.count == 701)
        #expect(lines.first == "user_id,age,gender,country,interests,premium")
        let validate = try CLIRunner.run(["validate", path("a.csv"), "--schema", "schemas/profiles.json"])
        #expect(validate.status == 0, "\(validate.stderr)")

        // Shards: parts concatenate to the whole job's row count with contiguous ids.
        var ids: [String] = []
        for k in 1...2 {
            let shard = try CLIRunner.run(["generate", path("m.pgan"), "--rows", "101", "--seed", "5", "--shard", "\(k)/2", "-o", "-"])
            #expect(shard.status == 0)
            ids += shard.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        }
        #expect(ids == (1...101).map(String.init))

        let audit = try CLIRunner.run(["audit", path("m.pgan"), "--json"])
        #expect(audit.status == 0)
        #expect(audit.stdout.contains("\"dp\" : false"))
    }

    @Test func badDataStopsTheFitWithLocationsAndWritesNothing() throws {
        var lines = folder.contents(CLIRunner.packageRoot.appendingPathComponent("samples/profiles.csv").path).components(separatedBy: "\n")
        lines[4] = "u00004,250,male,US,music,true"
        let data = folder.file(named: "bad.csv", lines.joined(separator: "\n"))
        let fit = try CLIRunner.run(["fit", data, "--schema", "schemas/profiles.json", "-o", path("never.pgan")] + quickFit)
        #expect(fit.status != 0)
        #expect(fit.stderr.contains("bad.csv:5:2: age: \"250\" is above the maximum 100"))
        #expect(!FileManager.default.fileExists(atPath: path("never.pgan")))
    }

    @Test func corruptModelIsRefusedClearly() throws {
        let model = folder.file(named: "broken.pgan", "this is not a model")
        let generate = try CLIRunner.run(["generate", model, "--rows", "10", "-o", path("out.csv")])
        #expect(generate.status == 1)
        #expect(generate.stderr.contains("broken.pgan"))
        #expect(generate.stderr.contains("not a ProfileGAN model"))
        #expect(!FileManager.default.fileExists(atPath: path("out.csv")))
        let audit = try CLIRunner.run(["audit", model])
        #expect(audit.status == 1)
    }

    @Test func privateFitIsChargedAndAudited() throws {
        let ledger = path("ledger.sqlite")
        let arguments = ["fit", "samples/profiles.csv", "--schema", "schemas/profiles.json", "--epsilon", "1",
                         "--ledger", ledger, "--budget", "1.2", "--accountant", "rdp"] + quickFit
        let first = try CLIRunner.run(arguments + ["-o", path("dp1.pgan")])
        #expect(first.status == 0, "\(first.stderr)")
        let audit = try CLIRunner.run(["audit", path("dp1.pgan"), "--json"])
        let record = try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any]
        #expect(record?["dp"] as? Bool == true)
        #expect((record?["epsilon"] as? Double ?? 99) <= 1)
        #expect(record?["randomness"] as? String == "secure")
        // A second ε = 1 fit composes to about 1.4 (not 2: composition is sublinear), past the cap
        // of 1.2: refused before training, no model.
        let second = try CLIRunner.run(arguments + ["-o", path("dp2.pgan")])
        #expect(second.status != 0)
        #expect(second.stderr.lowercased().contains("budget"))
        #expect(!FileManager.default.fileExists(atPath: path("dp2.pgan")))
        let wgan = try CLIRunner.run(arguments + ["-o", path("dp3.pgan"), "--loss", "wgan-gp"])
        #expect(wgan.status != 0)
        #expect(wgan.stderr.contains("wgan-gp"))
    }
}
