/// How a `datetime` column writes its instants. Values are held as seconds since
/// 1970-01-01T00:00:00Z (a `Double`), so they are learned like any continuous column.
///
/// - `"date"`: ISO 8601 calendar date `2024-05-01` (midnight UTC).
/// - `"datetime"`: ISO 8601 date-time with offset, `2024-05-01T13:45:00+02:00` (also read: `Z`,
///   `+0200`, fractional seconds, a space instead of `T`); written with the column's `offset`.
/// - a strftime-style pattern containing `%`: `%Y` year (4 digits), `%m` month, `%d` day, `%H`
///   hour, `%M` minute, `%S` second (2 digits each), `%z` offset (`+0200`, `+02:00` or `Z`; written
///   `+0200`), `%%` a percent sign; every other character stands for itself. Without `%z` the
///   column's `offset` is the time zone of every cell.
public enum DateTimeFormat: Sendable, Equatable, Hashable {
    case date
    case dateTime
    case pattern(String)

    /// The JSON `"format"` value.
    public var name: String {
        switch self {
        case .date: "date"
        case .dateTime: "datetime"
        case .pattern(let pattern): pattern
        }
    }

    /// Reads a JSON `"format"` value; `nil` when it is neither `date`, `datetime` nor a pattern
    /// made only of the directives above.
    public init?(name: String) {
        switch name {
        case "date": self = .date
        case "datetime": self = .dateTime
        default:
            guard name.contains("%"), Self.directives(of: name) != nil else { return nil }
            self = .pattern(name)
        }
    }

    /// An example of the format, for error messages.
    public var example: String {
        switch self {
        case .date: "2024-05-01"
        case .dateTime: "2024-05-01T13:45:00+02:00"
        case .pattern(let pattern): pattern
        }
    }

    /// Whether the format stores an offset in each cell.
    public var hasOffset: Bool {
        switch self {
        case .date: false
        case .dateTime: true
        case .pattern(let pattern): pattern.contains("%z")
        }
    }

    /// Whether cells carry a time of day (else values are whole days).
    public var hasTime: Bool {
        switch self {
        case .date: false
        case .dateTime: true
        case .pattern(let pattern): ["%H", "%M", "%S"].contains { pattern.contains($0) }
        }
    }

    enum Piece: Equatable { case literal(UInt8), year, month, day, hour, minute, second, offset }

    static func directives(of pattern: String) -> [Piece]? {
        var pieces: [Piece] = []
        var bytes = Array(pattern.utf8).makeIterator()
        while let byte = bytes.next() {
            guard byte == UInt8(ascii: "%") else { pieces.append(.literal(byte)); continue }
            switch bytes.next() {
            case UInt8(ascii: "Y"): pieces.append(.year)
            case UInt8(ascii: "m"): pieces.append(.month)
            case UInt8(ascii: "d"): pieces.append(.day)
            case UInt8(ascii: "H"): pieces.append(.hour)
            case UInt8(ascii: "M"): pieces.append(.minute)
            case UInt8(ascii: "S"): pieces.append(.second)
            case UInt8(ascii: "z"): pieces.append(.offset)
            case UInt8(ascii: "%"): pieces.append(.literal(UInt8(ascii: "%")))
            default: return nil
            }
        }
        return pieces.contains(.year) ? pieces : nil
    }
}
