import Foundation
import ProfileGANNeural
import ProfileGANPrivacy
import ProfileGANRandom
import ProfileGANSchema
import ProfileGANTransforms
import Testing
@testable import ProfileGANSynthesizer

/// Under DP a nullable continuous (or datetime) column's one-way marginal is released too: its
/// bins plus one cell for its missing rows, one more count vector of the marginals group.
@Suite struct NullableMarginalTests {
    /// `age` (continuous), `login` (nullable continuous, missing on every 4th row, else `age` + r % 9)
    /// and `plan` (categorical).
    static func table(rows: Int = 400) throws -> Table {
        let schema = try DatasetSchema(name: "nullable", columns: [
            ColumnSchema(name: "age", kind: .continuous(min: 10, max: 90, integer: true)),
            ColumnSchema(name: "login", kind: .continuous(min: 10, max: 100, integer: true), nullable: true),
            ColumnSchema(name: "plan", kind: .categorical(categories: ["free", "pro"])),
        ])
        let ages: [Double] = (0..<rows).map { (r: Int) -> Double in Double(20 + (r * 37) % 50) }
        let logins: [Double] = (0..<rows).map { (r: Int) -> Double in
            r % 4 == 0 ? .nan : ages[r] + Double(r % 9)
        }
        return Table(schema: schema, columns: [
            .continuous(ages), .continuous(logins), .categorical(codes: (0..<rows).map { Int32($0 % 2) }, categories: ["free", "pro"]),
        ])
    }

    static func privacy() -> PrivacyOptions {
        var privacy = PrivacyOptions(target: .epsilon(2))
        privacy.delta = 1e-5
        privacy.marginalPairs = .none
        return privacy
    }

    @Test func thePlanListsTheNullableColumnsHistogramWithAMissingCell() throws {
        let table = try Self.table()
        var configuration = tinyConfiguration()
        configuration.epochs = 1
        let privacy = Self.privacy()
        let plan = try Synthesizer.planPrivateFit(noisyRowCount: 400, delta: 1e-5, schema: table.schema, configuration: configuration, privacy: privacy)
        #expect(plan.marginalHistogramColumns == ["age", "login"])
        #expect(plan.releases.map(\.subject) == [.rowCount, .marginal(column: "plan"), .marginal(column: "age"), .marginal(column: "login")])
        #expect(plan.releases.map(\.cells) == [1, 2, privacy.marginalBins, privacy.marginalBins + 1])
        // One more vector in the marginals group: its σ is that of three vectors, not two.
        guard case .discreteGaussian(let marginals) = plan.mechanisms[1] else { Issue.record("no marginal release"); return }
        #expect(marginals.count == 3)
        #expect(Set(plan.releases.dropFirst().map(\.noiseMultiplier)).count == 1)
        // Pairs: the nullable column's pair cells are its pair bins plus the missing cell.
        var pairs = privacy
        pairs.marginalPairs = .all
        let withPairs = try Synthesizer.planPrivateFit(noisyRowCount: 400, delta: 1e-5, schema: table.schema, configuration: configuration, privacy: pairs)
        let agePair = withPairs.releases.first { $0.subject == .pair("age", "login") }
        #expect(agePair?.cells == pairs.marginalPairBins * (pairs.marginalPairBins + 1))
    }

    /// With more pairs than the automatic limit, `auto` still releases the pair table of each
    /// inequality constraint's two columns — and only those.
    @Test func automaticPairsKeepTheTableOfAnInequality() throws {
        let flags = (0..<6).map { ColumnSchema(name: "flag\($0)", kind: .boolean) }
        let schema = try DatasetSchema(name: "wide", columns: [
            ColumnSchema(name: "signup", kind: .continuous(min: 0, max: 100, integer: true)),
            ColumnSchema(name: "login", kind: .continuous(min: 0, max: 100, integer: true), nullable: true),
        ] + flags, constraints: [.inequality(low: "signup", high: "login")])
        var configuration = tinyConfiguration()
        configuration.epochs = 1
        var privacy = Self.privacy()
        privacy.marginalPairs = .automatic
        let plan = try Synthesizer.planPrivateFit(noisyRowCount: 400, delta: 1e-5, schema: schema, configuration: configuration, privacy: privacy)
        // 8 marginal columns make 28 pairs, past the limit of 15.
        let pairs = plan.releases.filter { if case .pair = $0.subject { return true } else { return false } }
        #expect(pairs.map(\.subject) == [.pair("signup", "login")])
        #expect(plan.marginalPairCount == 1)
        #expect(pairs.first?.cells == privacy.marginalPairBins * (privacy.marginalPairBins + 1))
        // Without the constraint, none.
        let free = try DatasetSchema(name: "wide", columns: schema.columns)
        let unconstrained = try Synthesizer.planPrivateFit(noisyRowCount: 400, delta: 1e-5, schema: free, configuration: configuration, privacy: privacy)
        #expect(unconstrained.marginalPairCount == 0)
    }

    /// The counted vector's last cell is the missing rows; released, it is that within the noise;
    /// the loss target built from it puts that share on the indicator's `missing` entry.
    @Test func theMissingCellCountsTheMissingRows() throws {
        let table = try Self.table()
        let privacy = Self.privacy()
        var configuration = tinyConfiguration()
        configuration.epochs = 1
        let plan = try Synthesizer.planPrivateFit(noisyRowCount: 400, delta: 1e-5, schema: table.schema, configuration: configuration, privacy: privacy)
        var rng = SeededGenerator(seed: 1)
        let transformer = try DataTransformer(publicSchema: table.schema, options: TransformerOptions(continuous: .minmax), rng: &rng)
        let encoded = try transformer.encode(table, rng: &rng)
        let column = try #require(MarginalColumn.columns(of: transformer, scalarColumns: plan.marginalHistogramColumns).first { $0.name == "login" })
        let bins = privacy.marginalBins
        let exact = column.counts(of: encoded, bins: bins)
        let missing = 100  // rows 0, 4, 8, …
        #expect(exact.count == bins + 1 && exact[bins] == missing && exact.reduce(0, +) == 400)
        // Present values land in the bins of their value: login ∈ [20, 77] of [10, 100].
        let lowest = Int((20.0 - 10) / 90 * Double(bins)), highest = Int((77.0 - 10) / 90 * Double(bins))
        #expect(exact.prefix(bins).enumerated().allSatisfy { $0.element == 0 || ($0.offset >= lowest && $0.offset <= highest) })

        let release = try #require(plan.releases.first { $0.subject == .marginal(column: "login") })
        var noise = PrivacyNoiseGenerator(replaySeed: 3)
        let released = try release.run(counts: exact, using: &noise)
        #expect(abs(Double(released[bins] - missing)) < 5 * release.noiseMultiplier)

        let targets = column.targets(counts: exact.map(Double.init), bins: bins)
        #expect(targets.count == 1)
        let target = try #require(targets.first)
        #expect(target.first == .softmax(columns: 2..<4) && target.second == .tanhBins(column: 1, bins: bins))
        let missingShare = target.distribution[bins...].reduce(0, +)
        #expect(abs(missingShare - 0.25) < 1e-5)
        // A missing row counts as its encoded scalar 0, spread as the loss's kernel spreads a
        // generated 0: symmetric about the middle, almost all of it in the two middle bins.
        let spread = Array(target.distribution[bins...])
        #expect(spread.indices.allSatisfy { abs(spread[$0] - spread[bins - 1 - $0]) < 1e-6 })
        #expect(spread[bins / 2 - 1] + spread[bins / 2] > 0.95 * missingShare)
    }

    /// A DP fit with the nullable column runs its plan exactly and records what the plan charged.
    @Test func aPrivateFitWithANullableColumnRecordsThePlannedMechanisms() throws {
        let table = try Self.table()
        var configuration = tinyConfiguration()
        configuration.epochs = 1
        for pairs in [PrivacyOptions.MarginalPairs.none, .all] {
            var privacy = Self.privacy()
            privacy.marginalPairs = pairs
            let fit = try PrivateFit(table: table, configuration: configuration, privacy: privacy,
                                     ledger: BudgetLedger(path: Synthesizer.FitOptions.temporaryLedgerPath()))
            #expect(fit.plan.releases.contains { $0.subject == .marginal(column: "login") && $0.cells == privacy.marginalBins + 1 })
            let model = try fit.train()
            #expect(model.privacy?.mechanisms.dropLast() == fit.plan.releaseMechanisms[...])
            #expect(try #require(model.privacy?.epsilon) <= 2 + 1e-9)
            var rows: [Table] = []
            try model.generate(rows: 200, options: .init(seed: 1)) { rows.append($0) }
            #expect(rows.first?.rowCount == 200)
        }
    }
}
