import Testing
import TestSupport
@testable import ProfileGANSchema

@Suite struct TableLoadTests {
    let folder = TemporaryFolder()

    @Test func loadsTypedColumnsInSchemaOrder() throws {
        // The file's columns are in a different order from the schema's.
        let path = folder.file("""
            age,user_id,premium,gender,interests
            34,u1,true,female,music;travel
            13,u2,0,,
            100,u3,YES,nonbinary,""
            45.0,u4,f,male,sports

            """)
        let table = try Table.load(csvAt: path, schema: profileSchema)
        #expect(table.rowCount == 4)
        #expect(table.columns[0] == .id(["u1", "u2", "u3", "u4"]))
        #expect(table.columns[1] == .continuous([34, 13, 100, 45]))
        #expect(table.columns[2] == .categorical(codes: [0, -1, 2, 1], categories: ["female", "male", "nonbinary"]))
        #expect(table.columns[3] == .multilabel(flags: [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0],
                                               missing: [false, true, false, false],
                                               labels: ["music", "sports", "travel"]))
        #expect(table.columns[4] == .boolean([1, 0, 1, 0]))
    }

    @Test func everyBadCellIsReportedWithLineAndColumn() {
        let path = folder.file("""
            user_id,age,gender,interests,premium
            u1,abc,female,music,true
            u2,30.5,male,music,true
            u3,150,male,music,true
            u4,20,robot,music,true
            u5,20,male,music;cooking,true
            u6,20,male,music,maybe
            u7,,male,music,true
            ,20,male,music,true

            """)
        let error = datasetError { () throws(DatasetError) in try Table.load(csvAt: path, schema: profileSchema) }
        let lines = error?.problems.map { "\($0.line):\($0.column): \($0.columnName ?? ""): \($0.message)" }
        #expect(lines == [
            "2:2: age: \"abc\" is not a number",
            "3:2: age: \"30.5\" is not a whole number (the column is integer)",
            "4:2: age: \"150\" is above the maximum 100",
            "5:3: gender: \"robot\" is not a category (expected one of: female, male, nonbinary)",
            "6:4: interests: \"cooking\" is not a label (expected labels from: music, sports, travel)",
            "7:5: premium: \"maybe\" is not a boolean (write true or false)",
            "8:2: age: empty cell, but the column is not nullable",
            "9:1: user_id: empty id (the column is not nullable)",
        ])
        #expect(error?.description.hasPrefix("\(path):2:2: age: \"abc\" is not a number\n") == true)
    }

    @Test func headerMismatchesAreProblems() {
        let path = folder.file("user_id,age,gender,premium,shoe_size\nu1,20,male,true,42\n")
        let error = datasetError { () throws(DatasetError) in try Table.load(csvAt: path, schema: profileSchema) }
        #expect(error?.problems.map(\.description) == [
            "\(path):1: interests: the header lacks this schema column",
            "\(path):1:5: shoe_size: the schema has no column of this name",
        ])
    }

    @Test func spacesAroundAHeaderNameAreExplained() {
        let path = folder.file("user_id, age,gender,interests,premium\nu1,20,male,music,true\n")
        let error = datasetError { () throws(DatasetError) in try Table.load(csvAt: path, schema: profileSchema) }
        #expect(error?.problems.last?.message
            == "the schema has no column of this name (\" age\" has spaces around \"age\"; header names must match exactly)")
    }

    @Test func structuralErrorsBecomeProblems() {
        let path = folder.file("user_id,age,gender,interests,premium\nu1,20,male,music,true\nu2,20,male\n")
        let error = datasetError { () throws(DatasetError) in try Table.load(csvAt: path, schema: profileSchema) }
        #expect(error?.problems.map(\.description) == ["\(path):3:4: record 2 has 3 fields, the header has 5"])
        #expect(error?.stoppedEarly == true)
    }

    @Test func loadingStopsAtTheProblemLimit() {
        let rows = (1...500).map { "u\($0),999,male,music,true" }.joined(separator: "\n")
        let path = folder.file("user_id,age,gender,interests,premium\n\(rows)\n")
        let error = datasetError { () throws(DatasetError) in try DatasetValidator(schema: profileSchema, problemLimit: 30).load(csvAt: path) }
        #expect(error?.problems.count == 30)
        #expect(error?.stoppedEarly == true)
        #expect(error?.description.split(separator: "\n").count == DatasetError.printedProblemLimit + 1)
    }

    @Test func validatorCountsEveryProblem() {
        let rows = (1...500).map { "u\($0),\($0 % 2 == 0 ? 999 : 20),male,music,true" }.joined(separator: "\n")
        let path = folder.file("user_id,age,gender,interests,premium\n\(rows)\n")
        let report = DatasetValidator(schema: profileSchema, problemLimit: 10).validate(csvAt: path)
        #expect(report.rowCount == 500)
        #expect(report.problemCount == 250)
        #expect(report.problems.count == 10)
        #expect(report.problems.first?.line == 3)
        #expect(!report.isValid)
        #expect(report.describe().hasSuffix("… and 240 more problems"))
    }

    @Test func dataDerivedVocabulariesAreSorted() throws {
        let schema = try DatasetSchema(name: "open", columns: [
            ColumnSchema(name: "city", kind: .categorical(categories: nil)),
            ColumnSchema(name: "tags", kind: .multilabel(labels: nil, separator: "|")),
        ])
        let path = folder.file("city,tags\nParis,b|a\nBerlin,\nParis,c\n")
        let table = try Table.load(csvAt: path, schema: schema)
        #expect(table.columns[0] == .categorical(codes: [1, 0, 1], categories: ["Berlin", "Paris"]))
        #expect(table.columns[1] == .multilabel(flags: [1, 1, 0, 0, 0, 0, 0, 0, 1], missing: [false, false, false],
                                               labels: ["a", "b", "c"]))
    }
}
