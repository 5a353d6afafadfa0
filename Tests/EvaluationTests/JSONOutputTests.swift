import Foundation
import Testing
@testable import ProfileGANEvaluation

/// The `--json` output: the key names tools rely on, and every key documented in
/// `schemas/evaluation-report.json`.
@Suite struct JSONOutputTests {
    static func object() throws -> [String: Any] {
        let data = try ReportRenderingTests.sampleReport().jsonData()
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func hasTheKeysIssueSixPromises() throws {
        let json = try Self.object()
        func value(_ path: String) -> Any? {
            path.split(separator: ".").reduce(json as Any?) { ($0 as? [String: Any])?[String($1)] }
        }
        for path in [
            "quality.overall", "quality.column_shapes", "quality.column_pair_trends", "quality.columns", "quality.pairs",
            "detection.auc", "utility.tstr.accuracy", "utility.tstr.auc", "utility.trtr.accuracy", "utility.trtr.auc",
            "privacy.dcr.synthetic_median", "privacy.dcr.holdout_p5", "privacy.dcr.median_ratio", "privacy.exact_match_rate",
            "privacy.mia.auc", "privacy.mia.epsilon_lower_bound", "accounted.epsilon", "three_way_marginals.mean_tvd",
        ] {
            #expect(value(path) != nil, "missing \(path)")
        }
        #expect((value("quality.pairs") as? [Any])?.count == 6)  // 4 learned columns
    }

    @Test func everyKeyIsDocumentedInTheJSONSchema() throws {
        let schemaURL = TestTables.packageRoot.appendingPathComponent("schemas/evaluation-report.json")
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as? [String: Any])
        let definitions = schema["$defs"] as? [String: Any] ?? [:]
        func resolve(_ node: [String: Any]) -> [String: Any] {
            guard let ref = node["$ref"] as? String else { return node }
            return definitions[String(ref.split(separator: "/").last!)] as? [String: Any] ?? [:]
        }
        var undocumented: [String] = []
        func walk(_ value: Any, _ node: [String: Any], _ path: String) {
            let node = resolve(node)
            if let object = value as? [String: Any] {
                let properties = node["properties"] as? [String: Any] ?? [:]
                for key in (node["required"] as? [String] ?? []) where object[key] == nil { undocumented.append("\(path).\(key) (required, absent)") }
                for (key, child) in object {
                    guard let childNode = properties[key] as? [String: Any] else { undocumented.append("\(path).\(key)"); continue }
                    walk(child, childNode, "\(path).\(key)")
                }
            } else if let array = value as? [Any], let items = node["items"] as? [String: Any] {
                for element in array { walk(element, items, "\(path)[]") }
            }
        }
        walk(try Self.object(), schema, "$")
        #expect(undocumented.isEmpty, "\(undocumented)")
    }
}
