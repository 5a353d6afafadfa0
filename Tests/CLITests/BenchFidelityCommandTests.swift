import Foundation
import Testing
import TestSupport

@Suite struct BenchFidelityCommandTests {
    let folder = TemporaryFolder()

    /// A table folder as `bench fidelity` expects it, cut from the bundled sample.
    private func makeTableFolder() throws -> String {
        let sample = try String(contentsOfFile: CLIRunner.packageRoot.appendingPathComponent("samples/profiles.csv").path, encoding: .utf8)
        let lines = sample.split(separator: "\n")
        let header = lines[0]
        let table = folder.url.appendingPathComponent("profiles").path
        try FileManager.default.createDirectory(atPath: table, withIntermediateDirectories: true)
        try ([header] + lines[1...1500]).joined(separator: "\n").appending("\n").write(toFile: table + "/train.csv", atomically: true, encoding: .utf8)
        try ([header] + lines[1501...2000]).joined(separator: "\n").appending("\n").write(toFile: table + "/test.csv", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: CLIRunner.packageRoot.appendingPathComponent("schemas/profiles.json").path, toPath: table + "/schema.json")
        try #"{"name": "profiles", "target": "premium"}"#.write(toFile: table + "/about.json", atomically: true, encoding: .utf8)
        return table
    }

    @Test func scoresOurFitsAndAnExternalFileAlike() throws {
        let table = try makeTableFolder()
        let result = try CLIRunner.run(["bench", "fidelity", "--table", table, "--seeds", "1,2", "--epochs", "1",
                                        "--synthetic", table + "/test.csv", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let tables = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        let scores = try #require(tables.first?["scores"] as? [[String: Any]])
        #expect(scores.map { $0["source"] as? String } == ["ours, seed 1", "ours, seed 2", "test.csv"])
        for score in scores {
            let quality = try #require(score["quality"] as? Double)
            #expect(quality > 0 && quality <= 1)
            #expect(score["tstrAUC"] is Double && score["trtrAUC"] is Double)
        }
        // The hold-out scored as if it were synthetic: real rows the model never saw are about as
        // far from the training rows as the hold-out itself.
        let external = scores[2]
        #expect(external["fitSeconds"] == nil)
        #expect(abs((external["dcrRatio"] as? Double ?? 0) - 1) < 1e-9)
    }

    /// A DP run at a given δ, with the target's pairs released, says both in its rows; DP-only
    /// flags without --epsilon are refused.
    @Test func aDPRunTakesItsDeltaAndTheTargetsPairs() throws {
        let table = try makeTableFolder()
        let result = try CLIRunner.run(["bench", "fidelity", "--table", table, "--seeds", "1", "--epochs", "1", "--model", "autoregressive",
                                        "--epsilon", "2", "--delta", "1e-5", "--marginal-pairs-with-target", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let tables = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        let scores = try #require(tables.first?["scores"] as? [[String: Any]])
        #expect(scores.map { $0["source"] as? String } == ["ours-ar ε=2 δ=1e-05, seed 1"])
        for flags in [["--delta", "1e-5"], ["--marginal-pairs-with-target"]] {
            let refused = try CLIRunner.run(["bench", "fidelity", "--table", table, "--seeds", "1"] + flags)
            #expect(refused.status != 0 && refused.stderr.contains("apply only with --epsilon"), "\(flags): \(refused.stderr)")
        }
    }

    @Test func refusesATableFolderWithoutItsFiles() throws {
        let result = try CLIRunner.run(["bench", "fidelity", "--table", folder.url.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("train.csv"))
    }
}
