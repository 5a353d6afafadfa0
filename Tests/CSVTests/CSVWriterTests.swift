import Testing
import TestSupport
@testable import ProfileGANCSV

@Suite struct CSVWriterTests {
    let folder = TemporaryFolder()

    @Test func quotesOnlyWhereNeeded() throws {
        let path = folder.url.appendingPathComponent("out.csv").path
        let writer = try CSVWriter(path: path)
        try writer.writeRecord(["plain", "a,b", "say \"hi\"", "two\nlines", " padded", "", "cr\r"])
        try writer.writeField("x")
        try writer.writeMissing()
        try writer.endRecord()
        try writer.commit()
        #expect(folder.contents(path) == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",\"\",\"cr\r\"\nx,\n")
    }

    @Test func nothingAppearsBeforeCommit() throws {
        let path = folder.url.appendingPathComponent("out.csv").path
        let writer = try CSVWriter(path: path, bufferSize: 4096)
        for row in 0..<2000 { try writer.writeRecord(["\(row)", "some text"]) }
        // An unnamed file (Linux) or one hidden temporary (elsewhere) until commit.
        #expect(folder.fileNames.isEmpty || (folder.fileNames.count == 1 && folder.fileNames[0].hasPrefix(".out.csv.tmp-")))
        try writer.commit()
        #expect(folder.fileNames == ["out.csv"])
        #expect(folder.contents(path).hasPrefix("0,some text\n1,some text\n"))
    }

    @Test func abortAndDeinitRemoveTheTemporaryFile() throws {
        let path = folder.url.appendingPathComponent("out.csv").path
        let existing = folder.file(named: "out.csv", "old\n")
        do {
            let writer = try CSVWriter(path: path)
            try writer.writeRecord(["new"])
            writer.abort()
        }
        do {
            let writer = try CSVWriter(path: path)
            try writer.writeRecord(["new"])
        }
        #expect(folder.fileNames == ["out.csv"])
        #expect(folder.contents(existing) == "old\n")
    }

    @Test func unwritableFolderIsAnError() {
        #expect(throws: CSVError.self) { try CSVWriter(path: "/nonexistent-folder/out.csv") }
    }

    @Test func roundTripsAwkwardValues() throws {
        let rows = [["a", "b"], ["", "x"], ["\"", ","], [" lead", "trail "], ["multi\r\nline", "é"]]
        let path = folder.url.appendingPathComponent("rt.csv").path
        let writer = try CSVWriter(path: path)
        for row in rows { try writer.writeRecord(row) }
        try writer.commit()
        let reader = try CSVReader(path: path)
        var read = [reader.header]
        while let record = try reader.nextRecord() { read.append(record.strings) }
        #expect(read == rows)
    }
}
