import Foundation

/// Reads the shared reference values (`../shared/reference/` next to the package root).
enum ReferenceData {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let referenceFolder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference")

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

    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let data = try Data(contentsOf: referenceFolder.appendingPathComponent(name))
        return try JSONDecoder().decode(T.self, from: data)
    }

    static let accountantRows: [AccountantRow] = (try? load("accountant.json", as: [AccountantRow].self)) ?? []
    static let calibrationRows: [CalibrationRow] = (try? load("calibration.json", as: [CalibrationRow].self)) ?? []
}
