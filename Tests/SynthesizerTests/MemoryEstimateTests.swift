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

    @Test func aHundredThousandCategoriesAreRefusedNamingTheColumn() throws {
        let wide = try table(categories: 100_000, rows: 100_000)
        let estimate = MemoryEstimate.forFit(wide, configuration: SynthesizerConfiguration(), isPrivate: false)
        #expect(estimate.encodedWidth == 100_000 + 11)
        // The encoded table alone: rows × width × 4 bytes.
        #expect(estimate.totalBytes > 100_000 * 100_011 * 4)
        var options = Synthesizer.FitOptions()
        options.maxMemory = 8_000_000_000
        do {
            _ = try Synthesizer.fit(wide, options: options)
            Issue.record("a 100,000-category fit was not refused")
        } catch {
            let message = "\(error)"
            #expect(message.contains("more than the 8.0 GB allowed (--max-memory)"), "\(message)")
            #expect(message.contains("column \"c\" alone encodes to 100000 values (100000 categories)"))
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
