import Foundation
import ProfileGANNeural
import Testing
import TestSupport
@testable import ProfileGANSynthesizer

@Suite struct ModelFileTests {
    let sample = ModelFile(
        metadata: ["format": "profilegan", "schema": "{\"name\":\"x\"}"],
        tensors: [
            .init(name: "g.0.weight", shape: [2, 3], values: [1, 2, 3, 4, 5, -6.5]),
            .init(name: "g.0.bias", shape: [3], values: [0.25, .greatestFiniteMagnitude, -0]),
            .init(name: "empty", shape: [0, 4], values: []),
        ])

    @Test func roundTrip() throws {
        let parsed = try ModelFile.parse(sample.serialized(), file: "m.pgan")
        #expect(parsed.metadata == sample.metadata)
        for tensor in sample.tensors { #expect(parsed.tensor(named: tensor.name) == tensor) }
    }

    @Test func layoutIsSafetensors() {
        let bytes = sample.serialized()
        let n = bytes.prefix(8).withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
        let header = try! JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + n))) as! [String: Any]
        let entry = header["g.0.bias"] as! [String: Any]
        #expect(entry["dtype"] as? String == "F32")
        #expect(entry["shape"] as? [Int] == [3])
        #expect(entry["data_offsets"] as? [Int] == [24, 36])
        #expect((8 + n) % 8 == 0)
        #expect(bytes.count == 8 + n + 36)
    }

    @Test func truncatedFilesAreRejected() {
        let bytes = sample.serialized()
        for cut in [0, 5, 8, 20, bytes.count - 1] {
            #expect(throws: ModelFileError.self) { try ModelFile.parse(bytes.prefix(cut), file: "m.pgan") }
        }
        do {
            _ = try ModelFile.parse(bytes.prefix(bytes.count - 4), file: "m.pgan")
        } catch {
            #expect(error.description.contains("truncated"))
            #expect(error.description.hasPrefix("m.pgan: "))
        }
    }

    @Test func garbageIsRejected() {
        #expect(throws: ModelFileError.self) { try ModelFile.parse(Data("hello, this is not a model".utf8), file: "x") }
        var huge = Data()
        withUnsafeBytes(of: UInt64.max.littleEndian) { huge.append(contentsOf: $0) }
        #expect(throws: ModelFileError.self) { try ModelFile.parse(huge, file: "x") }
    }

    @Test func inconsistentHeadersAreRejected() {
        func file(_ header: String, dataBytes: Int) -> Data {
            var d = Data()
            withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { d.append(contentsOf: $0) }
            d.append(Data(header.utf8))
            d.append(Data(count: dataBytes))
            return d
        }
        let cases = [
            #"{"t":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#,
            #"{"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#,
            #"{"t":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
            #"{"__metadata__":{"k":3}}"#,
            #"[1,2]"#,
        ]
        for header in cases {
            #expect(throws: ModelFileError.self, "\(header)") { try ModelFile.parse(file(header, dataBytes: 12), file: "x") }
        }
        let plain = file(#"{"t":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}"#, dataBytes: 12)
        #expect(throws: Never.self) { try ModelFile.parse(plain, file: "x", requireChecksums: false) }
        // ProfileGAN's own files carry checksums; one without them cannot be verified.
        do {
            _ = try ModelFile.parse(plain, file: "x")
            Issue.record("a file without checksums was accepted")
        } catch {
            #expect(error.description.contains("has no checksums"))
        }
    }

    @Test func atomicWriteLeavesNoTemporaryFiles() throws {
        let folder = TemporaryFolder()
        let path = folder.url.appendingPathComponent("m.pgan").path
        try sample.write(to: path)
        #expect(try ModelFile.read(from: path) == sample)
        #expect(folder.fileNames == ["m.pgan"])
        #expect(throws: ModelFileError.self) { try sample.write(to: folder.url.appendingPathComponent("missing/m.pgan").path) }
    }

    /// One flipped bit anywhere in a tensor's bytes is caught, and the message names that tensor.
    @Test func aFlippedByteInAnyTensorIsCaughtAndNamed() throws {
        let bytes = sample.serialized()
        let n = bytes.prefix(8).withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
        let ranges = [("g.0.weight", 0..<24), ("g.0.bias", 24..<36)]
        for (name, range) in ranges {
            for offset in [range.lowerBound, range.upperBound - 1] {
                var damaged = bytes
                damaged[8 + n + offset] ^= 0x01
                do {
                    _ = try ModelFile.parse(damaged, file: "m.pgan")
                    Issue.record("flipped byte \(offset) of \(name) was accepted")
                } catch {
                    #expect(error.description == "m.pgan: corrupt model file: tensor \"\(name)\" does not match its checksum (its weights were changed or damaged)")
                }
            }
        }
    }

    /// Changing metadata (here one character of the schema document, same length) breaks the
    /// header checksum.
    @Test func anEditedHeaderIsCaught() throws {
        var bytes = sample.serialized()
        let range = try #require(bytes.range(of: Data("\\\"x\\\"".utf8)))
        bytes[range.lowerBound + 2] = UInt8(ascii: "y")
        do {
            _ = try ModelFile.parse(bytes, file: "m.pgan")
            Issue.record("an edited header was accepted")
        } catch {
            #expect(error.description.contains("header's checksum does not match"))
        }
    }

    /// A 1 GB sparse file whose header describes 36 bytes of tensors is refused from its header and
    /// size alone (the body is never read), with a message saying why.
    @Test func aHugeSparseFileIsRejectedFromItsHeader() throws {
        let folder = TemporaryFolder()
        let path = folder.url.appendingPathComponent("big.pgan").path
        try sample.write(to: path)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        do {
            _ = try ModelFile.read(from: path)
            Issue.record("a 1 GB file with a 36-byte body was accepted")
        } catch {
            #expect(error.description.contains("unexpected bytes after the tensors"))
        }
        let empty = folder.url.appendingPathComponent("zero.pgan").path
        FileManager.default.createFile(atPath: empty, contents: nil)
        let zeros = try #require(FileHandle(forWritingAtPath: empty))
        try zeros.truncate(atOffset: 1 << 30)
        try zeros.close()
        #expect(throws: ModelFileError.self) { try ModelFile.read(from: empty) }
    }

    @Test func aFolderIsNotAModel() throws {
        let folder = TemporaryFolder()
        do {
            _ = try ModelFile.read(from: folder.url.path)
            Issue.record("a folder was read as a model")
        } catch {
            #expect(error.description == "\(folder.url.path): is a folder, not a model file")
        }
    }
}
