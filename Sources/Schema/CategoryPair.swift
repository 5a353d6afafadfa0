/// One allowed (parent, child) pair of a `fixed_combinations` constraint, given in the schema
/// (`"pairs"`) or in a public file (`"pairs_file"`): public information, so a DP fit may use it.
public struct CategoryPair: Sendable, Equatable, Hashable, Codable {
    /// A category of the constraint's parent column (e.g. a country).
    public let parent: String
    /// A category of its child column (e.g. a city of that country).
    public let child: String

    public init(parent: String, child: String) {
        self.parent = parent
        self.child = child
    }

    /// Written as a two-element array, `["DE", "Berlin"]`, as in the schema.
    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        let parent = try c.decode(String.self), child = try c.decode(String.self)
        guard c.isAtEnd else {
            throw SchemaError(column: nil, message: "a pair in \"pairs\" has two elements, [parent, child]")
        }
        self.init(parent: parent, child: child)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(parent)
        try c.encode(child)
    }
}
