import Foundation
import Testing

@Suite struct BenchScaleCommandTests {
    @Test func eachSizeIsMeasuredInItsOwnProcess() throws {
        let result = try CLIRunner.run(["bench", "scale", "--sizes", "1000,2000", "--epochs", "1", "--generate-rows", "500", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let points = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(points.map { $0["rows"] as? Int } == [1000, 2000])
        for point in points {
            #expect((point["phases"] as? [Any])?.count == 3)
            #expect((point["generatedRows"] as? Int) == 500)
            let encoded = try #require(point["encodedBytes"] as? Int)
            let peak = try #require(point["peakResidentBytes"] as? Int)
            #expect(encoded > 0 && peak > encoded)
        }
    }

    @Test func refusesSizesItCannotMeasure() throws {
        let result = try CLIRunner.run(["bench", "scale", "--sizes", "10,x"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--sizes"))
    }
}
