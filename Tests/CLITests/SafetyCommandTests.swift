import Foundation
import Testing
import TestSupport

/// The cases of "safe by construction" as a user (or a hostile tester) meets them: no command
/// overwrites an input, outputs are prepared before the work and leave nothing behind, models are
/// checksummed, limits and bad schemas are errors, interrupts keep their word, and messages say
/// what to do.
@Suite struct SafetyCommandTests {
    let folder = TemporaryFolder()

    private func path(_ name: String) -> String { folder.url.appendingPathComponent(name).path }

    private let quickFit = ["--epochs", "1", "--batch-size", "500", "--generator-dimensions", "32,32",
                            "--discriminator-dimensions", "32,32", "--noise-dimension", "16", "--quiet"]

    private func copyOfSample() throws -> String {
        let copy = path("in.csv")
        try FileManager.default.copyItem(atPath: CLIRunner.packageRoot.appendingPathComponent("samples/profiles.csv").path, toPath: copy)
        return copy
    }

    private func quickModel() throws -> String {
        let model = path("m.pgan")
        let fit = try CLIRunner.run(["fit", "samples/profiles.csv", "--schema", "schemas/profiles.json", "-o", model, "--seed", "1"] + quickFit)
        try #require(fit.status == 0, "\(fit.stderr)")
        return model
    }

    private func contents(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    @Test func noCommandOverwritesItsInput() throws {
        let data = try copyOfSample()
        let original = contents(data)
        let model = try quickModel()
        let modelBytes = contents(model)
        let hardLink = path("hard.csv"), symbolicLink = path("soft.csv")
        try FileManager.default.linkItem(atPath: data, toPath: hardLink)
        try FileManager.default.createSymbolicLink(atPath: symbolicLink, withDestinationPath: data)
        let cases: [([String], String)] = [
            (["fit", data, "--schema", "schemas/profiles.json", "-o", data] + quickFit, "--output \(data) is the same file as the training data \(data)"),
            (["fit", data, "--schema", "schemas/profiles.json", "-o", path("new.pgan"), "--log-json", symbolicLink] + quickFit, "--log-json \(symbolicLink) is the same file as the training data \(data)"),
            (["generate", model, "--rows", "10", "-o", model], "--output \(model) is the same file as the model \(model)"),
            (["evaluate", "--real", data, "--synthetic", "samples/profiles.csv", "--schema", "schemas/profiles.json", "--report", hardLink],
             "--report \(hardLink) is the same file as --real \(data)"),
            (["schema", "infer", data, "-o", path("./in.csv")], "--output \(path("./in.csv")) is the same file as the data \(data)"),
        ]
        for (arguments, message) in cases {
            let outcome = try CLIRunner.run(arguments)
            #expect(outcome.status == 1, "\(arguments)")
            #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
            #expect(outcome.stderr.contains("refusing to overwrite it"))
        }
        #expect(contents(data) == original)
        #expect(contents(model) == modelBytes)
        #expect(!FileManager.default.fileExists(atPath: path("new.pgan")))
    }

    #if os(Linux)
    /// A folder that takes no files (here /proc, which refuses even root) stops a DP fit before the
    /// data is read or the ledger is opened: nothing is trained and no ε is charged.
    @Test func anUnwritableTargetStopsTheFitBeforeTrainingOrCharging() throws {
        let ledger = path("ledger.sqlite")
        let outcome = try CLIRunner.run(["fit", "samples/profiles.csv", "--schema", "schemas/profiles.json", "-o", "/proc/m.pgan",
                                         "--epsilon", "1", "--ledger", ledger, "--epochs", "1"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("error: --output /proc/m.pgan: cannot create a file in folder /proc/"), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("fitting"))
        #expect(!FileManager.default.fileExists(atPath: ledger))
    }

    /// kill -9 in the middle of writing a large CSV leaves the folder exactly as it was: the rows
    /// went to an unnamed file, which the kernel frees with the process.
    @Test func killDashNineDuringGenerateLeavesTheFolderAsItWas() throws {
        let model = try quickModel()
        let before = folder.fileNames
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = ["generate", model, "--rows", "20000000", "-o", path("big.csv"), "--quiet", "--seed", "1"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the output holds bytes: an open, already unlinked file in our folder.
        var writing = false
        for _ in 0..<600 where !writing && process.isRunning {
            usleep(50_000)
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd")) ?? []
            for fd in fds {
                let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(process.processIdentifier)/fd/\(fd)")) ?? ""
                let size = (try? FileManager.default.attributesOfItem(atPath: "/proc/\(process.processIdentifier)/fd/\(fd)")[.size] as? Int) ?? 0
                if link.hasPrefix(folder.url.path) && link.hasSuffix("(deleted)") && size > 0 { writing = true }
            }
        }
        try #require(writing, "the generate run never started writing (or finished before it could be killed)")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        #expect(folder.fileNames == before)
    }
    #endif

    @Test func aGenerateThatCannotFitOnTheDiskIsRefusedBeforeWriting() throws {
        let model = try quickModel()
        let outcome = try CLIRunner.run(["generate", model, "--rows", "1000000000000", "-o", path("huge.csv")])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("1000000000000 rows need about"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("free"))
        #expect(!FileManager.default.fileExists(atPath: path("huge.csv")))
    }

    /// One flipped byte in any tensor of a fitted model is caught on loading, naming the tensor.
    @Test func aFlippedByteInAnyTensorIsCaughtAndNamed() throws {
        let model = try quickModel()
        let bytes = contents(model)
        let n = bytes.prefix(8).withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
        let header = try #require(try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + n))) as? [String: Any])
        let tensors = header.compactMap { name, value -> (String, [Int])? in
            guard name != "__metadata__", let offsets = (value as? [String: Any])?["data_offsets"] as? [Int], offsets[1] > offsets[0] else { return nil }
            return (name, offsets)
        }
        try #require(tensors.count > 4)
        for (name, offsets) in tensors {
            var damaged = bytes
            damaged[8 + n + (offsets[0] + offsets[1]) / 2] ^= 0x10
            let file = path("damaged.pgan")
            try damaged.write(to: URL(fileURLWithPath: file))
            let audit = try CLIRunner.run(["audit", file])
            #expect(audit.status == 1, "\(name)")
            #expect(audit.stderr.contains("tensor \"\(name)\" does not match its checksum"), "\(audit.stderr)")
        }
        let generate = try CLIRunner.run(["generate", path("damaged.pgan"), "--rows", "5", "-o", path("never.csv")])
        #expect(generate.status == 1)
        #expect(generate.stderr.contains("does not match its checksum"))
        #expect(!FileManager.default.fileExists(atPath: path("never.csv")))
    }

    @Test func aTooWideTableAndHugeBoundsAreCleanErrors() throws {
        // 50,000 labels are 100,000 encoded values a row: refused before anything large is allocated.
        let labels = (0..<50_000).map { "t\($0)" }
        var wideCSV = "tags,x\n"
        for i in 0..<2_000 { wideCSV += "\(labels[i]),0.5\n" }
        let wideData = folder.file(named: "tags.csv", wideCSV)
        let labelList = labels.map { "\"\($0)\"" }.joined(separator: ",")
        let wideSchema = folder.file(named: "tags.json", #"{"columns": [{"name": "tags", "type": "multilabel", "separator": ";", "labels": ["# + labelList + #"]}, {"name": "x", "type": "continuous", "min": 0, "max": 1}]}"#)
        let fit = try CLIRunner.run(["fit", wideData, "--schema", wideSchema, "-o", path("wide.pgan"), "--epochs", "1", "--max-memory", "2G"])
        #expect(fit.status == 1)
        #expect(fit.stderr.contains("more than the"), "\(fit.stderr)")
        #expect(fit.stderr.contains("column \"tags\" alone encodes to 100000 values (50000 labels)"), "\(fit.stderr)")
        #expect(!fit.stderr.contains("Fatal error"))
        #expect(!FileManager.default.fileExists(atPath: path("wide.pgan")))

        // Bounds too wide for a DP fit are refused before anything is released (no ledger appears).
        var csv = "c,x\n"
        for i in 0..<1_000 { csv += "k\(i),0.5\n" }
        let data = folder.file(named: "wide.csv", csv)

        let huge = folder.file(named: "huge.json", #"{"columns": [{"name": "c", "type": "categorical"}, {"name": "x", "type": "continuous", "min": -1e308, "max": 1e308}]}"#)
        let ledger = path("ledger.sqlite")
        let bounds = try CLIRunner.run(["fit", data, "--schema", huge, "-o", path("huge.pgan"), "--epsilon", "1", "--ledger", ledger])
        #expect(bounds.status == 1)
        #expect(bounds.stderr.contains("column \"x\": the range from min (-1e+308) to max (1e+308) is too wide"), "\(bounds.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ledger))
    }

    @Test func schemaTyposSyntaxErrorsAndRepeatedLabelsAreLocated() throws {
        let typo = folder.file(named: "typo.json", #"{"columns": [{"name": "age", "type": "continuous", "mni": 13, "max": 100}]}"#)
        let typoRun = try CLIRunner.run(["validate", "samples/profiles.csv", "--schema", typo])
        #expect(typoRun.status != 0)
        #expect(typoRun.stderr.contains(#"column "age": unknown key "mni" in a continuous column; did you mean "min"?"#), "\(typoRun.stderr)")

        let syntax = folder.file(named: "syntax.json", "{\"columns\": [\n  {\"name\": \"age\" \"type\": \"id\"}\n]}")
        let syntaxRun = try CLIRunner.run(["validate", "samples/profiles.csv", "--schema", syntax])
        #expect(syntaxRun.status != 0)
        #expect(syntaxRun.stderr.contains("\(syntax): not valid JSON at line 2, column 18"), "\(syntaxRun.stderr)")

        let integers = folder.file(named: "int.json", #"{"columns": [{"name": "age", "type": "continuous", "min": 13.5, "max": 13.7, "integer": true}]}"#)
        let integerRun = try CLIRunner.run(["validate", "samples/profiles.csv", "--schema", integers])
        #expect(integerRun.stderr.contains("no integer lies between min (13.5) and max (13.7)"), "\(integerRun.stderr)")

        var lines = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("samples/profiles.csv"), encoding: .utf8).components(separatedBy: "\n")
        var fields = lines[3].components(separatedBy: ",")
        fields[4] = "music;music"
        lines[3] = fields.joined(separator: ",")
        let repeated = folder.file(named: "repeated.csv", lines.joined(separator: "\n"))
        for command in ["validate", "fit"] {
            let run = try CLIRunner.run([command, repeated, "--schema", "schemas/profiles.json"] + (command == "fit" ? ["-o", path("r.pgan")] + quickFit : []))
            #expect(run.status != 0)
            #expect(run.stderr.contains("repeated.csv:4:5: interests: label \"music\" appears more than once in \"music;music\""), "\(run.stderr)")
        }
    }

    /// Ctrl-C (SIGINT) or SIGTERM with standard input not a terminal (CI, nohup) saves the model of
    /// the last finished epoch and says so; `--on-interrupt discard` discards it and says so.
    @Test(arguments: [(SIGINT, "save"), (SIGTERM, "discard")])
    func anInterruptedFitWithoutATerminalKeepsItsWord(signal: Int32, action: String) throws {
        let model = path("interrupted.pgan")
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.currentDirectoryURL = CLIRunner.packageRoot
        process.arguments = ["fit", "samples/profiles.csv", "--schema", "schemas/profiles.json", "-o", model, "--epochs", "100000",
                             "--batch-size", "500", "--generator-dimensions", "32,32", "--discriminator-dimensions", "32,32",
                             "--noise-dimension", "16", "--seed", "1"] + (action == "discard" ? ["--on-interrupt", "discard"] : [])
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        // The first progress line comes once training runs (the interrupt handler is in place).
        let stderr = ErrorCollector(errors.fileHandleForReading)
        for _ in 0..<1200 where !stderr.text.contains("fitting") && process.isRunning { usleep(50_000) }
        usleep(1_500_000)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        let text = stderr.finish()
        #expect(process.terminationReason == .exit && process.terminationStatus == 128 + signal, "\(text)")
        if action == "save" {
            #expect(text.contains("the model of the last finished epoch will be saved"), "\(text)")
            #expect(text.contains("interrupted: saved the model of epoch "))
            let audit = try CLIRunner.run(["audit", model])
            #expect(audit.status == 0, "\(audit.stderr)")
        } else {
            #expect(text.contains("the model will not be saved (--on-interrupt discard)"), "\(text)")
            #expect(text.contains("was not saved"))
            #expect(!FileManager.default.fileExists(atPath: model))
        }
        #expect(!folder.fileNames.contains { $0.hasPrefix(".") })
    }

    /// `--where interests=music` yields only rows whose cell holds the label (never a missing cell).
    @Test func whereOnALabelYieldsOnlyRowsCarryingIt() throws {
        let model = try quickModel()
        let outcome = try CLIRunner.run(["generate", model, "--rows", "500", "--where", "interests=music", "--seed", "2", "-o", path("music.csv")])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = folder.contents(path("music.csv")).split(separator: "\n").dropFirst()
        #expect(rows.count == 500)
        for row in rows {
            let interests = row.split(separator: ",", omittingEmptySubsequences: false)[4]
            #expect(interests.split(separator: ";").contains("music"), "\(row)")
        }
        #expect(outcome.stderr.contains("of generated rows met the conditions"))
    }

    @Test func errorsSayWhatToDo() throws {
        let model = try quickModel()
        let negative = try CLIRunner.run(["generate", model, "--rows", "-5"])
        #expect(negative.status != 0)
        #expect(negative.stderr.contains("--rows must be 0 or more, got -5"), "\(negative.stderr)")

        let help = try CLIRunner.run(["help", "nosuch"])
        #expect(help.status == 64)
        #expect(help.stderr.contains("no such subcommand \"nosuch\""))
        #expect(try CLIRunner.run(["nosuch"]).status != 0)
        #expect(try CLIRunner.run(["help", "generate"]).status == 0)

        let intoFolder = try CLIRunner.run(["generate", model, "--rows", "5", "-o", folder.url.path])
        #expect(intoFolder.status == 1)
        #expect(intoFolder.stderr.contains("\(folder.url.path): is a folder; give a file name"), "\(intoFolder.stderr)")
        #expect(!intoFolder.stderr.contains("NSCocoaErrorDomain"))

        let schemaFolder = try CLIRunner.run(["validate", "samples/profiles.csv", "--schema", "schemas"])
        #expect(schemaFolder.stderr.contains("cannot read the schema file: is a folder, not a file"), "\(schemaFolder.stderr)")

        let nul = folder.file(named: "nul.csv", bytes: Array("user_id,age,gender,country,interests,premium\nu1,3".utf8) + [0] + Array("4,male,DE,music,true\n".utf8))
        let escaped = try CLIRunner.run(["validate", nul, "--schema", "schemas/profiles.json"])
        #expect(escaped.status != 0)
        #expect(escaped.stderr.contains(#"age: "3\u{0}4" is not a number"#), "\(escaped.stderr)")
        #expect(!escaped.stderr.utf8.contains(0))
        let nulPath = try CLIRunner.run(["generate", "no\u{1B}such.pgan", "--rows", "1"])
        #expect(nulPath.stderr.contains(#"no such file: no\u{1B}such.pgan"#), "\(nulPath.stderr)")
        // Any message about a file whose name holds control bytes shows them escaped.
        let oddName = folder.file(named: "odd\u{1B}[2Jname.pgan", "not a model")
        let odd = try CLIRunner.run(["audit", oddName])
        #expect(odd.status == 1)
        #expect(odd.stderr.contains(#"odd\u{1B}[2Jname.pgan: not a ProfileGAN model"#), "\(odd.stderr)")
        #expect(!odd.stderr.unicodeScalars.contains("\u{1B}"))
    }
}

/// Reads a pipe on a background thread so a test can watch a child's standard error as it runs.
private final class ErrorCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    lock.lock(); data.append(contentsOf: buffer[0..<count]); lock.unlock()
                } else if count == 0 || errno != EINTR {
                    break
                }
            }
            done.signal()
        }
    }

    var text: String {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    /// Everything, once the writer has closed the pipe.
    func finish() -> String {
        done.wait()
        return text
    }
}
