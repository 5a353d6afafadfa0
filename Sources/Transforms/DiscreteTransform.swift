import ProfileGANSchema

/// The fitted one-hot encoding of a categorical or boolean column.
///
/// Layout: one entry per category (`false`, `true` for booleans), then — nullable columns only — a
/// final entry for the missing category, so the generator learns how often the cell is empty.
///
/// A column with very many categories (more than ``TransformerOptions/maxOneHotCategories``) keeps
/// one entry for each of its most frequent categories (``oneHot``) and one shared entry, `(rare)`,
/// for the rest (``rare``); a decoded `(rare)` cell is drawn among them by their training
/// frequencies. The width, and with it the networks' size and time, is then bounded by the limit
/// whatever the number of categories.
public struct DiscreteTransform: Sendable, Equatable, Codable {
    /// The column's name.
    public let name: String
    /// Whether the column is boolean (decoded to ``ColumnValues/boolean(_:)``) or categorical.
    public let isBoolean: Bool
    /// The categories, in one-hot order (without the missing category).
    public let categories: [String]
    /// Whether a missing category follows the categories.
    public let nullable: Bool
    /// With a rare bucket: the categories (indices) that keep their own entry, in category order.
    public let oneHot: [Int32]?
    /// The categories sharing the `(rare)` entry, which follows the ``oneHot`` entries.
    public let rare: RareCategories?
    /// The one-hot entry of each category (not stored: derived from the fields above).
    private let entryOfCategory: [Int]

    /// The entry name of the shared rare bucket.
    public static let rareValueName = "(rare)"

    public init(name: String, isBoolean: Bool, categories: [String], nullable: Bool,
                oneHot: [Int32]? = nil, rare: RareCategories? = nil) {
        self.name = name
        self.isBoolean = isBoolean
        self.categories = categories
        self.nullable = nullable
        self.oneHot = rare == nil ? nil : oneHot
        self.rare = oneHot == nil ? nil : rare
        if let kept = self.oneHot {
            var entries = [Int](repeating: kept.count, count: categories.count)
            for (entry, category) in kept.enumerated() { entries[Int(category)] = entry }
            entryOfCategory = entries
        } else {
            entryOfCategory = Array(0..<categories.count)
        }
    }

    private enum CodingKeys: String, CodingKey { case name, isBoolean, categories, nullable, oneHot, rare }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let categories = try c.decode([String].self, forKey: .categories)
        let oneHot = try c.decodeIfPresent([Int32].self, forKey: .oneHot)
        let rare = try c.decodeIfPresent(RareCategories.self, forKey: .rare)
        let indices = (oneHot ?? []) + (rare?.members ?? [])
        guard indices.allSatisfy({ $0 >= 0 && Int($0) < categories.count }), (oneHot == nil) == (rare == nil) else {
            throw DecodingError.dataCorruptedError(forKey: .oneHot, in: c, debugDescription: "rare-bucket category indices out of range")
        }
        self.init(name: try c.decode(String.self, forKey: .name), isBoolean: try c.decode(Bool.self, forKey: .isBoolean),
                  categories: categories, nullable: try c.decode(Bool.self, forKey: .nullable), oneHot: oneHot, rare: rare)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(isBoolean, forKey: .isBoolean)
        try c.encode(categories, forKey: .categories)
        try c.encode(nullable, forKey: .nullable)
        try c.encodeIfPresent(oneHot, forKey: .oneHot)
        try c.encodeIfPresent(rare, forKey: .rare)
    }

    public static func == (a: DiscreteTransform, b: DiscreteTransform) -> Bool {
        a.name == b.name && a.isBoolean == b.isBoolean && a.categories == b.categories && a.nullable == b.nullable
            && a.oneHot == b.oneHot && a.rare == b.rare
    }

    /// The number of one-hot entries before the missing one.
    private var valueEntries: Int { oneHot.map { $0.count + 1 } ?? categories.count }

    /// The number of encoded columns.
    public var width: Int { valueEntries + (nullable ? 1 : 0) }

    /// The entry names of the one-hot block (the missing category is ``DiscreteBlock/missingValueName``).
    public var valueNames: [String] {
        let values = oneHot.map { $0.map { categories[Int($0)] } + [Self.rareValueName] } ?? categories
        return values + (nullable ? [DiscreteBlock.missingValueName] : [])
    }

    func segments(startingAt start: Int) -> [OutputSegment] {
        [OutputSegment(start: start, length: width, activation: .softmax)]
    }

    func discreteBlocks(column: Int, startingAt start: Int) -> [DiscreteBlock] {
        [DiscreteBlock(column: column, columnName: name, label: nil, role: .values, start: start, valueNames: valueNames)]
    }

    /// The codes of `values`, and for each code the index of its one-hot entry (code −1 is missing).
    func entryIndices(of values: ColumnValues) throws(TransformError) -> (codes: [Int32], entries: [Int]) {
        switch values {
        case .boolean(let flags):
            return (flags.map { Int32($0) }, [0, 1])
        case .categorical(let codes, let tableCategories):
            let entries = try vocabularyMapping(from: tableCategories, to: categories, column: name, word: "category")
            return (codes, entries.map { entryOfCategory[$0] })
        default:
            throw TransformError(column: name, message: "expected \(isBoolean ? "boolean" : "categorical") values")
        }
    }

    func encode(_ values: ColumnValues, rows: some Collection<Int>, into output: UnsafeMutableBufferPointer<Float>,
                stride: Int, offset: Int) throws(TransformError) {
        let (codes, entries) = try entryIndices(of: values)
        for (r, source) in rows.enumerated() {
            let code = Int(codes[source])
            if code < 0 {
                guard nullable else { throw TransformError(column: name, message: "missing value in row \(source + 1), but the column is not nullable") }
                output[r * stride + offset + valueEntries] = 1
            } else {
                output[r * stride + offset + entries[code]] = 1
            }
        }
    }

    /// Decodes the block; a `(rare)` entry in row r draws a rare category from a uniform number
    /// that is a pure function of (`freshSeed`, column, `firstID` + r), so output stays reproducible.
    func decode(_ input: UnsafeBufferPointer<Float>, rows: Int, stride: Int, offset: Int,
                firstID: Int = 1, freshSeed: UInt64 = 0) -> ColumnValues {
        var codes = decodeCodes(input, rows: rows, stride: stride, offset: offset)
        drawRare(&codes, firstID: firstID, freshSeed: freshSeed) { _ in nil }
        return values(codes)
    }

    /// The code of a `(rare)` cell whose category is not drawn yet (see ``decodeCodes(_:rows:stride:offset:)``).
    static let undrawnRare: Int32 = -2

    /// The block's codes, with every `(rare)` cell left at ``undrawnRare`` for ``drawRare(_:firstID:freshSeed:within:)``
    /// (−1 is missing).
    func decodeCodes(_ input: UnsafeBufferPointer<Float>, rows: Int, stride: Int, offset: Int) -> [Int32] {
        var codes = [Int32](repeating: 0, count: rows)
        for r in 0..<rows {
            let entry = argmax(input, from: r * stride + offset, count: width)
            if entry == valueEntries {
                codes[r] = -1
            } else if let oneHot {
                codes[r] = entry < oneHot.count ? oneHot[entry] : (rare == nil ? oneHot.first ?? 0 : Self.undrawnRare)
            } else {
                codes[r] = Int32(entry)
            }
        }
        return codes
    }

    /// Draws the category of every ``undrawnRare`` code: in `within(r)` when it gives a law for
    /// row r, else in the whole bucket; returns how many were drawn in a `within` law. Row r's
    /// uniform number is a pure function of (`freshSeed`, column, `firstID` + r) either way.
    @discardableResult
    func drawRare(_ codes: inout [Int32], firstID: Int, freshSeed: UInt64, within: (Int) -> RareCategories?) -> Int {
        guard let rare else { return 0 }
        let key = FreshValueGenerator.key(seed: freshSeed, column: name)
        var drawnWithin = 0
        for r in codes.indices where codes[r] == Self.undrawnRare {
            let u = Double(FreshValueGenerator.mix(key ^ UInt64(bitPattern: Int64(firstID + r))) >> 11) * 0x1p-53
            if let law = within(r), let drawn = law.draw(u) {
                codes[r] = drawn
                drawnWithin += 1
            } else {
                codes[r] = rare.draw(u) ?? oneHot?.first ?? 0
            }
        }
        return drawnWithin
    }

    /// The column's values for decoded codes.
    func values(_ codes: [Int32]) -> ColumnValues {
        isBoolean ? .boolean(codes.map { Int8($0) }) : .categorical(codes: codes, categories: categories)
    }
}
