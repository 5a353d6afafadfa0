import Testing
import TestSupport
@testable import ProfileGANCSV

/// The reader finds most fields in its input chunk rather than copying them, and feeds libcsv up to
/// the last line feed of each read. These tests read the same files with read chunks from a few
/// bytes upward, so every chunk boundary falls at every kind of position (inside a quoted field,
/// at a space next to a comma, between CR and LF, inside a multi-byte character), and compare with
/// what was written.
@Suite struct CSVReaderChunkTests {
    let folder = TemporaryFolder()

    /// What a reader returned for one record.
    struct Read: Equatable {
        var line: Int
        var endLine: Int
        var fieldLines: [Int]
        var fields: [String]
        var missing: [Bool]
    }

    /// Reads `path` with reads of `chunkSize` bytes, fed to libcsv in slices of about half that
    /// (and of a third, so slices end at other line feeds).
    private func read(_ path: String, chunkSize: Int) throws(CSVError) -> (header: [String], records: [Read]) {
        let byHalves = try read(path, chunkSize: chunkSize, sliceSize: max(1, chunkSize / 2))
        let byThirds = try read(path, chunkSize: chunkSize, sliceSize: max(1, chunkSize / 3))
        #expect(byThirds.header == byHalves.header && byThirds.records == byHalves.records, "chunk size \(chunkSize)")
        return byHalves
    }

    private func read(_ path: String, chunkSize: Int, sliceSize: Int) throws(CSVError) -> (header: [String], records: [Read]) {
        let reader = try CSVReader(path: path, chunkSize: chunkSize, sliceSize: sliceSize)
        var records: [Read] = []
        while let record = try reader.nextRecord() {
            records.append(Read(line: record.line, endLine: record.endLine,
                                fieldLines: (0..<record.count).map(record.line(ofField:)), fields: record.strings,
                                missing: (0..<record.count).map(record.isMissing)))
        }
        return (reader.header, records)
    }

    @Test func spacesAtFieldEdgesSurviveEveryChunkBoundary() throws {
        // Blanks next to commas, line endings, quotes and the end of the input: libcsv would trim
        // them without its space predicate, so each chunk that holds one must get it.
        let text = "a,b,c\n x, y ,\"z \"\r\n\t,\" q\",r \n  ,s,\"\"\nplain,in side,end \t"
        let want: [[String]] = [[" x", " y ", "z "], ["\t", " q", "r "], ["  ", "s", ""], ["plain", "in side", "end \t"]]
        let path = folder.file(text)
        for chunkSize in 3...text.utf8.count + 1 {
            let (header, records) = try read(path, chunkSize: chunkSize)
            #expect(header == ["a", "b", "c"], "chunk size \(chunkSize)")
            #expect(records.map(\.fields) == want, "chunk size \(chunkSize)")
            #expect(records.map(\.line) == [2, 3, 4, 5], "chunk size \(chunkSize)")
        }
    }

    @Test func innerBlanksWithoutThePredicateAndEdgeBlanksWithIt() throws {
        // Chunks whose blanks are all inside fields parse without the space predicate; a chunk
        // boundary can put an inner blank at a chunk's edge, which then takes the predicate.
        let text = "id,country,note\n1,New Zealand,a b c\n2,Sri Lanka, lead\n3,Costa Rica,trail \n4,El Salvador,x\n"
        let want = [["1", "New Zealand", "a b c"], ["2", "Sri Lanka", " lead"], ["3", "Costa Rica", "trail "], ["4", "El Salvador", "x"]]
        let path = folder.file(text)
        for chunkSize in 3...text.utf8.count + 1 {
            #expect(try read(path, chunkSize: chunkSize).records.map(\.fields) == want, "chunk size \(chunkSize)")
        }
    }

    @Test func quotedFieldsAndEmptyVersusMissingAtEveryChunkBoundary() throws {
        let text = "k,v\n\"a\"\"b\",\"line\none\"\n,\"\"\n\"\",\n\n\"x,\r\ny\",\"\"\"\"\n"
        let want: [Read] = [
            Read(line: 2, endLine: 3, fieldLines: [2, 2], fields: ["a\"b", "line\none"], missing: [false, false]),
            Read(line: 4, endLine: 4, fieldLines: [4, 4], fields: ["", ""], missing: [true, false]),
            Read(line: 5, endLine: 5, fieldLines: [5, 5], fields: ["", ""], missing: [false, true]),
            Read(line: 7, endLine: 8, fieldLines: [7, 8], fields: ["x,\r\ny", "\""], missing: [false, false]),
        ]
        let path = folder.file(text)
        for chunkSize in 3...text.utf8.count + 1 {
            #expect(try read(path, chunkSize: chunkSize).records == want, "chunk size \(chunkSize)")
        }
    }

    @Test func errorsAreLocatedTheSameWithAnyChunkSize() throws {
        let cases: [(bytes: [UInt8], kind: CSVError.Kind, line: Int, column: Int)] = [
            (Array("a,b\n1,\"x\ny\"\n2,ab\"c\n".utf8), .misplacedQuote, 4, 2),
            (Array("a,b\n1,\"x\ny\"\n2,\"open\nmore\n".utf8), .unterminatedQuote, 4, 2),
            (Array("a,b\n1,2\n\n3,\"4\"\r5,6\n".utf8), .bareCarriageReturn, 4, 0),
            (Array("a,b\n1,\"x\ny\",3\n".utf8), .raggedRow(expected: 2, found: 3), 3, 3),
            (Array("a,b\n\"1\",2\nz,".utf8) + [0xC3, 0x28] + Array("\n".utf8), .invalidUTF8, 3, 2),
            // The bad byte is read long before the field ends: its record must still be checked.
            (Array("a,b\n1,".utf8) + [0xC3, 0x28] + Array(String(repeating: "x", count: 40).utf8) + Array("\n2,3\n".utf8),
             .invalidUTF8, 2, 2),
        ]
        for (number, test) in cases.enumerated() {
            let path = folder.file(named: "error\(number).csv", bytes: test.bytes)
            for chunkSize in 3...test.bytes.count + 1 {
                do {
                    _ = try read(path, chunkSize: chunkSize)
                    Issue.record("case \(number), chunk size \(chunkSize): no error")
                } catch {
                    #expect(error.kind == test.kind, "case \(number), chunk size \(chunkSize)")
                    #expect(error.line == test.line, "case \(number), chunk size \(chunkSize)")
                    #expect(error.column == test.column, "case \(number), chunk size \(chunkSize)")
                }
            }
        }
    }

    /// Random files mixing every feature, read with many chunk sizes, against what was written.
    @Test func randomFilesReadTheSameWithAnyChunkSize() throws {
        var random = LinearCongruential(seed: 2026)
        for file in 0..<12 {
            let (text, want) = Self.randomFile(&random, records: 40 + file * 10)
            let path = folder.file(named: "random\(file).csv", bytes: Array(text.utf8))
            let sizes = [4, 5, 7, 8, 11, 16, 23, 64, 100, 257, 1 << 20] + (0..<4).map { _ in 3 + random.next(below: 200) }
            for chunkSize in sizes {
                let (header, records) = try read(path, chunkSize: chunkSize)
                #expect(header == ["id", "text", "more"], "file \(file), chunk size \(chunkSize)")
                #expect(records.count == want.count, "file \(file), chunk size \(chunkSize)")
                for (index, (got, expected)) in zip(records, want).enumerated() where got != expected {
                    Issue.record("file \(file), chunk size \(chunkSize), record \(index + 1): got \(got), expected \(expected)")
                    break
                }
            }
        }
    }

    /// A file of `records` records over three columns, and what reading it must return.
    private static func randomFile(_ random: inout LinearCongruential, records: Int) -> (String, [Read]) {
        var text = random.next(below: 4) == 0 ? "\u{FEFF}" : ""
        text += "id,text,more" + (random.next(below: 2) == 0 ? "\n" : "\r\n")
        var line = 2
        var want: [Read] = []
        for record in 0..<records {
            while random.next(below: 8) == 0 {
                text += random.next(below: 2) == 0 ? "\n" : "\r\n"
                line += 1
            }
            var read = Read(line: line, endLine: line, fieldLines: [], fields: [], missing: [])
            var cells: [String] = []
            for column in 0..<3 {
                let (cell, value, missing) = column == 0 ? ("r\(record)", "r\(record)", false) : randomCell(&random)
                cells.append(cell)
                read.fieldLines.append(line)
                read.fields.append(value)
                read.missing.append(missing)
                line += value.utf8.filter { $0 == 0x0A }.count
            }
            read.endLine = line
            want.append(read)
            text += cells.joined(separator: ",")
            if record < records - 1 || random.next(below: 2) == 0 {
                text += random.next(below: 3) == 0 ? "\r\n" : "\n"
                line += 1
            }
        }
        return (text, want)
    }

    /// One cell as written, the value read back, and whether it reads as missing.
    private static func randomCell(_ random: inout LinearCongruential) -> (String, String, Bool) {
        switch random.next(below: 6) {
        case 0:
            return ("", "", true)
        case 1:
            return ("\"\"", "", false)
        case 2, 3:
            // Unquoted: no comma, quote or line break; blanks anywhere, the edges included.
            let pieces = [" ", "\t", "a", "b", "12", ";", ".", "é", "東", "x y"]
            let value = (0..<(1 + random.next(below: 5))).map { _ in pieces[random.next(below: pieces.count)] }.joined()
            return (value, value, false)
        default:
            let pieces = [" ", "\t", ",", "\"", "\n", "\r\n", "a", "zz", "ü", " , "]
            let value = (0..<random.next(below: 7)).map { _ in pieces[random.next(below: pieces.count)] }.joined()
            return ("\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"", value, false)
        }
    }
}

/// A small deterministic generator (Knuth's MMIX constants), so failures reproduce.
struct LinearCongruential {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(below bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}
