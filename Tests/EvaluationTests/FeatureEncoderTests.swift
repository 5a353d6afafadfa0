import Testing
@testable import ProfileGANEvaluation
import ProfileGANSchema

@Suite struct FeatureEncoderTests {
    /// A 500-category column: the classifiers would solve 500 × 500 systems per Newton step.
    @Test func manyCategoriesShareOneFeatureBeyondTheMostFrequent() throws {
        let categories = (0..<500).map { "city\($0)" }
        let schema = try DatasetSchema(name: "t", columns: [ColumnSchema(name: "city", kind: .categorical(categories: categories))])
        // city0 is the most frequent, then city1, …; every other code appears once.
        var codes: [Int32] = []
        for k in 0..<80 { codes += [Int32](repeating: Int32(k), count: 100 - k) }
        codes += (80..<500).map(Int32.init)
        let table = Table(schema: schema, columns: [.categorical(codes: codes, categories: categories)])
        let encoder = FeatureEncoder(fitting: table)
        #expect(encoder.width == FeatureEncoder.maxOneHotCategories)
        let features = encoder.encode(table)
        func value(_ row: Int, _ column: Int) -> Double { features.values[row * features.columns + column] }
        func hot(_ row: Int) -> Int? { (0..<encoder.width).first { value(row, $0) != 0 } }
        #expect(hot(0) == 0)  // city0 keeps its own feature
        #expect(hot(100) == 1)  // city1 (rows 100…198) too
        let shared = FeatureEncoder.maxOneHotCategories - 1
        #expect(hot(codes.count - 1) == shared && hot(codes.count - 2) == shared)  // two rare cities share one
        // Every row has exactly one hot feature.
        #expect((0..<codes.count).allSatisfy { r in (0..<encoder.width).filter { value(r, $0) != 0 }.count == 1 })
    }

    @Test func fewCategoriesKeepOneFeatureEach() throws {
        let schema = try DatasetSchema(name: "t", columns: [ColumnSchema(name: "c", kind: .categorical(categories: ["a", "b", "c"]))])
        let table = Table(schema: schema, columns: [.categorical(codes: [0, 1, 2, 2], categories: ["a", "b", "c"])])
        #expect(FeatureEncoder(fitting: table).width == 3)
    }
}
