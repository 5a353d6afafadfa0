import Foundation
import ProfileGANRandom
import ProfileGANSchema
import TestSupport
@testable import ProfileGANTransforms

/// Shared test data: synthetic mixtures, a table with every column kind, and the real public tables in Tests/Fixtures.
enum Fixtures {
    /// `count` draws from a Gaussian mixture given as (weight, mean, standard deviation) triples.
    static func mixtureSamples(_ components: [(Double, Double, Double)], count: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        let weights = components.map(\.0)
        return (0..<count).map { _ in
            var u = rng.nextUnitDouble()
            var k = 0
            while k < weights.count - 1 && u >= weights[k] { u -= weights[k]; k += 1 }
            return components[k].1 + components[k].2 * rng.nextStandardNormal()
        }
    }

    /// A table with an id, a bimodal continuous column with two decimals, a nullable integer column
    /// with missing cells, a categorical, a nullable categorical, a nullable boolean and a nullable
    /// multilabel column.
    static func mixedTable(rows: Int = 2_000, seed: UInt64 = 1) -> Table {
        var rng = SeededGenerator(seed: seed)
        let schema = try! DatasetSchema(name: "mixed", columns: [
            ColumnSchema(name: "user_id", kind: .id),
            ColumnSchema(name: "income", kind: .continuous(min: 0, max: 500, integer: false)),
            ColumnSchema(name: "age", kind: .continuous(min: 13, max: 100, integer: true), nullable: true),
            ColumnSchema(name: "country", kind: .categorical(categories: ["DE", "FR", "NL", "IS"])),
            ColumnSchema(name: "plan", kind: .categorical(categories: nil), nullable: true),
            ColumnSchema(name: "premium", kind: .boolean, nullable: true),
            ColumnSchema(name: "interests", kind: .multilabel(labels: ["music", "sports", "travel"], separator: ";"), nullable: true),
        ])
        var ids: [String] = [], income: [Double] = [], age: [Double] = [], country: [Int32] = []
        var plan: [Int32] = [], premium: [Int8] = [], flags: [UInt8] = [], missing: [Bool] = []
        for r in 0..<rows {
            ids.append("u\(r)")
            let high = rng.nextUnitDouble() < 0.3
            let raw = high ? 250 + 30 * rng.nextStandardNormal() : 40 + 8 * rng.nextStandardNormal()
            income.append((min(max(raw, 0), 500) * 100).rounded() / 100)
            age.append(rng.nextUnitDouble() < 0.1 ? .nan : Double(20 + rng.nextIndex(below: 60)))
            let u = rng.nextUnitDouble()
            country.append(u < 0.6 ? 0 : u < 0.9 ? 1 : u < 0.99 ? 2 : 3)
            plan.append(rng.nextUnitDouble() < 0.05 ? -1 : Int32(rng.nextIndex(below: 2)))
            premium.append(rng.nextUnitDouble() < 0.05 ? -1 : Int8(rng.nextIndex(below: 2)))
            let isMissing = rng.nextUnitDouble() < 0.05
            missing.append(isMissing)
            for _ in 0..<3 { flags.append(isMissing ? 0 : UInt8(rng.nextIndex(below: 2))) }
        }
        return Table(schema: schema, columns: [
            .id(ids), .continuous(income), .continuous(age),
            .categorical(codes: country, categories: ["DE", "FR", "NL", "IS"]),
            .categorical(codes: plan, categories: ["basic", "pro"]),
            .boolean(premium), .multilabel(flags: flags, missing: missing, labels: ["music", "sports", "travel"]),
        ])
    }

    /// The package root (three levels above this file).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A real public table: `Tests/Fixtures/data/NAME/train.csv` with its schema.
    static func sharedTable(_ name: String) throws -> Table {
        let folder = try Fixture.dataFolder(name)
        return try load(folder.appendingPathComponent("train.csv"), schema: folder.appendingPathComponent("schema.json"))
    }

    /// The repository's sample: `samples/profiles.csv` with `schemas/profiles.json`.
    static func sampleProfiles() throws -> Table {
        try load(packageRoot.appendingPathComponent("samples/profiles.csv"), schema: packageRoot.appendingPathComponent("schemas/profiles.json"))
    }

    static func load(_ csv: URL, schema: URL) throws -> Table {
        try Table.load(csvAt: csv.path, schema: try DatasetSchema.load(from: schema))
    }
}
