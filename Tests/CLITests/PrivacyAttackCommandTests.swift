import Foundation
import Testing
import TestSupport

/// Issue 10 as a user (or an adversary) meets it on the command line: replayable noise, the
/// published row count, and every way of talking the ledger down.
@Suite struct PrivacyAttackCommandTests {
    let folder = TemporaryFolder()

    private func path(_ name: String) -> String { folder.url.appendingPathComponent(name).path }

    private let quickFit = ["--epochs", "1", "--batch-size", "500", "--generator-dimensions", "32,32",
                            "--discriminator-dimensions", "32,32", "--noise-dimension", "16"]

    private func dpFit(_ output: String, ledger: String, data: String = "samples/profiles.csv", _ extra: [String] = []) throws -> CLIRunner.Outcome {
        try CLIRunner.run(["fit", data, "--schema", "schemas/profiles.json", "-o", path(output), "--epsilon", "3",
                           "--ledger", ledger, "--quiet"] + quickFit + extra)
    }

    private func generated(_ model: String) throws -> String {
        let run = try CLIRunner.run(["generate", path(model), "--rows", "300", "--seed", "9", "-o", "-"])
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func twoDPFitsWithTheSameSeedDifferWhilePlainFitsRepeat() throws {
        let ledger = path("l.sqlite")
        for name in ["dp1.pgan", "dp2.pgan"] {
            let fit = try dpFit(name, ledger: ledger, ["--seed", "42"])
            #expect(fit.status == 0, "\(fit.stderr)")
        }
        #expect(try generated("dp1.pgan") != generated("dp2.pgan"))
        for name in ["p1.pgan", "p2.pgan"] {
            let fit = try CLIRunner.run(["fit", "samples/profiles.csv", "--schema", "schemas/profiles.json", "-o", path(name),
                                         "--seed", "42", "--quiet"] + quickFit)
            #expect(fit.status == 0, "\(fit.stderr)")
        }
        #expect(try generated("p1.pgan") == generated("p2.pgan"))
    }

    @Test func replayableNoiseIsReproducibleAndSaysItIsNotDP() throws {
        let ledger = path("l.sqlite")
        for name in ["r1.pgan", "r2.pgan"] {
            let fit = try dpFit(name, ledger: ledger, ["--seed", "42", "--insecure-replayable-noise"])
            #expect(fit.status == 0, "\(fit.stderr)")
        }
        #expect(try generated("r1.pgan") == generated("r2.pgan"))
        let text = try CLIRunner.run(["audit", path("r1.pgan")])
        #expect(text.stdout.contains("NOT differentially private: the noise can be replayed"))
        #expect(!text.stdout.contains("Differential privacy: yes"))
        let record = try json(CLIRunner.run(["audit", path("r1.pgan"), "--json"]).stdout)
        #expect(record["dp"] as? Bool == false)
        #expect(record["epsilon"] is NSNull)
        #expect(record["randomness"] as? String == "replayable")
        let audit = try CLIRunner.run(["audit", "--ledger", ledger])
        #expect(audit.stdout.contains("NOT differentially private: the noise can be replayed"))
        let ledgerJSON = try #require(try JSONSerialization.jsonObject(with: Data(CLIRunner.run(["audit", "--ledger", ledger, "--json"]).stdout.utf8)) as? [[String: Any]])
        #expect(ledgerJSON.first?["dp"] as? Bool == false)
    }

    @Test func noDPArtefactContainsTheRowCount() throws {
        // 1,237 rows of the sample; a replayable seed makes the noisy count deterministic here.
        let lines = folder.contents(CLIRunner.packageRoot.appendingPathComponent("samples/profiles.csv").path).split(separator: "\n")
        let data = folder.file(named: "rows.csv", lines.prefix(1238).joined(separator: "\n") + "\n")
        let log = path("log.jsonl")
        let fit = try CLIRunner.run(["fit", data, "--schema", "schemas/profiles.json", "-o", path("n.pgan"), "--epsilon", "3",
                                     "--ledger", path("l.sqlite"), "--log-json", log, "--seed", "42", "--insecure-replayable-noise",
                                     "--epochs", "2", "--batch-size", "100"] + quickFit.dropFirst(4))
        #expect(fit.status == 0, "\(fit.stderr)")
        let exact = try NSRegularExpression(pattern: "(?<![0-9.])1237(?![0-9])")
        func containsN(_ text: String) -> Bool { exact.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil }
        let model = String(decoding: folder.contents(path("n.pgan")).utf8.map { $0 }, as: UTF8.self)
        #expect(!containsN(fit.stderr), "stderr shows n: \(fit.stderr)")
        #expect(!containsN(folder.contents(log)))
        #expect(!containsN(model))
        #expect(!containsN(try CLIRunner.run(["audit", path("n.pgan")]).stdout))
        #expect(!containsN(try CLIRunner.run(["audit", path("n.pgan"), "--json"]).stdout))
        // What is shown is the noisy count.
        #expect(fit.stderr.contains("rows (noisy count)"))
        // The exact count does appear when it is public: a plain fit says it.
        let plain = try CLIRunner.run(["fit", data, "--schema", "schemas/profiles.json", "-o", path("plain.pgan")] + quickFit)
        #expect(containsN(plain.stderr))
    }

    @Test func theCapCannotBeTalkedDown() throws {
        let ledger = path("l.sqlite")
        let first = try dpFit("a.pgan", ledger: ledger, ["--budget", "4"])
        #expect(first.status == 0, "\(first.stderr)")
        let audits = try #require(try JSONSerialization.jsonObject(with: Data(CLIRunner.run(["audit", "--ledger", ledger, "--json"]).stdout.utf8)) as? [[String: Any]])
        let id = try #require(audits.first?["dataset_id"] as? String)
        #expect(id.hasPrefix("ds-"))

        // fit --budget cannot raise (or lower) an existing cap.
        let raise = try dpFit("b.pgan", ledger: ledger, ["--budget", "10"])
        #expect(raise.status == 1)
        #expect(raise.stderr.contains("differs from the cap"))
        #expect(!FileManager.default.fileExists(atPath: path("b.pgan")))
        // set-budget raises only with confirmation, and the change is shown.
        let unconfirmed = try CLIRunner.run(["ledger", "set-budget", "--dataset-id", id, "--budget", "10", "--ledger", ledger])
        #expect(unconfirmed.status == 1)
        #expect(unconfirmed.stderr.contains("--confirm-raise"))
        let confirmed = try CLIRunner.run(["ledger", "set-budget", "--dataset-id", id, "--budget", "10", "--confirm-raise", "--ledger", ledger])
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        #expect(try CLIRunner.run(["audit", "--ledger", ledger]).stdout.contains("Cap changed"))
        // δ cannot be re-based once fits exist.
        let rebase = try CLIRunner.run(["ledger", "set-budget", "--dataset-id", id, "--budget", "10", "--delta", "1e-2", "--ledger", ledger])
        #expect(rebase.status == 1)
        #expect(rebase.stderr.contains("re-base"))
        // Lowering below what was spent: said in words.
        _ = try CLIRunner.run(["ledger", "set-budget", "--dataset-id", id, "--budget", "1", "--ledger", ledger])
        let over = try CLIRunner.run(["audit", "--ledger", ledger])
        #expect(over.stdout.contains("OVER BUDGET"))
        #expect(!over.stdout.contains("remaining ε = -"))
    }

    @Test func editingOrDeletingLedgerEntriesIsDetected() throws {
        for attack in ["UPDATE entries SET body = replace(body, '\"steps\":', '\"steps\":1') WHERE kind = 'complete'",
                       "DELETE FROM entries WHERE kind = 'reserve'",
                       "DELETE FROM entries WHERE seq = (SELECT max(seq) FROM entries)"] {
            let ledger = path("t\(attack.count).sqlite")
            let fit = try dpFit("t.pgan", ledger: ledger)
            #expect(fit.status == 0, "\(fit.stderr)")
            #expect(try CLIRunner.run(["audit", "--ledger", ledger]).status == 0)
            let edit = Process()
            edit.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            edit.arguments = [ledger, attack]
            try edit.run()
            edit.waitUntilExit()
            #expect(edit.terminationStatus == 0)
            let audit = try CLIRunner.run(["audit", "--ledger", ledger])
            #expect(audit.status == 1, "\(attack): \(audit.stdout)")
            #expect(audit.stderr.contains("ledger tampered at"), "\(attack): \(audit.stderr)")
            // A fit refuses to spend on a tampered ledger too.
            #expect(try dpFit("t2.pgan", ledger: ledger).status == 1)
        }
    }

    @Test func aRunningFitCannotBeAborted() throws {
        let ledger = path("l.sqlite")
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.currentDirectoryURL = CLIRunner.packageRoot
        process.arguments = ["fit", "samples/profiles.csv", "--schema", "schemas/profiles.json", "-o", path("long.pgan"),
                             "--epsilon", "3", "--epochs", "200", "--ledger", ledger, "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        // Wait until its reservation is in the ledger.
        var reserved = false
        for _ in 0..<600 where !reserved {
            Thread.sleep(forTimeInterval: 0.1)
            reserved = try CLIRunner.run(["audit", "--ledger", ledger]).stdout.contains("reserved")
        }
        #expect(reserved)
        let whileRunning = try CLIRunner.run(["ledger", "abort", "--fit-id", "1", "--ledger", ledger])
        #expect(whileRunning.status == 1)
        #expect(whileRunning.stderr.contains("cannot be released"))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // Killed during training: it stays charged.
        let afterKill = try CLIRunner.run(["ledger", "abort", "--fit-id", "1", "--ledger", ledger])
        #expect(afterKill.status == 1)
        #expect(afterKill.stderr.contains("started training"))
        #expect(try CLIRunner.run(["audit", "--ledger", ledger]).stdout.contains("[training started]"))
    }

    @Test func auditOfAMissingLedgerCreatesNothingAndALockedLedgerSaysItWaits() throws {
        let missing = path("missing.sqlite")
        let audit = try CLIRunner.run(["audit", "--ledger", missing])
        #expect(audit.status == 1)
        #expect(audit.stderr.contains("no privacy ledger at \(missing)"))
        #expect(!FileManager.default.fileExists(atPath: missing))

        // A file that is no ledger is named, in words.
        let csv = try CLIRunner.run(["audit", "--ledger", "samples/profiles.csv"])
        #expect(csv.status == 1)
        #expect(csv.stderr.contains("privacy ledger samples/profiles.csv: the file is not an SQLite database"), "\(csv.stderr)")

        let ledger = path("locked.sqlite")
        #expect(try CLIRunner.run(["ledger", "set-budget", "--dataset-id", "d", "--budget", "1", "--delta", "1e-5", "--ledger", ledger]).status == 0)
        // Another process holds the write lock for 4 s.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        holder.arguments = [ledger]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        input.fileHandleForWriting.write(Data("BEGIN EXCLUSIVE;\nSELECT 1;\n".utf8))
        Thread.sleep(forTimeInterval: 0.5)
        let blocked = try CLIRunner.run(["ledger", "set-budget", "--dataset-id", "d", "--budget", "0.5", "--ledger", ledger, "--ledger-wait", "1"])
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        #expect(blocked.status != 0)
        #expect(blocked.stderr.contains("the privacy ledger \(ledger) is locked by another process; waiting up to 1 s"))
        #expect(blocked.stderr.contains("privacy ledger \(ledger): another process held the ledger locked for more than 1 s"))
    }
}
