import Testing
import TestSupport
@testable import ProfileGANSchema

@Suite struct TableWriteTests {
    let folder = TemporaryFolder()

    @Test func writesCellsInCanonicalForm() throws {
        let schema = try DatasetSchema(name: "t", columns: [
            ColumnSchema(name: "id", kind: .id, nullable: true),
            ColumnSchema(name: "n", kind: .continuous(min: nil, max: nil, integer: false), nullable: true),
            ColumnSchema(name: "k", kind: .continuous(min: 0, max: 200, integer: true)),
            ColumnSchema(name: "c", kind: .categorical(categories: ["a,b", "plain"]), nullable: true),
            ColumnSchema(name: "l", kind: .multilabel(labels: ["x", "y"], separator: ";"), nullable: true),
            ColumnSchema(name: "b", kind: .boolean, nullable: true),
        ])
        let table = Table(schema: schema, columns: [
            .id(["r1", "", "r \"3\""]),
            .continuous([0.1, .nan, -2.5e-7]),
            .continuous([34, 33.9999999, 200]),
            .categorical(codes: [0, 1, -1], categories: ["a,b", "plain"]),
            .multilabel(flags: [1, 1, 0, 0, 0, 0], missing: [false, false, true], labels: ["x", "y"]),
            .boolean([1, 0, -1]),
        ])
        let path = folder.url.appendingPathComponent("out.csv").path
        try table.writeCSV(to: path)
        #expect(folder.contents(path) == """
            id,n,k,c,l,b
            r1,0.1,34,"a,b",x;y,true
            ,,34,plain,"",false
            "r ""3\""",-2.5e-07,200,,,

            """)
        let back = try Table.load(csvAt: path, schema: schema)
        #expect(back.columns[0] == table.columns[0])
        #expect(back.columns[2] == .continuous([34, 34, 200]))
        #expect(back.columns[3...] == table.columns[3...])
    }

    @Test func rowsEncodedElsewhereAreWrittenExactlyAsAppendedTables() throws {
        let schema = try DatasetSchema(name: "t", columns: [
            ColumnSchema(name: "c", kind: .categorical(categories: ["a,b", "plain"]), nullable: true),
            ColumnSchema(name: "n", kind: .continuous(min: nil, max: nil, integer: false)),
        ])
        let table = Table(schema: schema, columns: [
            .categorical(codes: [0, 1, -1], categories: ["a,b", "plain"]),
            .continuous([0.5, -3, 1e21]),
        ])
        let direct = folder.url.appendingPathComponent("direct.csv").path
        let viaBytes = folder.url.appendingPathComponent("encoded.csv").path
        try table.writeCSV(to: direct)
        let writer = try TableCSVWriter(path: viaBytes, schema: schema)
        let encoded = TableCSVWriter.encode(table)
        #expect(encoded.rowCount == 3)
        try writer.append(encoded)
        try writer.append(TableCSVWriter.encode(table))
        #expect(writer.rowCount == 6)
        try writer.commit()
        let header = "c,n\n"
        let body = String(folder.contents(direct).dropFirst(header.count))
        #expect(folder.contents(viaBytes) == header + body + body)
    }

    @Test func streamingAppendsShareOneHeader() throws {
        let path = folder.url.appendingPathComponent("stream.csv").path
        let writer = try TableCSVWriter(path: path, schema: profileSchema)
        for batch in 0..<3 {
            try writer.append(Table(schema: profileSchema, columns: [
                .id(["u\(batch)"]), .continuous([Double(20 + batch)]),
                .categorical(codes: [0], categories: ["female", "male", "nonbinary"]),
                .multilabel(flags: [0, 1, 0], missing: [false], labels: ["music", "sports", "travel"]),
                .boolean([1]),
            ]))
        }
        #expect(folder.fileNames.allSatisfy { $0.hasPrefix(".stream.csv.tmp-") })
        try writer.commit()
        #expect(writer.rowCount == 3)
        #expect(folder.contents(path) == "user_id,age,gender,interests,premium\nu0,20,female,sports,true\nu1,21,female,sports,true\nu2,22,female,sports,true\n")
    }
}
