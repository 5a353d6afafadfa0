import ProfileGANRandom
import ProfileGANSchema
import Testing
@testable import ProfileGANTransforms

/// The autoregressive model's tokens: one categorical variable per category block, label, missing
/// indicator and binned continuous column; decoding gives back every discrete cell exactly and
/// every continuous value inside its bin.
@Suite struct TableTokenizerTests {
    @Test func tokenColumnsCoverEveryLearnedColumnAndNoIdentifier() throws {
        let table = Fixtures.mixedTable(rows: 1_000)
        let tokenizer = try TableTokenizer(fitting: table)
        let names = tokenizer.tokenColumns.map(\.name)
        #expect(!names.contains("user_id"))
        // Nullable multilabel: its missing indicator first, then one binary token per label.
        #expect(names == ["income", "age", "country", "plan", "premium",
                          "interests[missing]", "interests[music]", "interests[sports]", "interests[travel]"])
        for column in tokenizer.tokenColumns {
            if case .bins(_, let bins, let missing) = column.source {
                #expect(bins.count <= TableTokenizer.maxBins)
                #expect((missing != nil) == (column.name == "age"))  // only age is nullable among the continuous
            }
        }
        #expect(tokenizer.tokenColumns[1].vocabularySize <= TableTokenizer.maxBins + 1)  // bins and the missing token
    }

    @Test func decodingKeepsDiscreteCellsAndPutsValuesInTheirBins() throws {
        let table = Fixtures.mixedTable(rows: 1_000)
        let tokenizer = try TableTokenizer(fitting: table)
        let tokens = try tokenizer.encode(table)
        var rng = SeededGenerator(seed: 3)
        let decoded = tokens.withUnsafeBufferPointer { tokenizer.decode($0, rows: table.rowCount, rng: &rng).table }
        for name in ["country", "plan", "premium", "interests"] {
            #expect(decoded.column(named: name) == table.column(named: name), "\(name) changed")
        }
        guard case .continuous(let original) = table.column(named: "age"), case .continuous(let back) = decoded.column(named: "age") else {
            Issue.record("no age column"); return
        }
        #expect(zip(original, back).allSatisfy { $0.isNaN == $1.isNaN }, "missing cells are kept by the missing token")
        // Re-encoding a decoded row lands in the same bin: uniform draws stay inside it.
        let again = try tokenizer.encode(decoded)
        #expect(again == tokens)
    }

    @Test func integerColumnWithFewValuesGetsOneBinPerValue() throws {
        let values: [Float] = [1, 1, 1, 2, 5, 5, 7]
        let bins = QuantileBins(fitting: values, maxBins: 64)
        #expect(bins.lows == [1, 2, 5, 7] && bins.highs == bins.lows)
        let many = (0..<10_000).map { Float($0 % 1000) / 1000 }
        let quantiles = QuantileBins(fitting: many, maxBins: 64)
        #expect(quantiles.count == 64)
        #expect(zip(quantiles.highs.dropLast(), quantiles.lows.dropFirst()).allSatisfy { $0 < $1 })
        #expect(quantiles.bin(of: 0) == 0 && quantiles.bin(of: 0.999) == 63)
    }

    @Test func rareBucketIsOneToken() throws {
        // 150 categories, above the one-hot limit: the 99 most frequent keep a token, the rest share "(rare)".
        let schema = try DatasetSchema(name: "many", columns: [ColumnSchema(name: "city", kind: .categorical(categories: nil))])
        let codes = (0..<3_000).map { Int32($0 % 150) }
        let table = Table(schema: schema, columns: [.categorical(codes: codes, categories: (0..<150).map { "c\($0)" })])
        let tokenizer = try TableTokenizer(fitting: table)
        #expect(tokenizer.vocabularySizes == [100])
    }

    @Test func equalWidthBinsSplitTheRangeAndMeetWithoutOverlap() {
        let bins = QuantileBins(equalWidthOver: -1...1, count: 8)
        #expect(bins.count == 8 && bins.lows[0] == -1 && bins.highs[7] == 1)
        #expect(zip(bins.highs.dropLast(), bins.lows.dropFirst()).allSatisfy { $0 < $1 && $1 == $0.nextUp })
        #expect(bins.bin(of: -1) == 0 && bins.bin(of: -0.76) == 0 && bins.bin(of: -0.74) == 1 && bins.bin(of: 1) == 7)
        #expect(bins.bin(of: -0.75) == 0)  // a boundary belongs to the lower bin
    }

    /// A DP fit's tokenizer reads no row: the layout comes from the schema, bins from its bounds.
    @Test func publicTokenizerReadsOnlyTheSchema() throws {
        let fixture = Fixtures.mixedTable(rows: 1_000)
        // Under DP the categories must be public: name the fixture's plans in the schema.
        let columns = fixture.schema.columns.map {
            $0.name == "plan" ? ColumnSchema(name: "plan", kind: .categorical(categories: ["basic", "pro"]), nullable: true) : $0
        }
        let table = Table(schema: try DatasetSchema(name: "mixed", columns: columns), columns: fixture.columns)
        let tokenizer = try TableTokenizer(publicSchema: table.schema, bins: 10)
        #expect(tokenizer.tokenColumns.map(\.name) == (try TableTokenizer(fitting: table)).tokenColumns.map(\.name))
        for column in tokenizer.tokenColumns {
            guard case .bins(_, let bins, _) = column.source else { continue }
            #expect(bins == QuantileBins(equalWidthOver: -1...1, count: 10))
        }
        // Discrete cells come back exactly, values inside the schema's bounds.
        let tokens = try tokenizer.encode(table)
        var rng = SeededGenerator(seed: 1)
        let decoded = tokens.withUnsafeBufferPointer { tokenizer.decode($0, rows: table.rowCount, rng: &rng).table }
        for name in ["country", "plan", "premium", "interests"] {
            #expect(decoded.column(named: name) == table.column(named: name), "\(name) changed")
        }
        guard case .continuous(let income) = decoded.column(named: "income") else { Issue.record("no income"); return }
        #expect(income.allSatisfy { (0...500).contains($0) })
    }

    /// A bin that mixes a spike with other values gives the spike back about as often as the data
    /// has it (a uniform draw over the bin would almost never hit it).
    @Test func insidePointsKeepASpikeInsideABin() {
        // 100 distinct values in 2 bins; value 10 holds 60% of the first bin's mass.
        let values = (0..<600).map { _ in Float(10) } + (0..<1_400).map { Float(10 + $0 % 100) * 1.01 + 0.5 }
        let bins = QuantileBins(fitting: values, maxBins: 2)
        #expect(bins.count == 2 && bins.insidePoints?.count == 2)
        var rng = SeededGenerator(seed: 2)
        let draws = (0..<10_000).map { _ in bins.value(ofBin: 0, unit: rng.nextUnitFloat()) }
        let spike = Double(draws.filter { $0 == 10 }.count) / Double(draws.count)
        let share = Double(values.filter { $0 == 10 }.count) / Double(values.filter { bins.bin(of: $0) == 0 }.count)
        #expect(abs(spike - share) < 0.13, "spike drawn \(spike), share in the bin \(share)")
        #expect(draws.allSatisfy { (bins.lows[0]...bins.highs[0]).contains($0) })
        // Bins cut from bounds alone keep the uniform draw.
        #expect(QuantileBins(equalWidthOver: -1...1, count: 4).insidePoints == nil)
    }

    /// Bins cut from a histogram follow its mass; negative (noisy) cells count as empty; no mass
    /// at all gives equal-width bins.
    @Test func binsFromAHistogramFollowItsMass() {
        // 8 cells over [−1, 1]; all mass in the upper half, a noisy negative cell below.
        let counts: [Double] = [0, -3, 0, 0, 10, 10, 10, 10]
        let bins = QuantileBins(fittingHistogram: counts, over: -1...1, maxBins: 4)
        #expect(bins.count == 4)
        #expect(bins.highs[0] <= 0.25 + 1e-6 && bins.lows[1] > 0 && bins.highs[3] == 1)
        for k in 1..<4 { #expect(abs((bins.highs[k] - bins.lows[k]) - 0.25) < 1e-5, "bin \(k) spans 0.25") }
        #expect(bins.insidePoints?.allSatisfy { $0.count == QuantileBins.insidePointCount } == true)
        #expect(QuantileBins(fittingHistogram: [0, -1, 0], over: -1...1, maxBins: 3) == QuantileBins(equalWidthOver: -1...1, count: 3))
    }
}
