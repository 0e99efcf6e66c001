/// `split.invalid` and `split.locked-unassigned`: the split fields of one image.
enum SplitRules {
    static let validSplits: Set<String> = ["train", "val", "test"]

    static func check(_ context: inout ImageContext) {
        if let split = context.image.split, !validSplits.contains(split) {
            context.report(.splitInvalid, "split '\(split)' is not train, val, test or null")
        }
        if context.image.splitLocked && context.image.split == nil {
            context.report(
                .splitLockedUnassigned, "split_locked is true but split is null; assign a split or unlock it")
        }
    }
}
