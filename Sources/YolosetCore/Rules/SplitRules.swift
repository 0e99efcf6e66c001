/// `split.invalid` and `split.locked-unassigned`: the split fields of one image; and which rule content
/// shared between splits breaks (`split.leak`, `split.overlap`).
enum SplitRules {
    static let validSplits: Set<String> = ["train", "val", "test"]

    /// `split.leak` when one of the splits is train (the model trains on it), `split.overlap` for val and test.
    static func sharingRule(_ splits: [String]) -> Rule { splits.contains("train") ? .splitLeak : .splitOverlap }

    /// Why sharing content breaks `rule`'s splits, for its messages.
    static func consequence(of rule: Rule) -> String {
        rule == .splitLeak
            ? "a model would be evaluated on what it trained on"
            : "test metrics are not independent of the images used to pick the model"
    }

    /// The copies of one content that sit in different splits, each with the copy it is reported against
    /// and the rule: with a copy in train, every copy in val or test leaks (against the first train copy);
    /// without, the val and test copies overlap (against the first of them). `members` in report order.
    static func sharing<Member>(_ members: [Member], split: (Member) -> String?) -> [(
        member: Member, lead: Member, rule: Rule
    )] {
        let assigned = members.filter { split($0).map(validSplits.contains) ?? false }
        guard let lead = assigned.first(where: { split($0) == "train" }) ?? assigned.first else { return [] }
        return assigned.filter { split($0) != split(lead) }.map { member in
            (member, lead, sharingRule([split(lead)!, split(member)!]))
        }
    }

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
