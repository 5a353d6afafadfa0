import Foundation
import ProfileGANNeural
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ModelFile {
    /// Reads and checks a model file without reading it whole: the header is read and checked
    /// against the file's size first, then each tensor is read and its checksum verified.
    ///
    /// `requireChecksums: false` accepts a safetensors file without ProfileGAN's checksums (they are
    /// still verified when present).
    public static func read(from path: String, requireChecksums: Bool = true) throws(ModelFileError) -> ModelFile {
        func fail(_ message: String) -> ModelFileError { ModelFileError(file: path, message: message) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw fail("cannot read the model file: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw fail("cannot read the model file: \(String(cString: strerror(errno)))") }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw fail("is a folder, not a model file") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw fail("is not a regular file") }
        return try decode(size: Int(info.st_size), file: path, requireChecksums: requireChecksums) { (offset, buffer) throws(ModelFileError) in
            var done = 0
            while done < buffer.count {
                let count = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    throw fail(count == 0 ? "truncated model file: it ended while being read" : "cannot read the model file: \(String(cString: strerror(errno)))")
                }
                done += count
            }
        }
    }

    /// Parses and checks a model file's bytes; `file` is used in error messages.
    public static func parse(_ data: Data, file: String, requireChecksums: Bool = true) throws(ModelFileError) -> ModelFile {
        try decode(size: data.count, file: file, requireChecksums: requireChecksums) { (offset, buffer) throws(ModelFileError) in
            let start = data.startIndex + offset
            data.copyBytes(to: buffer, from: start ..< start + buffer.count)
        }
    }

    /// The reader behind both entry points: `readAt(offset, buffer)` fills `buffer` from the file's
    /// bytes at `offset`; it is called only for ranges inside `size`.
    private static func decode(
        size: Int, file: String, requireChecksums: Bool,
        readAt: (Int, UnsafeMutableRawBufferPointer) throws(ModelFileError) -> Void
    ) throws(ModelFileError) -> ModelFile {
        do {
            return try decodeUntyped(size: size, file: file, requireChecksums: requireChecksums, readAt: readAt)
        } catch let error as ModelFileError {
            throw error
        } catch {
            throw ModelFileError(file: file, message: "cannot read the model file: \(error)")
        }
    }

    // Untyped: the buffer APIs used here rethrow untyped errors.
    private static func decodeUntyped(
        size: Int, file: String, requireChecksums: Bool,
        readAt: (Int, UnsafeMutableRawBufferPointer) throws(ModelFileError) -> Void
    ) throws -> ModelFile {
        func fail(_ message: String) -> ModelFileError { ModelFileError(file: file, message: message) }
        guard size >= 8 else { throw fail("not a ProfileGAN model: the file is \(size) bytes, shorter than the 8-byte header length") }
        var lengthField: UInt64 = 0
        try withUnsafeMutableBytes(of: &lengthField) { raw in try readAt(0, raw) }
        let headerLength = UInt64(littleEndian: lengthField)
        guard headerLength <= UInt64(maximumHeaderLength) else { throw fail("not a ProfileGAN model: header length \(headerLength) is implausible") }
        guard 8 + Int(headerLength) <= size else {
            throw fail("truncated model file: the header claims \(headerLength) bytes but only \(size - 8) follow")
        }
        var headerBytes = Data(count: Int(headerLength))
        try headerBytes.withUnsafeMutableBytes { raw in try readAt(8, raw) }
        guard let header = (try? JSONSerialization.jsonObject(with: headerBytes)) as? [String: Any] else {
            throw fail("not a ProfileGAN model: the header is not a JSON object")
        }
        var metadata: [String: String] = [:]
        if let raw = header["__metadata__"] {
            guard let map = raw as? [String: String] else { throw fail("corrupt model file: __metadata__ is not a string map") }
            metadata = map
        }
        let dataStart = 8 + Int(headerLength)
        let entries = try layout(of: header, dataLength: size - dataStart, fail: fail)

        var checksums: ModelChecksums?
        if let text = metadata.removeValue(forKey: checksumsKey) {
            guard let decoded = try? JSONDecoder().decode(ModelChecksums.self, from: Data(text.utf8)), decoded.algorithm == "sha256" else {
                throw fail("corrupt model file: its checksums cannot be read")
            }
            checksums = decoded
        } else if requireChecksums {
            throw fail("the model file has no checksums (written by ProfileGAN before model format 2, or not by ProfileGAN), so its weights cannot be verified; fit the model again with this version")
        }
        if let checksums {
            guard checksums.header == ModelChecksums.headerDigest(.init(metadata: metadata, tensors: entries)) else {
                throw fail("corrupt model file: the header's checksum does not match (its metadata or tensor layout was changed)")
            }
        }
        var tensors: [NamedTensor] = []
        for entry in entries {
            let count = (entry.end - entry.begin) / 4
            var values = [Float](repeating: 0, count: count)
            try values.withUnsafeMutableBytes { raw in
                if raw.count > 0 { try readAt(dataStart + entry.begin, raw) }
            }
            #if !_endian(little)
            values = values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
            #endif
            if let checksums {
                guard let expected = checksums.tensors[entry.name] else {
                    throw fail("corrupt model file: tensor \"\(entry.name)\" has no checksum")
                }
                guard ModelChecksums.tensorDigest(values) == expected else {
                    throw fail("corrupt model file: tensor \"\(entry.name)\" does not match its checksum (its weights were changed or damaged)")
                }
            }
            tensors.append(NamedTensor(name: entry.name, shape: entry.shape, values: values))
        }
        return ModelFile(metadata: metadata, tensors: tensors)
    }

    /// The tensors' header entries, checked: dtype F32, non-negative sizes, element counts matching
    /// byte ranges, ranges tiling the data section exactly. Sorted by offset.
    private static func layout(
        of header: [String: Any], dataLength: Int, fail: (String) -> ModelFileError
    ) throws(ModelFileError) -> [(name: String, shape: [Int], begin: Int, end: Int)] {
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
            let (bytes, bytesOverflow) = elements.multipliedReportingOverflow(by: 4)
            guard !overflow, !bytesOverflow, bytes == offsets[1] - offsets[0] else {
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
        return entries
    }
}
