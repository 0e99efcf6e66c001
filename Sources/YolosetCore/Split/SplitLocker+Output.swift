/// `yoloset lock` and `unlock`.
extension SplitLocker.Result: CommandOutput {
    /// For people: how many images changed; for lock, the images without a split; for unlock, every
    /// image unlocked.
    public var text: String {
        let count = plural(changed.count, "image")
        guard locked else {
            return
                (["unlocked \(count); \(unchanged) \(unchanged == 1 ? "was" : "were") not locked"]
                + changed.map { "  unlocked \($0)" })
                .joined(separator: "\n")
        }
        var lines = ["locked \(count); \(unchanged) already locked"]
        if !withoutSplit.isEmpty {
            lines.append(
                "\(withoutSplit.count) selected image\(withoutSplit.count == 1 ? " has" : "s have") "
                    + "no split and cannot be locked (run `yoloset split` first): "
                    + withoutSplit.prefix(10).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    enum CodingKeys: String, CodingKey {
        case locked, changed
        case imagesChanged = "images_changed"
        case imagesUnchanged = "images_unchanged"
        case withoutSplit = "without_split"
    }

    /// `locked`: true for `lock`, false for `unlock`; `changed` the ids whose lock changed,
    /// `without_split` the selected ids that could not be locked.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(locked, forKey: .locked)
        try container.encode(changed.count, forKey: .imagesChanged)
        try container.encode(unchanged, forKey: .imagesUnchanged)
        try container.encode(changed, forKey: .changed)
        try container.encode(withoutSplit, forKey: .withoutSplit)
    }
}
