import Testing
import TestSupport
@testable import ProfileGANCSV

/// Reads a whole file: header, then (line, fields, missing flags) per record.
private func readAll(_ path: String) throws(CSVError) -> (header: [String], records: [(line: Int, fields: [String], missing: [Bool])]) {
    let reader = try CSVReader(path: path)
    var records: [(Int, [String], [Bool])] = []
    while let record = try reader.nextRecord() {
        records.append((record.line, record.strings, (0..<record.count).map(record.isMissing)))
    }
    return (reader.header, records)
}

private func readError(_ path: String) -> CSVError? {
    do {
        _ = try readAll(path)
        return nil
    } catch {
        return error
    }
}

@Suite struct CSVReaderTests {
    let folder = TemporaryFolder()

    @Test func readsHeaderAndRecordsWithLineNumbers() throws {
        let path = folder.file("a,b,c\n1,2,3\n\n4,5,6\n")
        let (header, records) = try readAll(path)
        #expect(header == ["a", "b", "c"])
        #expect(records.map(\.fields) == [["1", "2", "3"], ["4", "5", "6"]])
        #expect(records.map(\.line) == [2, 4])
    }

    @Test func recordNumbersCountDataRecordsFromOne() throws {
        let reader = try CSVReader(path: folder.file("a\nx\ny\n"))
        #expect(try reader.nextRecord()?.number == 1)
        #expect(try reader.nextRecord()?.number == 2)
        #expect(try reader.nextRecord() == nil)
        #expect(reader.recordCount == 2)
    }

    @Test func quotesEmbeddedNewlinesAndDoubledQuotes() throws {
        let path = folder.file("name,note\n\"Smith, Ann\",\"said \"\"hi\"\"\nthen left\"\nBob,plain\n")
        let (_, records) = try readAll(path)
        #expect(records.map(\.fields) == [["Smith, Ann", "said \"hi\"\nthen left"], ["Bob", "plain"]])
        #expect(records.map(\.line) == [2, 4])
    }

    @Test func crlfLineEndingsMatchLF() throws {
        let lf = try readAll(folder.file(named: "lf.csv", "a,b\n1,\"x\ny\"\n2,z\n"))
        let crlf = try readAll(folder.file(named: "crlf.csv", "a,b\r\n1,\"x\ny\"\r\n2,z\r\n"))
        #expect(crlf.header == lf.header)
        #expect(crlf.records.map(\.fields) == lf.records.map(\.fields))
        #expect(crlf.records.map(\.line) == [2, 4])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let (header, records) = try readAll(folder.file(bytes: [0xEF, 0xBB, 0xBF] + Array("id,x\n1,2\n".utf8)))
        #expect(header == ["id", "x"])
        #expect(records.map(\.fields) == [["1", "2"]])
    }

    @Test func unquotedEmptyIsMissingButQuotedEmptyIsNot() throws {
        let (_, records) = try readAll(folder.file("a,b,c\n,\"\",x\n"))
        #expect(records[0].fields == ["", "", "x"])
        #expect(records[0].missing == [true, false, false])
    }

    @Test func spacesAreKeptAsData() throws {
        let (_, records) = try readAll(folder.file("a,b\n  x , y\t\n"))
        #expect(records[0].fields == ["  x ", " y\t"])
    }

    @Test func lastRecordWithoutLineBreak() throws {
        let (_, records) = try readAll(folder.file("a,b\n1,2\n3,4"))
        #expect(records.map(\.fields) == [["1", "2"], ["3", "4"]])
        #expect(records.map(\.line) == [2, 3])
    }

    @Test func longAndOneMegabyteFields() throws {
        let long = String(repeating: "abcdefghij", count: 10_000)
        let huge = String(repeating: "x,\"y\"\n", count: 1 << 20 / 6 + 1)
        let escaped = huge.replacingOccurrences(of: "\"", with: "\"\"")
        let path = folder.file("k,v\n\(long),\"\(escaped)\"\nend,1\n")
        let (_, records) = try readAll(path)
        #expect(records.count == 2)
        #expect(records[0].fields[0] == long)
        #expect(records[0].fields[1] == huge)
        #expect(huge.utf8.count >= 1 << 20)
        let lineFeeds = huge.filter { $0 == "\n" }.count
        #expect(records[1].line == 2 + lineFeeds + 1)
    }

    @Test func nonASCIIUTF8IsAccepted() throws {
        let (_, records) = try readAll(folder.file("name\nZoë\n東京\n"))
        #expect(records.map(\.fields) == [["Zoë"], ["東京"]])
    }

    @Test func fieldLineAccountsForEarlierLineBreaks() throws {
        let reader = try CSVReader(path: folder.file("a,b,c\n\"1\n2\n3\",x,y\n"))
        let record = try #require(try reader.nextRecord())
        #expect(record.line == 2)
        #expect(record.line(ofField: 0) == 2)
        #expect(record.line(ofField: 1) == 4)
        #expect(record.endLine == 4)
    }

    /// Line numbers stay exact over several read chunks with every feature mixed in: CRLF and LF,
    /// blank lines, quoted fields with line breaks (some straddling a chunk boundary), spaces.
    @Test func lineNumbersStayExactAcrossChunks() throws {
        var text = "id,note,x\n"
        var line = 2
        var expected: [(line: Int, fields: [String])] = []
        var state: UInt64 = 12345
        func next(_ bound: UInt64) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % bound)
        }
        for row in 0..<90_000 {
            if next(20) == 0 { text += next(2) == 0 ? "\n" : "\r\n"; line += 1 }
            let breaks = next(10) == 0 ? 1 + next(3) : 0
            let note = (0..<breaks).map { "part\($0)\n" }.joined() + " note \(row) "
            let quoted = breaks > 0 || next(4) == 0
            let cell = quoted ? "\"" + note.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : note
            text += "r\(row),\(cell),\(next(1000))" + (next(3) == 0 ? "\r\n" : "\n")
            expected.append((line, ["r\(row)", note]))
            line += 1 + breaks
        }
        #expect(text.utf8.count > 2 << 20)
        let (_, records) = try readAll(folder.file(text))
        #expect(records.count == expected.count)
        for (record, want) in zip(records, expected) where record.line != want.line || Array(record.fields.prefix(2)) != want.fields {
            Issue.record("record \(want.fields[0]): line \(record.line), expected \(want.line); fields \(record.fields)")
            break
        }
    }

    @Test func readsSmallChunksAcrossBoundaries() throws {
        // Records longer than the 1 MiB read chunk cross chunk boundaries mid-field and mid-line.
        let row = String(repeating: "v", count: 300_000)
        let text = "a,b\n" + (1...8).map { "\($0),\(row)\n" }.joined()
        let (_, records) = try readAll(folder.file(text))
        #expect(records.count == 8)
        #expect(records.map(\.line) == Array(2...9))
        #expect(records.allSatisfy { $0.fields[1] == row })
    }
}

@Suite struct CSVReaderErrorTests {
    let folder = TemporaryFolder()

    @Test func emptyFile() {
        let error = readError(folder.file(""))
        #expect(error?.kind == .emptyFile)
        let bomOnly = readError(folder.file(named: "bom.csv", bytes: [0xEF, 0xBB, 0xBF]))
        #expect(bomOnly?.kind == .emptyFile)
    }

    @Test func missingHeader() {
        #expect(readError(folder.file("\n\n\n"))?.kind == .missingHeader)
        let emptyName = readError(folder.file(named: "empty.csv", "a,,c\n1,2,3\n"))
        #expect(emptyName?.kind == .missingHeader)
        #expect(emptyName?.line == 1)
        #expect(emptyName?.column == 2)
    }

    @Test func duplicateHeader() {
        let error = readError(folder.file("id,age,id\n"))
        #expect(error?.kind == .duplicateHeader(name: "id"))
        #expect(error?.line == 1)
        #expect(error?.column == 3)
    }

    @Test func raggedRowTooManyAndTooFew() {
        let many = readError(folder.file(named: "many.csv", "a,b\n1,2\n1,2,3\n"))
        #expect(many?.kind == .raggedRow(expected: 2, found: 3))
        #expect(many?.line == 3)
        #expect(many?.column == 3)
        let few = readError(folder.file(named: "few.csv", "a,b,c\n1,2,3\n\n4\n"))
        #expect(few?.kind == .raggedRow(expected: 3, found: 1))
        #expect(few?.line == 4)
        #expect(few?.column == 2)
        #expect(few?.description == "\(folder.url.path)/few.csv:4:2: record 2 has 1 field, the header has 3")
    }

    @Test func invalidUTF8() {
        let error = readError(folder.file(bytes: Array("a,b\nok,fine\nx,".utf8) + [0xC3, 0x28] + Array("\n".utf8)))
        #expect(error?.kind == .invalidUTF8)
        #expect(error?.line == 3)
        #expect(error?.column == 2)
    }

    @Test func unterminatedQuoteNamesTheLineWhereItOpens() {
        let error = readError(folder.file("a,b\n1,2\n3,\"open\nand on\nand on\n"))
        #expect(error?.kind == .unterminatedQuote)
        #expect(error?.line == 3)
        #expect(error?.column == 2)
    }

    @Test func misplacedQuote() {
        let inside = readError(folder.file(named: "inside.csv", "a,b\n1,2\n3,ab\"c\n"))
        #expect(inside?.kind == .misplacedQuote)
        #expect(inside?.line == 3)
        #expect(inside?.column == 2)
        let after = readError(folder.file(named: "after.csv", "a,b\n\"x\"y,2\n"))
        #expect(after?.kind == .misplacedQuote)
        #expect(after?.line == 2)
        #expect(after?.column == 1)
    }

    @Test func bareCarriageReturn() {
        #expect(readError(folder.file("a,b\r1,2\r3,4\r"))?.kind == .bareCarriageReturn)
    }

    @Test func missingFile() {
        let error = readError(folder.url.appendingPathComponent("nope.csv").path)
        #expect(error?.kind == .io)
        #expect(error?.description.contains("nope.csv: cannot open") == true)
    }
}
