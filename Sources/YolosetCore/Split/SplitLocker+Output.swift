/// `yoloset lock` and `unlock` (text only: they have no --json).
extension SplitLocker.Result {
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
}
