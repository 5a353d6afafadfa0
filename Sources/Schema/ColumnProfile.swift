/// What schema inference learns about one column in a single pass: emptiness, whether every value
/// is a number (and a whole one) or a boolean word, the range, and the distinct values while they
/// are few.
struct ColumnProfile {
    let name: String
    /// Distinct values are tracked up to this many; past it the column counts as "many-valued".
    let distinctLimit: Int
    static let separatorCandidates = [";", "|"]

    private(set) var valueCount = 0
    private(set) var missingCount = 0
    private(set) var allNumbers = true
    private(set) var allWhole = true
    private(set) var allBooleanWords = true
    private(set) var minimum = Double.infinity
    private(set) var maximum = -Double.infinity
    private(set) var distinct: [String: Int] = [:]
    private(set) var tooManyDistinct = false
    /// Per separator candidate: cells containing it, and the distinct labels split out of all cells.
    private(set) var separatorCells: [Int]
    private(set) var labels: [Set<String>]
    private(set) var tooManyLabels: [Bool]
    /// Cells that have each personally identifying shape, and text cells with a space (names have one).
    /// Cells that are ISO 8601 dates / date-times with offset, their range, and the offsets seen.
    private(set) var dateCells = 0, dateTimeCells = 0
    private(set) var earliest = Double.infinity, latest = -Double.infinity
    private(set) var offsets: [Int: Int] = [:]
    private(set) var emailCells = 0, uuidCells = 0, phoneCells = 0, nameCells = 0, spacedCells = 0

    init(name: String, distinctLimit: Int) {
        self.name = name
        self.distinctLimit = distinctLimit
        separatorCells = Array(repeating: 0, count: Self.separatorCandidates.count)
        labels = Array(repeating: [], count: Self.separatorCandidates.count)
        tooManyLabels = Array(repeating: false, count: Self.separatorCandidates.count)
    }

    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        if bytes.isEmpty {
            missingCount += 1
            return
        }
        valueCount += 1
        if allNumbers {
            if let number = DecimalParser.parse(bytes), number.isFinite {
                minimum = min(minimum, number)
                maximum = max(maximum, number)
                if number.rounded(.towardZero) != number { allWhole = false }
            } else {
                allNumbers = false
            }
        }
        if allBooleanWords, BooleanSpelling.parse(bytes) == nil || (bytes.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? false) {
            allBooleanWords = false
        }
        // Every text cell is looked at for personally identifying shapes (inference is one pass, so
        // this cannot wait until the column is known to be text).
        let value = String(decoding: bytes, as: UTF8.self)
        if !tooManyDistinct {
            distinct[value, default: 0] += 1
            if distinct.count > distinctLimit { tooManyDistinct = true }
        }
        if !allNumbers { addLabels(value) }
        addShapes(value)
    }

    private static let dates = DateTimeCodec(format: .date), dateTimes = DateTimeCodec(format: .dateTime)

    private mutating func addShapes(_ value: String) {
        let utf8 = value.utf8
        if utf8.count >= 10, utf8.dropFirst(4).first == UInt8(ascii: "-") {
            var instant = Self.dates.parse(utf8)
            if instant != nil { dateCells += 1 } else if let seconds = Self.dateTimes.parse(utf8) {
                instant = seconds
                dateTimeCells += 1
                let tail = Array(utf8.suffix(6)), z = tail.last == UInt8(ascii: "Z") || tail.last == UInt8(ascii: "z")
                offsets[z ? 0 : (CivilTime.offsetSeconds(tail) ?? CivilTime.offsetSeconds(tail.suffix(5)) ?? 0), default: 0] += 1
            }
            if let instant { earliest = min(earliest, instant); latest = max(latest, instant) }
        }
        if PIIShape.isEmail(value) { emailCells += 1 }
        if PIIShape.isUUID(value) { uuidCells += 1 }
        if PIIShape.isPhone(value) { phoneCells += 1 }
        if PIIShape.isName(value) { nameCells += 1 }
        if value.contains(" ") { spacedCells += 1 }
    }

    /// The datetime kind every value fits (ISO 8601 date, or date-time with offset), with bounds
    /// rounded out to whole days and the most common offset.
    var dateTimeKind: ColumnKind? {
        guard valueCount > 0, dateCells == valueCount || dateTimeCells == valueCount else { return nil }
        let low = (earliest / 86_400).rounded(.down) * 86_400, high = max((latest / 86_400).rounded(.up) * 86_400, low + 86_400)
        if dateCells == valueCount { return .datetime(format: .date, min: low, max: high, offset: 0) }
        let offset = offsets.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? 0
        return .datetime(format: .dateTime, min: low, max: high, offset: offset)
    }

    /// The personally identifying shape every value has, if any (names need many distinct values
    /// and a name-like header or a space in at least 90% of the cells, so cities stay categories).
    var piiShape: PIIShape? {
        guard valueCount > 0 else { return nil }
        if uuidCells == valueCount { return .uuid }
        if emailCells == valueCount { return .email }
        if phoneCells == valueCount, !allNumbers, tooManyDistinct { return .phone }
        if nameCells == valueCount, tooManyDistinct,
           name.lowercased().contains("name") || Double(spacedCells) >= 0.9 * Double(valueCount) { return .name }
        return nil
    }

    private mutating func addLabels(_ value: String) {
        for (index, separator) in Self.separatorCandidates.enumerated() where !tooManyLabels[index] {
            guard value.contains(separator) else {
                labels[index].insert(value)
                continue
            }
            separatorCells[index] += 1
            for label in value.split(separator: separator, omittingEmptySubsequences: true) {
                labels[index].insert(String(label))
            }
            if labels[index].count > distinctLimit { tooManyLabels[index] = true }
        }
    }
}
