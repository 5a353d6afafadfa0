import CLibCSV
import ProfileGANCSV
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fastest way to push a file through libcsv: whole 1 MiB chunks, callbacks that only count.
/// It is the floor ``CSVReader`` is measured against in `profilegan bench csv` (the reader adds
/// line tracking, record assembly and UTF-8 checks on top).
public enum LibCSVBaseline {
    /// What a scan counted.
    public struct Counts: Sendable, Equatable {
        /// Records, the header included.
        public var records = 0
        /// Fields in all records.
        public var fields = 0
        /// Bytes read.
        public var bytes = 0
    }

    /// Parses the whole file with libcsv's default options and counting callbacks.
    public static func scan(path: String) throws(CSVError) -> Counts {
        let source = try CSVByteSource(path: path)
        var parser = csv_parser()
        guard csv_init(&parser, 0) == 0 else {
            throw CSVError(.io, file: source.displayName, message: "out of memory starting the CSV parser")
        }
        defer { csv_free(&parser) }
        var counts = Counts()
        while true {
            let count = try source.fill()
            if count == 0 { break }
            counts.bytes += count
            csv_parse(&parser, source.buffer, count, countField, countRecord, &counts)
        }
        csv_fini(&parser, countField, countRecord, &counts)
        return counts
    }
}

private func countField(_ field: UnsafeMutableRawPointer?, _ count: Int, _ context: UnsafeMutableRawPointer?) {
    context.unsafelyUnwrapped.assumingMemoryBound(to: LibCSVBaseline.Counts.self).pointee.fields += 1
}

private func countRecord(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    context.unsafelyUnwrapped.assumingMemoryBound(to: LibCSVBaseline.Counts.self).pointee.records += 1
}
