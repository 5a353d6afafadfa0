import Foundation

/// Small helpers for writing HTML and SVG by hand.
enum HTMLText {
    /// Escapes text for element content and attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A number with `digits` decimals, or an en dash when absent.
    static func number(_ v: Double?, _ digits: Int = 3) -> String {
        guard let v, v.isFinite else { return "–" }
        return String(format: "%.\(digits)f", v)
    }

    /// A share as a percentage.
    static func percent(_ v: Double?, _ digits: Int = 1) -> String {
        guard let v, v.isFinite else { return "–" }
        return String(format: "%.\(digits)f%%", v * 100)
    }

    /// A small probability such as δ with three significant digits (`3.13e-05`).
    static func small(_ v: Double) -> String { String(format: "%.3g", v) }

    /// A coordinate for SVG attributes (one decimal keeps files small).
    static func coordinate(_ v: Double) -> String { String(format: "%.1f", v) }
}
