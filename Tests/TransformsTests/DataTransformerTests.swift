import Foundation
import Testing
import ProfileGANRandom
import ProfileGANSchema
@testable import ProfileGANTransforms

@Suite struct DataTransformerTests {
    static func fitted(_ table: Table, _ options: TransformerOptions = TransformerOptions(), seed: UInt64 = 1) throws -> DataTransformer {
        var rng = SeededGenerator(seed: seed)
        return try DataTransformer(fitting: table, options: options, rng: &rng)
    }

    static func roundTrip(_ table: Table, _ transformer: DataTransformer, seed: UInt64 = 2) throws -> (EncodedBatch, Table) {
        var rng = SeededGenerator(seed: seed)
        let encoded = try transformer.encode(table, rng: &rng)
        return (encoded, transformer.decode(encoded.values, rows: encoded.rows))
    }

    /// Every non-id column of `decoded` equals `original` (continuous values within `tolerance`).
    static func expectSameData(_ original: Table, _ decoded: Table, tolerance: [String: Double] = [:]) {
        for (index, column) in original.schema.columns.enumerated() {
            switch (original.columns[index], decoded.columns[index]) {
            case (.id, .id):
                continue
            case (.continuous(let a), .continuous(let b)):
                let allowed = tolerance[column.name] ?? 0
                let worst = zip(a, b).map { $0.isNaN && $1.isNaN ? 0 : ($0.isNaN != $1.isNaN ? .infinity : abs($0 - $1)) }.max() ?? 0
                #expect(worst <= allowed, "column \(column.name): worst error \(worst) > \(allowed)")
            case (let a, let b):
                #expect(a == b, "column \(column.name) differs")
            }
        }
    }

    @Test func layoutCoversTheRowWithTypedSegments() throws {
        let table = Fixtures.mixedTable()
        let transformer = try Self.fitted(table)
        var next = 0
        for segment in transformer.outputSegments {
            #expect(segment.start == next)
            next += segment.length
        }
        #expect(next == transformer.width)
        // id: 0; income: 1 + modes; age: 1 + modes + 2; country: 4; plan: 2 + 1; premium: 2 + 1; interests: 3·2 + 2.
        guard case .continuous(let income) = transformer.columns[1], case .continuous(let age) = transformer.columns[2] else {
            Issue.record("continuous columns expected"); return
        }
        #expect(income.modeCount >= 2)  // the fixture's income is bimodal
        #expect(transformer.width == (1 + income.modeCount) + (1 + age.modeCount + 2) + 4 + 3 + 3 + 8)
        #expect(transformer.oneHotSpan(ofColumn: "country") == transformer.columnOffsets[3]..<(transformer.columnOffsets[3] + 4))
        #expect(transformer.discreteBlocks.map(\.displayName) == [
            "age[missing]", "country", "plan", "premium",
            "interests[music]", "interests[sports]", "interests[travel]", "interests[missing]",
        ])
        #expect(transformer.conditionableBlocks.count == 6)
    }

    @Test func encodedRowsAreOneHotAndScalarsInRange() throws {
        let table = Fixtures.mixedTable()
        let transformer = try Self.fitted(table)
        var rng = SeededGenerator(seed: 3)
        let encoded = try transformer.encode(table, rng: &rng)
        for r in 0..<encoded.rows {
            let row = Array(encoded.row(r))
            for segment in transformer.outputSegments {
                let values = row[segment.range]
                switch segment.activation {
                case .tanh: #expect(values.allSatisfy { (-1...1).contains($0) })
                case .softmax: #expect(values.filter { $0 == 1 }.count == 1 && values.allSatisfy { $0 == 0 || $0 == 1 })
                }
            }
        }
    }

    @Test func theSeededEntryPointEncodesExactlyAsTheGenericOne() throws {
        let table = Fixtures.mixedTable()
        let transformer = try Self.fitted(table)
        var concrete = SeededGenerator(seed: 8)
        var generic: any RandomNumberGenerator = SeededGenerator(seed: 8)
        let viaConcrete = try transformer.encode(table, rng: &concrete)
        let viaGeneric = try transformer.encode(table, rng: &generic)
        #expect(viaConcrete.values == viaGeneric.values)
        // The sampled mode assignment drew from the stream, and both advanced it alike.
        #expect(concrete.next() == generic.next())
    }

    @Test(arguments: [ContinuousEncoding.vgm, .minmax], [ModeAssignment.sampled, .argmax])
    func roundTripsEveryColumnKind(encoding: ContinuousEncoding, assignment: ModeAssignment) throws {
        let table = Fixtures.mixedTable()
        let transformer = try Self.fitted(table, TransformerOptions(continuous: encoding, modeAssignment: assignment))
        let (_, decoded) = try Self.roundTrip(table, transformer)
        // income has two decimals (learned), age is an integer: both decode exactly; missing cells stay missing.
        Self.expectSameData(table, decoded)
        #expect(decoded.columns[0] == .id((1...table.rowCount).map(String.init)))
    }

    @Test func withoutLearnedDecimalsContinuousValuesAreWithinTheDocumentedPrecision() throws {
        let table = Fixtures.mixedTable()
        for encoding in ContinuousEncoding.allCases {
            let transformer = try Self.fitted(table, TransformerOptions(continuous: encoding, learnDecimals: false))
            let (_, decoded) = try Self.roundTrip(table, transformer)
            let precision = transformer.continuousPrecision["income"]!
            #expect(precision > 0 && precision < 1e-4)
            // The documented bound, plus the Double rounding of μ + 4σs.
            Self.expectSameData(table, decoded, tolerance: ["income": precision * 1.01 + 1e-12])
        }
    }

    @Test(arguments: ["SLID", "bfi", "profiles"])
    func roundTripsTheSharedTablesAndTheSampleExactly(name: String) throws {
        let table = try name == "profiles" ? Fixtures.sampleProfiles() : Fixtures.sharedTable(name)
        for encoding in ContinuousEncoding.allCases {
            let transformer = try Self.fitted(table, TransformerOptions(continuous: encoding))
            let (_, decoded) = try Self.roundTrip(table, transformer)
            Self.expectSameData(table, decoded)
        }
    }

    @Test func findsThePlantedAgeModesOfTheSample() throws {
        // samples/README.md: age = 45% N(22, 3.5), 35% N(38, 6), 20% N(62, 8), rounded and clipped.
        let transformer = try Self.fitted(try Fixtures.sampleProfiles())
        guard case .continuous(let age) = transformer.columns[1], case .modeSpecific(let mixture) = age.normalization else {
            Issue.record("a mode-specific age column expected"); return
        }
        #expect(mixture.componentCount == 3)
        guard mixture.componentCount == 3 else { return }
        for (k, (weight, mean, sd)) in [(0.45, 22.0, 3.5), (0.35, 38.0, 6.0), (0.20, 62.0, 8.0)].enumerated() {
            #expect(abs(mixture.weights[k] - weight) < 0.03)
            #expect(abs(mixture.means[k] - mean) < 1)
            #expect(abs(mixture.standardDeviations[k] - sd) < 0.8)
        }
    }

    @Test func decodeClampsToBoundsAndRoundsIntegers() throws {
        let table = Fixtures.mixedTable(rows: 300)
        let transformer = try Self.fitted(table)
        // Generator-like output: random values everywhere (scalars beyond ±1, soft one-hots).
        var rng = SeededGenerator(seed: 4)
        let values = (0..<(50 * transformer.width)).map { _ in Float(rng.nextStandardNormal()) * 2 }
        let decoded = transformer.decode(values, rows: 50, firstID: 101)
        guard case .continuous(let income) = decoded.columns[1], case .continuous(let age) = decoded.columns[2] else {
            Issue.record("continuous columns expected"); return
        }
        #expect(income.allSatisfy { (0...500).contains($0) })
        #expect(age.allSatisfy { $0.isNaN || ((13...100).contains($0) && $0 == $0.rounded()) })
        #expect(decoded.columns[0] == .id((101...150).map(String.init)))
    }

    @Test func minmaxRefusesAColumnWithoutBounds() throws {
        let schema = try DatasetSchema(name: "s", columns: [ColumnSchema(name: "x", kind: .continuous(min: 0, max: nil, integer: false))])
        let table = Table(schema: schema, columns: [.continuous([1, 2, 3])])
        var rng = SeededGenerator(seed: 1)
        #expect(throws: TransformError.self) { try DataTransformer(fitting: table, options: TransformerOptions(continuous: .minmax), rng: &rng) }
        #expect(throws: TransformError.self) { try DataTransformer(publicSchema: schema, options: TransformerOptions(continuous: .minmax), rng: &rng) }
        // vgm on the data needs no bounds.
        #expect(throws: Never.self) { try DataTransformer(fitting: table, rng: &rng) }
    }

    @Test func publicConstructionReadsOnlyTheSchemaAndTheNoisyHistograms() throws {
        let table = Fixtures.mixedTable()
        var rng = SeededGenerator(seed: 5)
        // `plan` has no categories in the schema: refused under DP, naming what to add.
        do {
            _ = try DataTransformer(publicSchema: table.schema, options: TransformerOptions(continuous: .minmax), rng: &rng)
            Issue.record("expected an error for the vocabulary-less column")
        } catch {
            #expect(error.column == "plan" && error.message.contains("categories"))
        }
        var columns = table.schema.columns
        columns[4].kind = .categorical(categories: ["basic", "pro"])
        let schema = try DatasetSchema(name: "mixed", columns: columns)
        #expect(throws: TransformError.self) { try DataTransformer(publicSchema: schema, rng: &rng) }  // vgm without histograms

        guard case .continuous(let income) = table.columns[1], case .continuous(let age) = table.columns[2] else { return }
        let histograms = [
            "income": WeightedHistogram.exactCounts(of: income, bounds: 0...500, binCount: 250),
            "age": WeightedHistogram.exactCounts(of: age, bounds: 13...100, binCount: 87),
        ]
        let transformer = try DataTransformer(publicSchema: schema, continuousHistograms: histograms, rng: &rng)
        #expect(transformer.isPublic && !transformer.options.learnDecimals)
        guard case .continuous(let fitted) = transformer.columns[1], case .modeSpecific(let mixture) = fitted.normalization else {
            Issue.record("a mode-specific income column expected"); return
        }
        #expect(mixture.means.contains { abs($0 - 40) < 3 } && mixture.means.contains { abs($0 - 250) < 10 })
        // Same histograms and seed → the same transformer, whatever the private rows are.
        var again = SeededGenerator(seed: 5)
        _ = try? DataTransformer(publicSchema: table.schema, options: TransformerOptions(continuous: .minmax), rng: &again)
        _ = try? DataTransformer(publicSchema: schema, rng: &again)
        #expect(try DataTransformer(publicSchema: schema, continuousHistograms: histograms, rng: &again) == transformer)
        // Encoding the private table round trips within the documented precision (no learned decimals).
        let relabeled = Table(schema: schema, columns: table.columns)
        let (_, decoded) = try Self.roundTrip(relabeled, transformer)
        Self.expectSameData(relabeled, decoded, tolerance: ["income": transformer.continuousPrecision["income"]! * 1.01 + 1e-12])
    }

    @Test func codableRoundTripGivesIdenticalEncodings() throws {
        let table = Fixtures.mixedTable()
        let transformer = try Self.fitted(table)
        let json = try JSONEncoder().encode(transformer)
        let restored = try JSONDecoder().decode(DataTransformer.self, from: json)
        #expect(restored == transformer)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains(#""type":"continuous""#) && text.contains(#""kind":"vgm""#) && !text.contains("_0"))
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        #expect(try transformer.encode(table, rng: &a) == restored.encode(table, rng: &b))
    }

    @Test func minmaxTransformerSurvivesCodingAndDamagedMetadataIsAnError() throws {
        let transformer = try Self.fitted(Fixtures.mixedTable(rows: 200), TransformerOptions(continuous: .minmax))
        let json = try JSONEncoder().encode(transformer)
        #expect(try JSONDecoder().decode(DataTransformer.self, from: json) == transformer)
        let damaged = String(decoding: json, as: UTF8.self).replacingOccurrences(of: #""kind":"minmax""#, with: #""kind":"spline""#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DataTransformer.self, from: Data(damaged.utf8)) }
    }

    @Test func encodesIntoACallerBufferForSelectedRows() throws {
        let table = Fixtures.mixedTable(rows: 200)
        let transformer = try DataTransformer(fitting: table, options: TransformerOptions(modeAssignment: .argmax), rng: &Self.seeded)
        var rng = SeededGenerator(seed: 1)
        let all = try transformer.encode(table, rng: &rng)
        let rows = [5, 17, 5, 199]
        var buffer = [Float](repeating: 7, count: rows.count * transformer.width + 3)
        try buffer.withUnsafeMutableBufferPointer { (pointer) throws(TransformError) in
            try transformer.encode(table, rows: rows, into: pointer, rng: &rng)
        }
        for (r, source) in rows.enumerated() {
            #expect(buffer[(r * transformer.width)..<((r + 1) * transformer.width)].elementsEqual(all.row(source)))
        }
        #expect(buffer.suffix(3) == [7, 7, 7])  // nothing written past the batch
    }

    @Test func mapsTableVocabulariesByName() throws {
        let schema = try DatasetSchema(name: "v", columns: [
            ColumnSchema(name: "c", kind: .categorical(categories: nil)),
            ColumnSchema(name: "m", kind: .multilabel(labels: nil, separator: ";")),
        ])
        let fittedOn = Table(schema: schema, columns: [
            .categorical(codes: [0, 1, 2], categories: ["a", "b", "c"]),
            .multilabel(flags: [1, 0, 0, 1, 1, 1], missing: [false, false, false], labels: ["x", "y"]),
        ])
        let transformer = try Self.fitted(fittedOn)
        // The same values with vocabularies in another order (and a subset) encode identically.
        let reordered = Table(schema: schema, columns: [
            .categorical(codes: [1, 0, 2], categories: ["b", "a", "c"]),
            .multilabel(flags: [0, 1, 1, 0, 1, 1], missing: [false, false, false], labels: ["y", "x"]),
        ])
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 1)
        #expect(try transformer.encode(fittedOn, rng: &a) == transformer.encode(reordered, rng: &b))
        let unknown = Table(schema: schema, columns: [
            .categorical(codes: [0], categories: ["z"]), .multilabel(flags: [0, 0], missing: [false], labels: ["x", "y"]),
        ])
        do {
            _ = try transformer.encode(unknown, rng: &a)
            Issue.record("an unseen category must be refused")
        } catch {
            #expect(error.column == "c" && error.message.contains("\"z\""))
        }
    }

    @Test func refusesATableOfAnotherSchema() throws {
        let transformer = try Self.fitted(Fixtures.mixedTable(rows: 100))
        let other = try Fixtures.sharedTable("SLID")
        var rng = SeededGenerator(seed: 1)
        #expect(throws: TransformError.self) { try transformer.encode(other, rng: &rng) }
    }

    nonisolated(unsafe) static var seeded = SeededGenerator(seed: 77)
}
