import ProfileGANSchema

/// The model file stores the transformer as JSON that other tools can read, so each column is a flat
/// object with a `"type"` field (`id`, `continuous`, `discrete`, `multilabel`) next to its fields,
/// instead of Swift's synthesized `{"continuous": {"_0": …}}` form.
extension ColumnTransform {
    private enum CodingKeys: String, CodingKey { case type, name, kind, pattern }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .type) {
        case "id": self = .id(name: try c.decode(String.self, forKey: .name))
        case "pii":
            let name = try c.decode(String.self, forKey: .name)
            if let pattern = try c.decodeIfPresent(String.self, forKey: .pattern) {
                guard PIIPattern(pattern) != nil else {
                    throw DecodingError.dataCorruptedError(forKey: .pattern, in: c, debugDescription: "pattern \"\(pattern)\" has no placeholder")
                }
                self = .pii(name: name, shape: .pattern(pattern))
            } else {
                let kind = try c.decode(String.self, forKey: .kind)
                guard let shape = PIIShape(kindName: kind) else {
                    throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown pii kind \"\(kind)\"")
                }
                self = .pii(name: name, shape: shape)
            }
        case "continuous": self = .continuous(try ContinuousTransform(from: decoder))
        case "discrete": self = .discrete(try DiscreteTransform(from: decoder))
        case "multilabel": self = .multilabel(try MultilabelTransform(from: decoder))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown column transform type \"\(other)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .id(let name):
            try c.encode("id", forKey: .type)
            try c.encode(name, forKey: .name)
        case .pii(let name, let shape):
            try c.encode("pii", forKey: .type)
            try c.encode(name, forKey: .name)
            if case .pattern(let pattern) = shape { try c.encode(pattern, forKey: .pattern) } else { try c.encodeIfPresent(shape.kindName, forKey: .kind) }
        case .continuous(let t):
            try c.encode("continuous", forKey: .type)
            try t.encode(to: encoder)
        case .discrete(let t):
            try c.encode("discrete", forKey: .type)
            try t.encode(to: encoder)
        case .multilabel(let t):
            try c.encode("multilabel", forKey: .type)
            try t.encode(to: encoder)
        }
    }
}

/// `{"kind": "vgm", "mixture": {…}}` or `{"kind": "minmax", "lower": …, "upper": …}`.
extension ContinuousTransform.Normalization {
    private enum CodingKeys: String, CodingKey { case kind, mixture, lower, upper }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "vgm": self = .modeSpecific(try c.decode(GaussianMixture.self, forKey: .mixture))
        case "minmax":
            let lower = try c.decode(Double.self, forKey: .lower), upper = try c.decode(Double.self, forKey: .upper)
            guard lower < upper else {
                throw DecodingError.dataCorruptedError(forKey: .upper, in: c, debugDescription: "minmax needs lower < upper")
            }
            self = .minMax(lower: lower, upper: upper)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown normalization \"\(other)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .modeSpecific(let mixture):
            try c.encode("vgm", forKey: .kind)
            try c.encode(mixture, forKey: .mixture)
        case .minMax(let lower, let upper):
            try c.encode("minmax", forKey: .kind)
            try c.encode(lower, forKey: .lower)
            try c.encode(upper, forKey: .upper)
        }
    }
}
