/// `ratios` in `split --json`: the fractions of train, val and test.
extension SplitRatios: Encodable {
    enum CodingKeys: String, CodingKey {
        case train, val, test
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(train, forKey: .train)
        try container.encode(val, forKey: .val)
        try container.encode(test, forKey: .test)
    }
}
