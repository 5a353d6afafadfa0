import Foundation
import ProfileGANRandom
import ProfileGANSchema
@testable import ProfileGANEvaluation

/// Small tables built in memory for the metric tests.
enum TestTables {
    static func schema(_ columns: [ColumnSchema]) -> DatasetSchema {
        try! DatasetSchema(name: "test", columns: columns)
    }

    /// Rows of a toy profile table: two standard-normal numbers, a 3-level category, and a boolean
    /// `label` that is `x1 + x2 > 0` (separable) or, with `shuffledLabel`, a coin flip.
    static func profiles(rows n: Int, seed: UInt64, shuffledLabel: Bool = false) -> Table {
        var g = SeededGenerator(seed: seed)
        var x1 = [Double](), x2 = [Double](), group = [Int32](), label = [Int8]()
        for _ in 0..<n {
            let a = g.nextStandardNormal(), b = g.nextStandardNormal()
            x1.append(a); x2.append(b)
            group.append(Int32(g.nextIndex(below: 3)))
            label.append(shuffledLabel ? Int8(g.nextIndex(below: 2)) : (a + b > 0 ? 1 : 0))
        }
        let s = schema([
            ColumnSchema(name: "id", kind: .id),
            ColumnSchema(name: "x1", kind: .continuous(min: nil, max: nil, integer: false)),
            ColumnSchema(name: "x2", kind: .continuous(min: nil, max: nil, integer: false)),
            ColumnSchema(name: "group", kind: .categorical(categories: ["a", "b", "c"])),
            ColumnSchema(name: "label", kind: .boolean),
        ])
        return Table(schema: s, columns: [
            .id((0..<n).map { "u\(seed)-\($0)" }), .continuous(x1), .continuous(x2),
            .categorical(codes: group, categories: ["a", "b", "c"]), .boolean(label),
        ])
    }

    /// The package root, found from this file's path (Tests/EvaluationTests/…).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
