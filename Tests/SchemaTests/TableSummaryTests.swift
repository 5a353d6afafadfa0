import Testing
@testable import ProfileGANSchema

@Suite struct TableSummaryTests {
    @Test func oneLinePerColumn() {
        let table = Table(schema: profileSchema, columns: [
            .id(["a", "b", "b", "c"]),
            .continuous([20, 30, 40, .nan]),
            .categorical(codes: [0, 0, 1, -1], categories: ["female", "male", "nonbinary"]),
            .multilabel(flags: [1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], missing: [false, false, false, true],
                        labels: ["music", "sports", "travel"]),
            .boolean([1, 0, 0, -1]),
        ])
        #expect(table.summaryLines() == [
            "user_id    id           missing 0%  3 distinct",
            "age        continuous   missing 25%  min 20  mean 30  max 40",
            "gender     categorical  missing 25%  female 66.7%, male 33.3%, nonbinary 0%",
            "interests  multilabel   missing 25%  1 labels per row; sports 66.7%, music 33.3%, travel 0%",
            "premium    boolean      missing 25%  true 33.3%",
        ])
    }
}
