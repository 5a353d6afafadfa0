import Foundation
@testable import ProfileGANSchema

/// The profile schema of issue 2, used across the tests.
let profileSchema = try! DatasetSchema(name: "profiles", columns: [
    ColumnSchema(name: "user_id", kind: .id),
    ColumnSchema(name: "age", kind: .continuous(min: 13, max: 100, integer: true)),
    ColumnSchema(name: "gender", kind: .categorical(categories: ["female", "male", "nonbinary"]), nullable: true),
    ColumnSchema(name: "interests", kind: .multilabel(labels: ["music", "sports", "travel"], separator: ";"), nullable: true),
    ColumnSchema(name: "premium", kind: .boolean),
])

/// The package root, found from this file's path (Tests/SchemaTests/Fixtures.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs `body` expecting a DatasetError and returns it.
func datasetError(_ body: () throws(DatasetError) -> Table) -> DatasetError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
