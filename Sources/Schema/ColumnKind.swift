/// What a column holds, with the public constraints on its values.
public enum ColumnKind: Sendable, Equatable {
    /// A row identifier: validated as present, never learned; generation writes fresh ids.
    case id
    /// A number. `min`/`max` are inclusive bounds (required under differential privacy);
    /// `integer` columns hold whole numbers only.
    case continuous(min: Double?, max: Double?, integer: Bool)
    /// One value out of a fixed list. `nil` categories are read from the data (not allowed under DP).
    case categorical(categories: [String]?)
    /// A set of labels in one cell, joined by `separator` (e.g. `music;travel`). An empty cell in a
    /// non-nullable multilabel column means the empty set.
    case multilabel(labels: [String]?, separator: String)
    /// `true` or `false` (also read: `1`/`0`, `yes`/`no`, `t`/`f`, `y`/`n`, any case).
    case boolean
    /// A personally identifying value (e-mail, name, phone, uuid or a pattern): validated for its
    /// shape, never encoded or learned; generation writes fresh values of the same shape.
    case pii(PIIShape)
    /// An instant (a date, or a date and time) written in `format`, held as seconds since
    /// 1970-01-01T00:00:00Z and learned like a continuous column. `min`/`max` are inclusive public
    /// bounds in seconds (required under differential privacy); `offset` is the UTC offset in
    /// seconds that generated cells are written with (and that patterns without `%z` are read in).
    case datetime(format: DateTimeFormat, min: Double?, max: Double?, offset: Int)

    /// The bounds and integrality of a column learned as a number (continuous and datetime
    /// columns; datetimes are whole seconds), `nil` for other kinds.
    public var numericRange: (min: Double?, max: Double?, integer: Bool)? {
        switch self {
        case .continuous(let min, let max, let integer): (min, max, integer)
        case .datetime(_, let min, let max, _): (min, max, true)
        default: nil
        }
    }

    /// Whether a model learns this column (`id` and `pii` columns are never learned).
    public var isLearned: Bool {
        switch self {
        case .id, .pii: false
        default: true
        }
    }

    /// The name used in the JSON `"type"` field.
    public var typeName: String {
        switch self {
        case .id: "id"
        case .continuous: "continuous"
        case .categorical: "categorical"
        case .multilabel: "multilabel"
        case .boolean: "boolean"
        case .pii: "pii"
        case .datetime: "datetime"
        }
    }
}
