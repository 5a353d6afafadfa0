import Foundation
import ProfileGANNeural

/// The `.pgan` container: the safetensors layout, so the weights open in other ecosystems.
///
/// Layout: an 8-byte little-endian header length N, then N bytes of JSON, then the raw
/// little-endian `f32` tensor bytes. The JSON maps each tensor name to
/// `{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}` (offsets relative to the end of
/// the header) and holds `"__metadata__"`, a string-to-string map where ProfileGAN keeps its JSON
/// documents (schema, transformer, architecture, training configuration, privacy record).
///
/// Reading checks everything before trusting it: header length against the file size, JSON
/// shape, dtypes, that offsets tile the data section exactly, and that each shape's element count
/// matches its byte range. Nothing in a model file is ever executed.
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

    /// A header larger than this is treated as corrupt rather than allocated (safetensors uses the same cap).
    static let maximumHeaderLength = 100 << 20

    // MARK: Writing

    /// The file's bytes.
    public func serialized() -> Data {
        var header: [String: Any] = ["__metadata__": metadata]
        var offset = 0
        for tensor in tensors {
            let bytes = tensor.values.count * 4
            header[tensor.name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + bytes]]
            offset += bytes
        }
        var json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // Pad with spaces so the data section starts 8-byte aligned (allowed by the format).
        while (8 + json.count) % 8 != 0 { json.append(0x20) }
        var data = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        for tensor in tensors {
            tensor.values.withUnsafeBufferPointer { buffer in
                #if _endian(little)
                data.append(UnsafeBufferPointer(start: UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: UInt8.self), count: buffer.count * 4))
                #else
                for value in buffer { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
                #endif
            }
        }
        return data
    }

    /// Writes the file atomically: to a temporary file in the same folder, then renamed over `path`,
    /// so a crash or a full disk never leaves a truncated model behind.
    public func write(to path: String) throws(ModelFileError) {
        do {
            try serialized().write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ModelFileError(file: path, message: "cannot write the model file: \(error.localizedDescription)")
        }
    }

    // MARK: Reading

    /// Reads and checks a model file.
    public static func read(from path: String) throws(ModelFileError) -> ModelFile {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) } catch {
            throw ModelFileError(file: path, message: "cannot read the model file: \(error.localizedDescription)")
        }
        return try parse(data, file: path)
    }

    /// Parses and checks a model file's bytes; `file` is used in error messages.
    public static func parse(_ data: Data, file: String) throws(ModelFileError) -> ModelFile {
        func fail(_ message: String) -> ModelFileError { ModelFileError(file: file, message: message) }
        guard data.count >= 8 else { throw fail("not a ProfileGAN model: the file is \(data.count) bytes, shorter than the 8-byte header length") }
        let headerLength = data.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerLength <= UInt64(maximumHeaderLength) else { throw fail("not a ProfileGAN model: header length \(headerLength) is implausible") }
        guard 8 + Int(headerLength) <= data.count else {
            throw fail("truncated model file: the header claims \(headerLength) bytes but only \(data.count - 8) follow")
        }
        let headerBytes = data.subdata(in: data.startIndex + 8 ..< data.startIndex + 8 + Int(headerLength))
        guard let header = (try? JSONSerialization.jsonObject(with: headerBytes)) as? [String: Any] else {
            throw fail("not a ProfileGAN model: the header is not a JSON object")
        }
        var metadata: [String: String] = [:]
        if let raw = header["__metadata__"] {
            guard let map = raw as? [String: String] else { throw fail("corrupt model file: __metadata__ is not a string map") }
            metadata = map
        }
        let dataStart = data.startIndex + 8 + Int(headerLength)
        let dataLength = data.count - 8 - Int(headerLength)
        var entries: [(name: String, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in header where name != "__metadata__" {
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2
            else { throw fail("corrupt model file: tensor \"\(name)\" has a malformed header entry") }
            guard dtype == "F32" else { throw fail("unsupported tensor type \(dtype) for \"\(name)\" (ProfileGAN stores F32)") }
            guard shape.allSatisfy({ $0 >= 0 }), offsets[0] >= 0, offsets[0] <= offsets[1] else {
                throw fail("corrupt model file: tensor \"\(name)\" has negative sizes")
            }
            let (elements, overflow) = shape.reduce((1, false)) { acc, dim in
                let r = acc.0.multipliedReportingOverflow(by: dim)
                return (r.partialValue, acc.1 || r.overflow)
            }
            guard !overflow, elements * 4 == offsets[1] - offsets[0] else {
                throw fail("corrupt model file: tensor \"\(name)\" has shape \(shape) but \(offsets[1] - offsets[0]) bytes")
            }
            entries.append((name, shape, offsets[0], offsets[1]))
        }
        entries.sort { $0.begin < $1.begin }
        var expected = 0
        for entry in entries {
            guard entry.begin == expected else { throw fail("corrupt model file: tensor data of \"\(entry.name)\" overlaps or leaves a gap") }
            expected = entry.end
        }
        guard expected == dataLength else {
            throw fail(expected > dataLength
                ? "truncated model file: tensors need \(expected) bytes but only \(dataLength) are present"
                : "corrupt model file: \(dataLength - expected) unexpected bytes after the tensors")
        }
        let tensors = entries.map { entry in
            let count = (entry.end - entry.begin) / 4
            var values = [Float](repeating: 0, count: count)
            _ = values.withUnsafeMutableBytes { out in
                data.copyBytes(to: out, from: dataStart + entry.begin ..< dataStart + entry.end)
            }
            #if !_endian(little)
            values = values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
            #endif
            return NamedTensor(name: entry.name, shape: entry.shape, values: values)
        }
        return ModelFile(metadata: metadata, tensors: tensors)
    }
}
