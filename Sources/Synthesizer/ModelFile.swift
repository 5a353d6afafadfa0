import Foundation
import ProfileGANCSV
import ProfileGANNeural

/// The `.pgan` container: the safetensors layout, so the weights open in other ecosystems.
///
/// Layout: an 8-byte little-endian header length N, then N bytes of JSON, then the raw
/// little-endian `f32` tensor bytes. The JSON maps each tensor name to
/// `{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}` (offsets relative to the end of
/// the header) and holds `"__metadata__"`, a string-to-string map where ProfileGAN keeps its JSON
/// documents (schema, transformer, architecture, training configuration, privacy record).
///
/// Writing records a SHA-256 of the header and of every tensor in the metadata (see
/// ``ModelChecksums``). Reading checks everything before trusting it: header length against the file
/// size, JSON shape, dtypes, that offsets tile the data section exactly and match the file size,
/// and that each shape's element count matches its byte range — all before a byte of tensor data is
/// read — then verifies each tensor's digest as it is read (naming the tensor that fails) and the
/// header's. Nothing in a model file is ever executed.
public struct ModelFile: Sendable, Equatable {
    /// String metadata (`__metadata__` in safetensors terms).
    public var metadata: [String: String]
    /// The tensors, in file order.
    public var tensors: [NamedTensor]

    public init(metadata: [String: String], tensors: [NamedTensor]) {
        self.metadata = metadata
        self.tensors = tensors
    }

    /// The tensor called `name`.
    public func tensor(named name: String) -> NamedTensor? { tensors.first { $0.name == name } }

    /// The metadata key holding the checksums (added on writing, checked and removed on reading).
    public static let checksumsKey = "checksums"

    /// A header larger than this is treated as corrupt rather than allocated (safetensors uses the same cap).
    static let maximumHeaderLength = 100 << 20

    // MARK: Writing

    /// The header JSON (padded so the data section starts 8-byte aligned), checksums included.
    private func headerBytes() -> Data {
        var layout: [(name: String, shape: [Int], begin: Int, end: Int)] = []
        var offset = 0
        for tensor in tensors {
            let bytes = tensor.values.count * 4
            layout.append((tensor.name, tensor.shape, offset, offset + bytes))
            offset += bytes
        }
        var stored = metadata
        stored.removeValue(forKey: Self.checksumsKey)
        let checksums = ModelChecksums(
            header: ModelChecksums.headerDigest(.init(metadata: stored, tensors: layout)),
            tensors: Dictionary(tensors.map { ($0.name, ModelChecksums.tensorDigest($0.values)) }, uniquingKeysWith: { a, _ in a }))
        stored[Self.checksumsKey] = checksums.json
        var header: [String: Any] = ["__metadata__": stored]
        for entry in layout {
            header[entry.name] = ["dtype": "F32", "shape": entry.shape, "data_offsets": [entry.begin, entry.end]]
        }
        var json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // Pad with spaces so the data section starts 8-byte aligned (allowed by the format).
        while (8 + json.count) % 8 != 0 { json.append(0x20) }
        var data = Data(capacity: 8 + json.count)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        return data
    }

    /// Calls `emit` with the file's bytes in order: the header, then each tensor's values.
    private func emitBytes(_ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try headerBytes().withUnsafeBytes { try emit($0) }
        for tensor in tensors {
            #if _endian(little)
            try tensor.values.withUnsafeBytes { try emit($0) }
            #else
            try tensor.values.map { $0.bitPattern.littleEndian }.withUnsafeBytes { try emit($0) }
            #endif
        }
    }

    /// The file's bytes.
    public func serialized() -> Data {
        var data = Data()
        emitBytes { data.append(contentsOf: $0) }
        return data
    }

    /// Writes the file atomically (see ``OutputFile``): nothing appears at `path` unless the whole
    /// model was written, and a failure or a kill leaves no temporary file behind.
    public func write(to path: String) throws(ModelFileError) {
        let output: OutputFile
        do { output = try OutputFile(path: path) } catch {
            throw ModelFileError(file: path, message: "cannot write the model file: \(error.message)")
        }
        try write(to: output)
    }

    /// Writes the file into an output created earlier and publishes it.
    public func write(to output: OutputFile) throws(ModelFileError) {
        do {
            try emitBytes { bytes in
                guard let base = bytes.baseAddress else { return }
                try output.write(base, count: bytes.count)
            }
            try output.commit()
        } catch {
            output.abort()
            throw ModelFileError(file: output.displayName, message: "cannot write the model file: \((error as? CSVError)?.message ?? "\(error)")")
        }
    }
}
