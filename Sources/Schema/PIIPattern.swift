/// A parsed identifier pattern (syntax in ``PIIShape``): a sequence of literal characters and
/// placeholders, each placeholder with its alphabet.
public struct PIIPattern: Sendable, Equatable {
    /// One position of the pattern.
    public enum Element: Sendable, Equatable {
        case literal(Character)
        /// A placeholder drawing one character from `alphabet`.
        case placeholder(alphabet: [Character])
    }

    public let elements: [Element]

    static let digits = Array("0123456789")
    static let upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    static let lower = Array("abcdefghijklmnopqrstuvwxyz")

    /// Parses `pattern`; `nil` when it has no placeholder or ends in a lone `\`.
    public init?(_ pattern: String) {
        var elements: [Element] = []
        var escaped = false
        for character in pattern {
            if escaped {
                elements.append(.literal(character))
                escaped = false
                continue
            }
            switch character {
            case "\\": escaped = true
            case "#": elements.append(.placeholder(alphabet: Self.digits))
            case "@": elements.append(.placeholder(alphabet: Self.upper))
            case "%": elements.append(.placeholder(alphabet: Self.lower))
            default: elements.append(.literal(character))
            }
        }
        guard !escaped, elements.contains(where: { if case .placeholder = $0 { true } else { false } }) else { return nil }
        self.elements = elements
    }

    /// How many distinct values the pattern can spell (saturating at `UInt64.max`).
    public var capacity: UInt64 {
        var total: UInt64 = 1
        for case .placeholder(let alphabet) in elements {
            let (product, overflow) = total.multipliedReportingOverflow(by: UInt64(alphabet.count))
            if overflow { return .max }
            total = product
        }
        return total
    }

    /// Whether `value` has exactly this shape.
    public func matches(_ value: String) -> Bool {
        var characters = value.makeIterator()
        for element in elements {
            guard let character = characters.next() else { return false }
            switch element {
            case .literal(let literal): if character != literal { return false }
            case .placeholder(let alphabet): if !alphabet.contains(character) { return false }
            }
        }
        return characters.next() == nil
    }

    /// The value numbered `number` (0 ≤ number < ``capacity``): placeholders read as the digits of
    /// `number` in their mixed radix, last placeholder fastest. Distinct numbers spell distinct values.
    public func value(number: UInt64) -> String {
        var remaining = number
        var result: [Character] = []
        result.reserveCapacity(elements.count)
        for element in elements.reversed() {
            switch element {
            case .literal(let literal): result.append(literal)
            case .placeholder(let alphabet):
                result.append(alphabet[Int(remaining % UInt64(alphabet.count))])
                remaining /= UInt64(alphabet.count)
            }
        }
        return String(result.reversed())
    }
}
