import ProfileGANRandom
import Testing
import TestSupport
@testable import ProfileGANSchema

/// Random tables written and read back must come back equal: the writer's quoting and number
/// forms and the reader's parsing are inverse.
@Suite struct RoundTripTests {
    let folder = TemporaryFolder()

    static let awkward = ["plain", "with,comma", "with \"quote\"", "two\nlines", "crlf\r\nend", " lead", "trail ",
                          "tab\tin", "ünïcødé", "東京", "🙂", "a;b", "'single'", "=1+1", "\\back"]

    static func randomString(_ random: inout SeededGenerator) -> String {
        if random.nextIndex(below: 3) == 0 { return awkward[random.nextIndex(below: awkward.count)] }
        let alphabet = Array("abcXYZ019 ,\";\n\r\té")
        return String((0..<(1 + random.nextIndex(below: 12))).map { _ in alphabet[random.nextIndex(below: alphabet.count)] })
    }

    static func randomTable(seed: UInt64, rows: Int) -> Table {
        var random = SeededGenerator(seed: seed)
        let categories = (0..<(1 + random.nextIndex(below: 6))).map { "\($0)-\(randomString(&random))" }
        let labels = (0..<(1 + random.nextIndex(below: 5))).map { "L\($0)\(randomString(&random).replacingOccurrences(of: "|", with: ""))" }
        let schema = try! DatasetSchema(name: "random", columns: [
            ColumnSchema(name: "id", kind: .id, nullable: true),
            ColumnSchema(name: "x", kind: .continuous(min: nil, max: nil, integer: false), nullable: true),
            ColumnSchema(name: "n", kind: .continuous(min: -1e6, max: 1e6, integer: true)),
            ColumnSchema(name: "c", kind: .categorical(categories: categories), nullable: true),
            ColumnSchema(name: "tags", kind: .multilabel(labels: labels, separator: "|"), nullable: random.nextIndex(below: 2) == 0),
            ColumnSchema(name: "b", kind: .boolean, nullable: true),
        ])
        var ids: [String] = [], xs: [Double] = [], ns: [Double] = [], codes: [Int32] = []
        var flags: [UInt8] = [], missing: [Bool] = [], booleans: [Int8] = []
        let tagsNullable = schema.columns[4].nullable
        for _ in 0..<rows {
            ids.append(random.nextIndex(below: 10) == 0 ? "" : randomString(&random))
            switch random.nextIndex(below: 5) {
            case 0: xs.append(.nan)
            case 1: xs.append(Double(bitPattern: random.next() & ~(0x7FF << 52) | (UInt64(900 + random.nextIndex(below: 250)) << 52)))
            case 2: xs.append(Double(random.nextIndex(below: 2_000_001)) - 1e6)
            default: xs.append((random.nextUnitDouble() - 0.5) * pow10(random.nextIndex(below: 20) - 10))
            }
            ns.append(Double(random.nextIndex(below: 2_000_001)) - 1e6)
            codes.append(random.nextIndex(below: 8) == 0 ? -1 : Int32(random.nextIndex(below: categories.count)))
            let isMissing = tagsNullable && random.nextIndex(below: 6) == 0
            missing.append(isMissing)
            for _ in labels { flags.append(!isMissing && random.nextIndex(below: 2) == 0 ? 1 : 0) }
            booleans.append(Int8(random.nextIndex(below: 3)) - 1)
        }
        return Table(schema: schema, columns: [
            .id(ids), .continuous(xs), .continuous(ns), .categorical(codes: codes, categories: categories),
            .multilabel(flags: flags, missing: missing, labels: labels), .boolean(booleans),
        ])
    }

    private static func pow10(_ exponent: Int) -> Double {
        (0..<abs(exponent)).reduce(1.0) { value, _ in exponent >= 0 ? value * 10 : value / 10 }
    }

    @Test(arguments: 1...40)
    func randomTablesSurviveWriteThenRead(seed: Int) throws {
        let table = Self.randomTable(seed: UInt64(seed), rows: 1 + seed * 7)
        let path = folder.url.appendingPathComponent("rt-\(seed).csv").path
        try table.writeCSV(to: path)
        let back = try Table.load(csvAt: path, schema: table.schema)
        #expect(back.rowCount == table.rowCount)
        for (index, (written, read)) in zip(table.columns, back.columns).enumerated() {
            if case .continuous(let a) = written, case .continuous(let b) = read {
                // NaN != NaN, so compare bit patterns (the writer writes missing for NaN; reading gives NaN back).
                #expect(a.map { $0.isNaN ? 0 : $0.bitPattern } == b.map { $0.isNaN ? 0 : $0.bitPattern }, "column \(index)")
            } else {
                #expect(written == read, "column \(table.schema.columns[index].name)")
            }
        }
    }
}
