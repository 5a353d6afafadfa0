import ProfileGANSchema
import Testing
@testable import ProfileGANEvaluation

@Suite struct IdentifierCopiesTests {
    /// pii columns are left out of fidelity and counted for copies of real values instead.
    @Test func piiColumnsAreCheckedForCopiesNotScored() throws {
        let schema = try DatasetSchema(name: "p", columns: [
            ColumnSchema(name: "email", kind: .pii(.email), nullable: true),
            ColumnSchema(name: "age", kind: .continuous(min: 0, max: 100, integer: true)),
        ])
        let real = Table(schema: schema, columns: [.id(["a@x.org", "b@x.org", "", "c@x.org"]), .continuous([20, 30, 40, 50])])
        let synthetic = Table(schema: schema, columns: [.id(["q@example.org", "b@x.org", "", "r@example.org"]), .continuous([21, 31, 41, 49])])
        #expect(IdentifierCopies.count(real: real, synthetic: synthetic)
                    == [IdentifierCopies(column: "email", syntheticValues: 3, copies: 1)])
        let report = try Evaluator(real: real, synthetic: synthetic).run()
        #expect(report.identifierCopies.first?.copies == 1)
        #expect(report.quality.columns.map(\.column) == ["age"])
        #expect(report.summaryText().contains("pii email: 1 of 3 synthetic values equal a real one"))
    }
}
