import Foundation
import ProfileGANPrivacy
import ProfileGANRandom
import ProfileGANSchema
import ProfileGANTransforms
import Testing
@testable import ProfileGANSynthesizer

/// A DP fit of a many-valued column under a fixed_combinations constraint with public pairs: the
/// category counts are a planned, charged release; the model's rare bucket comes from them; every
/// generated pair is allowed.
@Suite struct PrivateManyCategoriesTests {
    static func table(rows: Int = 2_000) throws -> Table {
        let cities = (0..<300).map { "city\($0)" }
        // country A has city0…city199, B city200…city299.
        let pairs = cities.indices.map { CategoryPair(parent: $0 < 200 ? "A" : "B", child: cities[$0]) }
        let schema = try DatasetSchema(name: "many", columns: [
            ColumnSchema(name: "country", kind: .categorical(categories: ["A", "B"])),
            ColumnSchema(name: "city", kind: .categorical(categories: cities)),
            ColumnSchema(name: "premium", kind: .boolean),
        ], constraints: [.fixedCombinations(parent: "country", child: "city", pairs: pairs)])
        var rng = SeededGenerator(seed: 5)
        var country: [Int32] = [], city: [Int32] = [], premium: [Int8] = []
        for _ in 0..<rows {
            let a = rng.nextUnitDouble() < 0.7
            // Zipf-like within the country: the k-th city with weight about 1/(k+1).
            let k = Int32(min(Double(a ? 199 : 99), (1 / max(rng.nextUnitDouble(), 0.005)).rounded(.down) - 1))
            country.append(a ? 0 : 1)
            city.append(a ? k : 200 + k)
            premium.append(a ? 1 : 0)
        }
        return Table(schema: schema, columns: [.categorical(codes: country, categories: ["A", "B"]),
                                               .categorical(codes: city, categories: cities), .boolean(premium)])
    }

    @Test func categoryCountsArePlannedChargedAndKeepPairsAllowed() throws {
        let table = try Self.table()
        var configuration = tinyConfiguration()
        configuration.epochs = 2
        var privacy = PrivacyOptions(target: .epsilon(3))
        privacy.delta = 1e-5
        let fit = try PrivateFit(table: table, configuration: configuration, privacy: privacy,
                                 ledger: BudgetLedger(path: Synthesizer.FitOptions.temporaryLedgerPath()))
        let plan = fit.plan
        #expect(plan.categoryCountColumns == ["city"])
        let counts = try #require(plan.releases.first { $0.subject == .categoryCounts(column: "city") })
        #expect(counts.cells == 300 && counts.group == .categoryCounts)
        #expect(!plan.releases.contains { $0.subject == .marginal(column: "city") })
        #expect(plan.singleOutThreshold == privacy.singleOutNoiseMultiples * counts.noiseMultiplier)
        #expect(plan.mechanisms.contains(.discreteGaussian(noiseMultiplier: counts.noiseMultiplier, count: 1,
                                                           purpose: PlannedRelease.Group.categoryCounts.rawValue)))
        #expect(plan.epsilon <= 3 + 1e-9)

        let model = try fit.train()
        #expect(model.privacy?.mechanisms.dropLast() == plan.releaseMechanisms[...])
        guard case .discrete(let city) = model.transformer.columns[1], let oneHot = city.oneHot else {
            Issue.record("the DP model has no rare bucket for city"); return
        }
        #expect(city.width <= TransformerOptions().maxOneHotCategories!)
        #expect(!oneHot.isEmpty)  // the most frequent cities clear the threshold on 2,000 rows
        let tables = try generateAll(model, rows: 2_000, options: .init(seed: 3))
        for generated in tables {
            guard case .categorical(let countries, _) = generated.columns[0], case .categorical(let cities, _) = generated.columns[1] else { continue }
            #expect(zip(countries, cities).allSatisfy { ($0 == 0) == ($1 < 200) })
        }
    }

    /// Without public pairs a DP fit is refused before anything is released, saying what to add.
    @Test func aConstraintWithoutPairsIsRefusedBeforeAnyRelease() throws {
        let table = try Self.table(rows: 200)
        let schema = try DatasetSchema(name: "many", columns: table.schema.columns,
                                       constraints: [.fixedCombinations(parent: "country", child: "city")])
        let ledgerPath = Synthesizer.FitOptions.temporaryLedgerPath()
        do {
            _ = try PrivateFit(table: Table(schema: schema, columns: table.columns), configuration: tinyConfiguration(),
                               privacy: PrivacyOptions(target: .epsilon(1)), ledger: BudgetLedger(path: ledgerPath), datasetID: "many")
            Issue.record("a DP fit accepted a fixed_combinations constraint without public pairs")
        } catch {
            #expect("\(error)".contains("pairs_file"))
        }
        #expect(try BudgetLedger(path: ledgerPath).terms(of: "many") == nil)
    }
}
