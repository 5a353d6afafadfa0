import ProfileGANCSV
/// Checks the cells of one schema column and, when loading, collects their typed values.
///
/// One builder per schema column; the scanner hands it each cell's bytes. `check` returns `nil`
/// for a good cell and a message for a bad one (bad cells store a missing value so the row stays
/// aligned, but a table with problems is never handed out).
struct ColumnBuilder {
    let column: ColumnSchema
    /// When false (validation only) values are checked but not kept: memory stays constant.
    let keepsValues: Bool

    private var storage = ColumnStorage()

    private var vocabulary: ByteStringIndex
    /// Whether the vocabulary is fixed by the schema (else it grows from the data).
    private let vocabularyIsFixed: Bool
    /// One row of label flags, all clear: appended per multilabel cell in one copy.
    private var zeroRow: [UInt8] = []
    /// The value of the last number or instant checked (NaN when missing or invalid), for the
    /// row-level constraint checks.
    private(set) var lastNumber = Double.nan
    /// The column's kind and constraints unpacked once: switching on `ColumnKind` itself per cell
    /// would copy its payload arrays (reference counting on every cell).
    private enum Check { case id, number, category, labels, boolean, pii, datetime }
    private let check: Check
    private let minimum: Double
    private let maximum: Double
    private let integer: Bool
    private let separator: [UInt8]
    private let nullable: Bool
    private let dates: DateTimeCodec

    init(column: ColumnSchema, keepsValues: Bool) {
        self.column = column
        self.keepsValues = keepsValues
        nullable = column.nullable
        var minimum = -Double.infinity, maximum = Double.infinity, integer = false, separator: [UInt8] = []
        switch column.kind {
        case .id: check = .id
        case .continuous(let min, let max, let isInteger):
            check = .number
            minimum = min ?? -.infinity
            maximum = max ?? .infinity
            integer = isInteger
        case .categorical: check = .category
        case .multilabel(_, let text):
            check = .labels
            separator = Array(text.utf8)
        case .boolean: check = .boolean
        case .pii: check = .pii
        case .datetime(_, let min, let max, _):
            check = .datetime
            minimum = min ?? -.infinity
            maximum = max ?? .infinity
        }
        dates = DateTimeCodec(kind: column.kind)
        self.minimum = minimum
        self.maximum = maximum
        self.integer = integer
        self.separator = separator
        switch column.kind {
        case .categorical(let categories):
            vocabulary = ByteStringIndex(categories ?? [])
            vocabularyIsFixed = categories != nil
        case .multilabel(let labels, _):
            vocabulary = ByteStringIndex(labels ?? [])
            vocabularyIsFixed = labels != nil
        default:
            vocabulary = ByteStringIndex()
            vocabularyIsFixed = true
        }
    }

    /// Checks (and keeps) one cell. `isMissing` is true for an unquoted empty field.
    @inline(__always)
    mutating func check(_ bytes: UnsafeBufferPointer<UInt8>, isMissing: Bool) -> String? {
        switch check {
        case .id: checkID(bytes, isMissing: isMissing)
        case .number: checkNumber(bytes)
        case .category: checkCategory(bytes)
        case .labels: checkLabels(bytes, isMissing: isMissing)
        case .boolean: checkBoolean(bytes)
        case .pii: checkPII(bytes)
        case .datetime: checkDateTime(bytes)
        }
    }

    /// The typed column (meaningful only when values were kept). Data-derived vocabularies are
    /// sorted so the same rows give the same codes whatever their order.
    func finish() -> ColumnValues {
        switch column.kind {
        case .id, .pii:
            return .id(storage.ids)
        case .continuous, .datetime:
            return .continuous(storage.numbers)
        case .categorical:
            let (categories, remap) = finalVocabulary()
            return .categorical(codes: remap.map { table in storage.codes.map { $0 < 0 ? $0 : table[Int($0)] } } ?? storage.codes,
                                categories: categories)
        case .multilabel:
            let (labels, remap) = finalVocabulary()
            guard let remap else { return .multilabel(flags: storage.flags, missing: storage.missing, labels: labels) }
            var sorted = [UInt8](repeating: 0, count: storage.flags.count)
            let width = labels.count
            for row in 0..<storage.missing.count {
                for label in 0..<width where storage.flags[row * width + label] != 0 {
                    sorted[row * width + Int(remap[label])] = 1
                }
            }
            return .multilabel(flags: sorted, missing: storage.missing, labels: labels)
        case .boolean:
            return .boolean(storage.booleans)
        }
    }

    private func finalVocabulary() -> ([String], [Int32]?) {
        if vocabularyIsFixed { return (vocabulary.strings, nil) }
        let sorted = vocabulary.strings.sorted()
        let position = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int32($0)) })
        return (sorted, vocabulary.strings.map { position[$0]! })
    }

    // MARK: - Kinds

    private mutating func checkID(_ bytes: UnsafeBufferPointer<UInt8>, isMissing: Bool) -> String? {
        if bytes.isEmpty && !nullable {
            if keepsValues { storage.ids.append("") }
            return "empty id (the column is not nullable)"
        }
        if keepsValues { storage.ids.append(String(decoding: bytes, as: UTF8.self)) }
        return nil
    }

    private mutating func checkPII(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let value = String(decoding: bytes, as: UTF8.self)
        if keepsValues { storage.ids.append(value) }
        if bytes.isEmpty { return nullable ? nil : Self.emptyCellMessage }
        guard case .pii(let shape) = column.kind else { return nil }
        return shape.problem(with: value)
    }

    private mutating func checkDateTime(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var problem: String?
        var value = Double.nan
        if bytes.isEmpty {
            if !nullable { problem = Self.emptyCellMessage }
        } else if let seconds = dates.parse(bytes) {
            if seconds < minimum {
                problem = "\(Self.quoted(bytes)) is before the minimum \(dates.string(minimum))"
            } else if seconds > maximum {
                problem = "\(Self.quoted(bytes)) is after the maximum \(dates.string(maximum))"
            } else {
                value = seconds
            }
        } else {
            problem = "\(Self.quoted(bytes)) is not a valid \(dates.format.hasTime ? "date and time" : "date") in the format \(dates.format.name) (e.g. \(dates.format.example))"
        }
        lastNumber = value
        if keepsValues { storage.numbers.append(value) }
        return problem
    }

    private mutating func checkNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var problem: String?
        var value = Double.nan
        if bytes.isEmpty {
            if !nullable { problem = Self.emptyCellMessage }
        } else if let parsed = DecimalParser.parse(bytes) {
            if !parsed.isFinite {
                problem = "\(Self.quoted(bytes)) is too large for a number"
            } else if integer, parsed.rounded(.towardZero) != parsed {
                problem = "\(Self.quoted(bytes)) is not a whole number (the column is integer)"
            } else if parsed < minimum {
                problem = "\(Self.quoted(bytes)) is below the minimum \(Self.format(minimum))"
            } else if parsed > maximum {
                problem = "\(Self.quoted(bytes)) is above the maximum \(Self.format(maximum))"
            } else {
                value = parsed
            }
        } else {
            problem = "\(Self.quoted(bytes)) is not a number"
        }
        lastNumber = value
        if keepsValues { storage.numbers.append(value) }
        return problem
    }

    private mutating func checkCategory(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var code: Int32 = -1
        var problem: String?
        if bytes.isEmpty {
            if !nullable { problem = Self.emptyCellMessage }
        } else if let known = vocabulary.code(of: bytes) {
            code = known
        } else if !vocabularyIsFixed {
            code = vocabulary.insert(bytes)
        } else {
            problem = "\(Self.quoted(bytes)) is not a category (expected one of: \(Self.list(vocabulary.strings)))"
        }
        if keepsValues { storage.codes.append(code) }
        return problem
    }

    private mutating func checkLabels(_ bytes: UnsafeBufferPointer<UInt8>, isMissing: Bool) -> String? {
        let width = vocabulary.count
        // A nullable column's unquoted empty cell is missing; `""` (or any empty cell in a
        // non-nullable column) is the empty set.
        if keepsValues {
            if zeroRow.count != width { zeroRow = [UInt8](repeating: 0, count: width) }
            storage.flags.append(contentsOf: zeroRow)
            storage.missing.append(isMissing && nullable)
        }
        if isMissing && nullable { return nil }
        var problem: String?
        if !bytes.isEmpty {
            // Codes already in this cell (cells hold few labels, so a linear scan is cheapest).
            var seen: [Int32] = []
            for label in LabelSplitter(bytes: bytes, separator: separator) {
                guard !label.isEmpty else {
                    problem = "\(Self.quoted(bytes)) has an empty label (labels are separated by \"\(String(decoding: separator, as: UTF8.self))\")"
                    continue
                }
                var code = vocabulary.code(of: label)
                if code == nil, !vocabularyIsFixed {
                    code = vocabulary.insert(label)
                    if keepsValues { widenFlags(rows: storage.missing.count) }
                }
                guard let code else {
                    problem = "\(Self.quoted(label)) is not a label (expected labels from: \(Self.list(vocabulary.strings)))"
                    continue
                }
                guard !seen.contains(Int32(code)) else {
                    problem = "label \(Self.quoted(label)) appears more than once in \(Self.quoted(bytes)) (list each label once)"
                    continue
                }
                seen.append(Int32(code))
                if keepsValues { storage.flags[(storage.missing.count - 1) * vocabulary.count + Int(code)] = 1 }
            }
        }
        return problem
    }

    /// A new label appeared in a data-derived vocabulary: give every stored row one more flag.
    private mutating func widenFlags(rows: Int) {
        let oldWidth = vocabulary.count - 1
        var widened = [UInt8](repeating: 0, count: rows * (oldWidth + 1))
        for row in 0..<rows {
            for label in 0..<oldWidth { widened[row * (oldWidth + 1) + label] = storage.flags[row * oldWidth + label] }
        }
        storage.flags = widened
    }

    private mutating func checkBoolean(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var value: Int8 = -1
        var problem: String?
        if bytes.isEmpty {
            if !nullable { problem = Self.emptyCellMessage }
        } else if let parsed = BooleanSpelling.parse(bytes) {
            value = parsed ? 1 : 0
        } else {
            problem = "\(Self.quoted(bytes)) is not a boolean (write true or false)"
        }
        if keepsValues { storage.booleans.append(value) }
        return problem
    }

    // MARK: - Messages

    static let emptyCellMessage = "empty cell, but the column is not nullable"

    /// The cell in quotes, shortened to 40 characters.
    static func quoted(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return "\"\(MessageText.escaped(text.count > 40 ? text.prefix(40) + "…" : text))\""
    }

    static func list(_ values: [String]) -> String {
        values.count > 12 ? values.prefix(12).joined(separator: ", ") + ", …" : values.joined(separator: ", ")
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
