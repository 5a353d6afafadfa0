import Foundation
import ProfileGANNeural

/// The checksums a `.pgan` file carries in its metadata under ``ModelFile/checksumsKey``:
/// `{"algorithm": "sha256", "header": HEX, "tensors": {NAME: HEX, …}}`.
///
/// A tensor's digest covers its raw little-endian bytes. The header's digest covers every other
/// metadata entry and every tensor's name, dtype, shape and offsets, in a canonical form (sorted
/// metadata keys, tensors in file order, fields separated by NUL bytes), so it does not depend on how
/// a JSON writer formats the header.
struct ModelChecksums: Codable, Equatable {
    var algorithm = "sha256"
    var header: String
    var tensors: [String: String]

    /// What the header digest is computed over.
    struct Layout {
        var metadata: [String: String]
        var tensors: [(name: String, shape: [Int], begin: Int, end: Int)]
    }

    static func headerDigest(_ layout: Layout) -> String {
        var canonical = Data()
        func field(_ text: String) { canonical.append(contentsOf: text.utf8); canonical.append(0) }
        for key in layout.metadata.keys.sorted() where key != ModelFile.checksumsKey {
            field(key); field(layout.metadata[key]!)
        }
        for tensor in layout.tensors {
            field(tensor.name); field("F32")
            field(tensor.shape.map(String.init).joined(separator: ",")); field("\(tensor.begin),\(tensor.end)")
        }
        return FileDigest.sha256Hex(of: canonical)
    }

    static func tensorDigest(_ values: [Float]) -> String {
        #if _endian(little)
        return values.withUnsafeBytes { FileDigest.sha256Hex(of: $0) }
        #else
        return values.map { $0.bitPattern.littleEndian }.withUnsafeBytes { FileDigest.sha256Hex(of: $0) }
        #endif
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}
