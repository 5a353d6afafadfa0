import Foundation
import Testing
import ProfileGANSchema
@testable import ProfileGANSynthesizer

/// Limits are errors: a table too wide for the memory budget is refused before anything large is
/// allocated, naming the column responsible.
@Suite struct MemoryEstimateTests {
    private func table(categories: Int, rows: Int) throws -> Table {
        let names = (0..<categories).map { "k\($0)" }
        let schema = try DatasetSchema(name: "wide", columns: [
            ColumnSchema(name: "c", kind: .categorical(categories: names)),
            ColumnSchema(name: "x", kind: .continuous(min: 0, max: 1, integer: false)),
        ])
        return Table(schema: schema, columns: [
            .categorical(codes: (0..<rows).map { Int32($0 % categories) }, categories: names),
            .continuous([Double](repeating: 0.5, count: rows)),
        ])
    }

    /// Past the one-hot limit a categorical column is its most frequent categories plus a rare
    /// bucket, so 100,000 categories cost what 100 do.
    @Test func aHundredThousandCategoriesAreEstimatedWithTheirRareBucket() throws {
        let wide = try table(categories: 100_000, rows: 100_000)
        let estimate = MemoryEstimate.forFit(wide, configuration: SynthesizerConfiguration(), isPrivate: false)
        #expect(estimate.encodedWidth == 100 + 11)
        #expect(estimate.totalBytes < 1_000_000_000)
        try estimate.check(budget: 8_000_000_000)
    }

    /// `maxOneHotCategories` lowers the limit for the estimate and the fit alike.
    @Test func aLowerOneHotLimitNarrowsTheEncodingAndTheEstimate() throws {
        let table = try table(categories: 300, rows: 3_000)
        var configuration = tinyConfiguration()
        configuration.maxOneHotCategories = 20
        #expect(MemoryEstimate.forFit(table, configuration: configuration, isPrivate: false).encodedWidth == 20 + 11)
        configuration.epochs = 1
        let model = try Synthesizer.fit(table, configuration: configuration)
        guard case .discrete(let c) = model.transformer.columns[0] else { Issue.record("c is not discrete"); return }
        #expect(c.oneHot?.count == 19 && c.rare?.members.count == 281)
        configuration.maxOneHotCategories = 1
        #expect(throws: SynthesizerError.self) { try configuration.validate() }
    }

    @Test func aTableTooWideIsRefusedNamingTheColumn() throws {
        // 50,000 labels: each is its own [absent, present] pair, 100,000 encoded values a row.
        let labels = (0..<50_000).map { "l\($0)" }
        let rows = 20_000
        let schema = try DatasetSchema(name: "wide", columns: [
            ColumnSchema(name: "tags", kind: .multilabel(labels: labels, separator: ";")),
            ColumnSchema(name: "x", kind: .continuous(min: 0, max: 1, integer: false)),
        ])
        var flags = [UInt8](repeating: 0, count: rows * labels.count)
        for r in 0..<rows { flags[r * labels.count + r % labels.count] = 1 }
        let wide = Table(schema: schema, columns: [
            .multilabel(flags: flags, missing: [Bool](repeating: false, count: rows), labels: labels),
            .continuous([Double](repeating: 0.5, count: rows)),
        ])
        var options = Synthesizer.FitOptions()
        options.maxMemory = 8_000_000_000
        do {
            _ = try Synthesizer.fit(wide, options: options)
            Issue.record("a 100,000-value-wide fit was not refused")
        } catch {
            let message = "\(error)"
            #expect(message.contains("more than the 8.0 GB allowed (--max-memory)"), "\(message)")
            #expect(message.contains("column \"tags\" alone encodes to 100000 values (50000 labels)"), "\(message)")
        }
    }

    @Test func anOrdinaryTableIsWellWithinTheDefaultBudget() throws {
        let small = try table(categories: 5, rows: 5_000)
        let estimate = MemoryEstimate.forFit(small, configuration: SynthesizerConfiguration(), isPrivate: true)
        #expect(estimate.totalBytes < 2_000_000_000)
        #expect(estimate.parts.contains { $0.0.hasPrefix("per-row gradients") })
        try estimate.check(budget: MemoryEstimate.defaultBudget)
    }
}
