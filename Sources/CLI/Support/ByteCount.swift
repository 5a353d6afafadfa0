import Foundation
import ArgumentParser

/// A memory size on the command line: `8G`, `512M`, `1.5GB`, `64K`, or plain bytes (powers of 1000,
/// like the sizes the messages print).
struct ByteCount: ExpressibleByArgument {
    let bytes: UInt64

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Double)] = [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("K", 1e3), ("B", 1)]
        let (number, scale) = units.first { text.hasSuffix($0.0) }.map { (String(text.dropLast($0.0.count)), $0.1) } ?? (text, 1)
        guard let value = Double(number.trimmingCharacters(in: .whitespaces)), value > 0, (value * scale).isFinite, value * scale < 1.8e19 else { return nil }
        bytes = UInt64(value * scale)
    }

    static var defaultValueDescription: String { "half the physical memory" }
}
