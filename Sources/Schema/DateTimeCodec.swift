#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes the cells of one `datetime` column: text in the column's ``DateTimeFormat``
/// ⇄ seconds since 1970-01-01T00:00:00Z.
public struct DateTimeCodec: Sendable {
    public let format: DateTimeFormat
    /// Seconds east of UTC written by formats with an offset, and assumed by patterns without `%z`.
    public let offsetSeconds: Int
    private let pieces: [DateTimeFormat.Piece]

    public init(format: DateTimeFormat, offsetSeconds: Int = 0) {
        self.format = format
        self.offsetSeconds = offsetSeconds
        switch format {
        case .date: pieces = DateTimeFormat.directives(of: "%Y-%m-%d")!
        case .dateTime: pieces = []
        case .pattern(let pattern): pieces = DateTimeFormat.directives(of: pattern) ?? []
        }
    }

    /// The codec of a `datetime` column kind (UTC dates for any other kind).
    public init(kind: ColumnKind) {
        if case .datetime(let format, _, _, let offset) = kind { self.init(format: format, offsetSeconds: offset) } else { self.init(format: .date) }
    }

    /// Seconds since the epoch of the instant `text` spells, or `nil` when it is not a valid
    /// instant in this format (wrong shape, month 13, February 30th, hour 24, …).
    public func parse(_ text: some Collection<UInt8>) -> Double? {
        let bytes = Array(text)
        if format == .dateTime { return parseISODateTime(bytes) }
        var fields = Fields(offset: format.hasOffset ? nil : offsetSeconds)
        var i = 0
        for piece in pieces {
            switch piece {
            case .literal(let byte):
                guard i < bytes.count, bytes[i] == byte else { return nil }
                i += 1
            case .offset:
                guard i < bytes.count else { return nil }
                let length = bytes[i] == UInt8(ascii: "Z") ? 1 : (i + 3 < bytes.count && bytes[i + 3] == UInt8(ascii: ":") ? 6 : 5)
                guard i + length <= bytes.count, let offset = CivilTime.offsetSeconds(bytes[i..<(i + length)]) else { return nil }
                fields.offset = offset
                i += length
            default:
                let width = piece == .year ? 4 : 2
                guard let value = Self.number(bytes, at: i, width: width) else { return nil }
                fields.set(piece, value)
                i += width
            }
        }
        return i == bytes.count ? fields.instant() : nil
    }

    private func parseISODateTime(_ b: [UInt8]) -> Double? {
        var fields = Fields(offset: nil)
        guard b.count >= 17, let year = Self.number(b, at: 0, width: 4), b[4] == UInt8(ascii: "-"),
              let month = Self.number(b, at: 5, width: 2), b[7] == UInt8(ascii: "-"), let day = Self.number(b, at: 8, width: 2),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "t"),
              let hour = Self.number(b, at: 11, width: 2), b[13] == UInt8(ascii: ":"), let minute = Self.number(b, at: 14, width: 2)
        else { return nil }
        fields.year = year; fields.month = month; fields.day = day; fields.hour = hour; fields.minute = minute
        var i = 16
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let second = Self.number(b, at: i + 1, width: 2) else { return nil }
            fields.second = second
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                var scale = 0.1
                i += 1
                let start = i
                while i < b.count, (0x30...0x39).contains(b[i]) { fields.fraction += Double(b[i] - 0x30) * scale; scale /= 10; i += 1 }
                guard i > start else { return nil }
            }
        }
        guard let offset = CivilTime.offsetSeconds(b[i...]) else { return nil }
        fields.offset = offset
        return fields.instant()
    }

    /// The cell text of `seconds` (rounded to whole seconds, or to whole days for formats without
    /// a time of day), written with ``offsetSeconds``.
    public func string(_ seconds: Double) -> String {
        let local: Int
        if format.hasTime {
            local = Int(seconds.rounded()) + offsetSeconds
        } else {
            local = Int(((seconds + Double(offsetSeconds)) / 86_400).rounded()) * 86_400
        }
        let days = Int((Double(local) / 86_400).rounded(.down))
        let (year, month, day) = CivilTime.civil(days: days)
        let second = local - days * 86_400
        let (hour, minute, sec) = (second / 3600, second / 60 % 60, second % 60)
        if format == .dateTime {
            return "\(CivilTime.four(year))-\(CivilTime.two(month))-\(CivilTime.two(day))T\(CivilTime.two(hour)):\(CivilTime.two(minute)):\(CivilTime.two(sec))\(CivilTime.offsetText(offsetSeconds))"
        }
        var text = ""
        for piece in pieces {
            switch piece {
            case .literal(let byte): text.unicodeScalars.append(UnicodeScalar(byte))
            case .year: text += CivilTime.four(year)
            case .month: text += CivilTime.two(month)
            case .day: text += CivilTime.two(day)
            case .hour: text += CivilTime.two(hour)
            case .minute: text += CivilTime.two(minute)
            case .second: text += CivilTime.two(sec)
            case .offset: text += CivilTime.offsetText(offsetSeconds, colon: false)
            }
        }
        return text
    }

    private static func number(_ bytes: [UInt8], at start: Int, width: Int) -> Int? {
        guard start >= 0, start + width <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<(start + width)] {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    private struct Fields {
        var year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, fraction = 0.0
        var offset: Int?

        mutating func set(_ piece: DateTimeFormat.Piece, _ value: Int) {
            switch piece {
            case .year: year = value
            case .month: month = value
            case .day: day = value
            case .hour: hour = value
            case .minute: minute = value
            case .second: second = value
            default: break
            }
        }

        func instant() -> Double? {
            guard (1...12).contains(month), (1...CivilTime.daysInMonth(year: year, month: month)).contains(day),
                  (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
            let local = CivilTime.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
            return Double(local - (offset ?? 0)) + fraction
        }
    }
}
