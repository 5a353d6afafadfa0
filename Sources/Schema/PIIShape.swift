/// The shape of a personally identifying column (`"type": "pii"`): what its values look like, so
/// validation can check them and generation can write fresh values of the same shape. The values
/// themselves are never encoded, learned or copied.
///
/// Pattern syntax (`"pattern": "CUST-#####"`): `#` is a digit 0–9, `@` an upper-case letter A–Z,
/// `%` a lower-case letter a–z, `\` makes the next character literal (`\#` is a `#`); every other
/// character stands for itself. A pattern needs at least one placeholder.
public enum PIIShape: Sendable, Equatable, Hashable {
    /// An e-mail address: `local@domain.tld`.
    case email
    /// A person's name: letters, spaces, apostrophes, hyphens and dots; no digits.
    case name
    /// A phone number: an optional leading `+`, then 7–15 digits with spaces, `-`, `.`, `(` or `)`.
    case phone
    /// A UUID in its 8-4-4-4-12 hexadecimal form.
    case uuid
    /// A fixed-shape identifier such as `CUST-#####` (see the type's documentation).
    case pattern(String)

    /// The names accepted in the JSON `"kind"` field.
    public static let kindNames = ["email", "name", "phone", "uuid"]

    /// The shape called `kindName` in the JSON `"kind"` field (`nil` for an unknown name).
    public init?(kindName: String) {
        guard let shape = [PIIShape.email, .name, .phone, .uuid].first(where: { $0.kindName == kindName }) else { return nil }
        self = shape
    }

    /// The `"kind"` name, or `nil` for a pattern.
    public var kindName: String? {
        switch self {
        case .email: "email"
        case .name: "name"
        case .phone: "phone"
        case .uuid: "uuid"
        case .pattern: nil
        }
    }

    /// Whether fresh values must differ from each other (an e-mail address or uuid names one
    /// account; a pattern is an identifier). Names and phone numbers may repeat.
    public var impliesUniqueness: Bool {
        switch self {
        case .email, .uuid, .pattern: true
        case .name, .phone: false
        }
    }

    /// How `value` fails to have this shape, or `nil` when it has it.
    public func problem(with value: String) -> String? {
        let shown = "\"\(value.count > 40 ? value.prefix(40) + "…" : value)\""
        switch self {
        case .email:
            return Self.isEmail(value) ? nil : "\(shown) is not an e-mail address (local@domain.tld)"
        case .name:
            return Self.isName(value) ? nil : "\(shown) is not a name (letters, spaces, ' - . only)"
        case .phone:
            return Self.isPhone(value) ? nil : "\(shown) is not a phone number (optional +, 7–15 digits, spaces - . ( ))"
        case .uuid:
            return Self.isUUID(value) ? nil : "\(shown) is not a uuid (8-4-4-4-12 hexadecimal digits)"
        case .pattern(let pattern):
            return PIIPattern(pattern).map { $0.matches(value) } == true ? nil : "\(shown) does not match the pattern \"\(pattern)\""
        }
    }

    static func isEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard value.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return false }
        guard !parts[0].contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "," }) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" }
        }
    }

    static func isName(_ value: String) -> Bool {
        guard !value.isEmpty, value.count <= 100, value.first?.isLetter == true else { return false }
        return value.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.generalCategory == .nonspacingMark || " '’-.".unicodeScalars.contains($0) }
    }

    static func isPhone(_ value: String) -> Bool {
        var digits = 0
        for (index, scalar) in value.unicodeScalars.enumerated() {
            if ("0"..."9").contains(scalar) { digits += 1 } else if scalar == "+" { if index != 0 { return false } } else if !" -.()".unicodeScalars.contains(scalar) { return false }
        }
        return (7...15).contains(digits)
    }

    static func isUUID(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) { if byte != UInt8(ascii: "-") { return false }; continue }
            let isHex = (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
            if !isHex { return false }
        }
        return true
    }
}
