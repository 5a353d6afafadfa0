import Foundation
import TestSupport

/// Reads the reference values kept in `Tests/Fixtures/reference/` (see ACCOUNTANT.md there).
///
/// The row counts are fixed here rather than taken from the files, so the parameterized tests always
/// run one case per row: a missing or truncated file fails those cases with its path instead of
/// silently running none.
enum ReferenceData {
    static let accountantRowCount = 62
    static let calibrationRowCount = 8

    struct AccountantRow: Decodable {
        let sampling_rate: Double
        let noise_multiplier: Double
        let steps: Int
        let delta: Double
        let epsilon_rdp: Double
        let optimal_order_rdp: Double
        let epsilon_pld: Double
    }

    struct CalibrationRow: Decodable {
        let sampling_rate: Double
        let steps: Int
        let delta: Double
        let target_epsilon: Double
        let noise_multiplier_rdp: Double
        let noise_multiplier_pld: Double
    }

    struct RowMissing: Error, CustomStringConvertible {
        let file: String, index: Int, count: Int
        var description: String { "\(file) has \(count) rows; row \(index) is missing" }
    }

    static func accountantRows() throws -> [AccountantRow] {
        try Fixture.decode([AccountantRow].self, from: "reference/accountant.json")
    }

    static func calibrationRows() throws -> [CalibrationRow] {
        try Fixture.decode([CalibrationRow].self, from: "reference/calibration.json")
    }

    static func accountantRow(_ index: Int) throws -> AccountantRow {
        try row(index, of: accountantRows(), file: "reference/accountant.json")
    }

    static func calibrationRow(_ index: Int) throws -> CalibrationRow {
        try row(index, of: calibrationRows(), file: "reference/calibration.json")
    }

    private static func row<Row>(_ index: Int, of rows: [Row], file: String) throws -> Row {
        guard rows.indices.contains(index) else { throw RowMissing(file: file, index: index, count: rows.count) }
        return rows[index]
    }
}
