import Foundation
import Testing
import TestSupport
@testable import ProfileGANCSV

/// Outputs appear whole or not at all, leave nothing behind, and never overwrite an input.
@Suite struct OutputFileTests {
    let folder = TemporaryFolder()

    private func path(_ name: String) -> String { folder.url.appendingPathComponent(name).path }

    #if os(Linux)
    @Test func anUnnamedOutputHasNoNameUntilCommitted() throws {
        let output = try OutputFile(path: path("out.csv"))
        #expect(output.isUnnamed)
        try output.write(Array("hello\n".utf8))
        #expect(folder.fileNames.isEmpty)
        try output.commit()
        #expect(folder.fileNames == ["out.csv"])
        #expect(folder.contents(path("out.csv")) == "hello\n")
    }
    #endif

    @Test(arguments: [true, false])
    func commitReplacesAndAbortKeepsAnExistingFile(unnamed: Bool) throws {
        let target = folder.file(named: "out.csv", "old\n")
        let kept = try OutputFile(path: target, allowUnnamed: unnamed)
        try kept.write(Array("discarded\n".utf8))
        kept.abort()
        #expect(folder.contents(target) == "old\n")
        let replaced = try OutputFile(path: target, allowUnnamed: unnamed)
        try replaced.write(Array("new\n".utf8))
        try replaced.commit()
        #expect(folder.contents(target) == "new\n")
        #expect(folder.fileNames == ["out.csv"])
    }

    @Test func namedTemporariesAreRemovedForSignalsAndStaleOnesSwept() throws {
        let output = try OutputFile(path: path("out.csv"), allowUnnamed: false)
        #expect(folder.fileNames.count == 1 && folder.fileNames[0].hasPrefix(".out.csv.tmp-\(getpid())-"))
        OutputFile.removeTemporaryFiles()
        #expect(folder.fileNames.isEmpty)
        output.abort()

        // A temporary left by a process that no longer exists is swept by the next output for the
        // same target; one of a live process (this one) is left alone.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let stale = folder.file(named: ".out.csv.tmp-\(finished.processIdentifier)-abc", "partial")
        let live = folder.file(named: ".out.csv.tmp-\(getpid())-def", "mine")
        let next = try OutputFile(path: path("out.csv"))
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: live))
        next.abort()
    }

    @Test func aFolderOrAMissingFolderIsRefusedUpFront() {
        do {
            _ = try OutputFile(path: folder.url.path)
            Issue.record("a folder was accepted as an output")
        } catch {
            #expect(error.description == "\(folder.url.path): is a folder; give a file name (for example \(folder.url.path)/NAME)")
        }
        do {
            _ = try OutputFile(path: path("missing/out.csv"))
            Issue.record("a missing folder was accepted")
        } catch {
            #expect(error.description == "\(path("missing/out.csv")): the folder \(path("missing")) does not exist")
        }
    }

    @Test func anOutputThatIsAnInputIsRefusedNamingBoth() throws {
        let input = folder.file(named: "in.csv", "a\n1\n")
        let hardLink = path("hard.csv"), symbolicLink = path("soft.csv")
        try FileManager.default.linkItem(atPath: input, toPath: hardLink)
        try FileManager.default.createSymbolicLink(atPath: symbolicLink, withDestinationPath: input)
        let relative = folder.url.path + "/./sub/../in.csv"
        try FileManager.default.createDirectory(atPath: path("sub"), withIntermediateDirectories: true)
        for output in [input, hardLink, symbolicLink, relative] {
            do {
                try OutputConflict.check(outputs: [("--output", output)], inputs: [("--schema", path("s.json")), ("the data", input)])
                Issue.record("\(output) was allowed to overwrite \(input)")
            } catch {
                #expect(error.description == "--output \(output) is the same file as the data \(input); refusing to overwrite it (choose another path)")
            }
        }
        // Two outputs that do not exist yet but name the same file.
        #expect(throws: OutputConflict.self) {
            try OutputConflict.check(outputs: [("--output", path("m.pgan")), ("--log-json", path("sub/../m.pgan"))], inputs: [])
        }
        try OutputConflict.check(outputs: [("--output", path("other.csv")), ("--report", "-")], inputs: [("the data", input), ("the data", "-")])
    }
}

@Suite struct MessageTextTests {
    @Test func controlCharactersAreEscapedAndOthersKept() {
        #expect(MessageText.escaped("a\u{0}b\tc\u{1B}[31md\r\né") == #"a\u{0}b\tc\u{1B}[31md\r\né"#)
        #expect(MessageText.escaped("line one\nline\u{7} two", keepingLineBreaks: true) == "line one\nline\\u{7} two")
        #expect(MessageText.escaped("plain text, ünïcode") == "plain text, ünïcode")
    }
}
