/// Calendar arithmetic on the proleptic Gregorian calendar (H. Hinnant's days-from-civil
/// algorithms), and parsing and writing of ``DateTimeFormat`` cells.
enum CivilTime {
    /// Days since 1970-01-01 of a calendar date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The calendar date of a day number.
    static func civil(days z: Int) -> (year: Int, month: Int, day: Int) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Parses an offset `Z`, `±HH:MM` or `±HHMM` into seconds east of UTC.
    static func offsetSeconds(_ text: some Collection<UInt8>) -> Int? {
        let b = Array(text)
        if b == [UInt8(ascii: "Z")] || b == [UInt8(ascii: "z")] { return 0 }
        guard b.count == 6 || b.count == 5, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-") else { return nil }
        let digits = b.count == 6 ? (b[3] == UInt8(ascii: ":") ? [b[1], b[2], b[4], b[5]] : nil) : [b[1], b[2], b[3], b[4]]
        guard let digits, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let hours = Int(digits[0] - 0x30) * 10 + Int(digits[1] - 0x30), minutes = Int(digits[2] - 0x30) * 10 + Int(digits[3] - 0x30)
        guard hours <= 23, minutes <= 59 else { return nil }
        return (b[0] == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    /// `Z` for 0, else `±HH:MM` (or `±HHMM` when `colon` is false).
    static func offsetText(_ seconds: Int, colon: Bool = true) -> String {
        if seconds == 0 && colon { return "Z" }
        let sign = seconds < 0 ? "-" : "+", minutes = abs(seconds) / 60
        return sign + two(minutes / 60) + (colon ? ":" : "") + two(minutes % 60)
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func four(_ value: Int) -> String {
        let text = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}
