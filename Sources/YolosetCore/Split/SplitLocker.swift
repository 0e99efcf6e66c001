internal import GRDB

/// `lock` and `unlock`: set or clear `split_locked` on the images a selection names.
public struct SplitLocker: Sendable {
    public var workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    public struct Result: Sendable, Equatable {
        public var locked: Bool
        /// Images whose lock changed.
        public var changed: [String]
        /// Selected images already in the requested state.
        public var unchanged: Int
        /// Selected images with no split, which cannot be locked.
        public var withoutSplit: [String]
    }

    public func run(
        lock: Bool, selection: ImageSelection, write: Workspace.WriteOptions = .init()
    ) throws -> Result {
        try workspace.exclusively(command: lock ? "lock" : "unlock", wait: write.wait, notice: write.notice) {
            try workspace.catalog.write { db in
                let images = try selection.fetch(db)
                var result = Result(locked: lock, changed: [], unchanged: 0, withoutSplit: [])
                let update = try db.cachedStatement(sql: "UPDATE image_splits SET split_locked = ? WHERE image_id = ?")
                for image in images {
                    if lock && image.split == nil {
                        result.withoutSplit.append(image.id)
                    } else if image.splitLocked == lock {
                        result.unchanged += 1
                    } else {
                        try update.execute(arguments: [lock, image.id])
                        result.changed.append(image.id)
                    }
                }
                if !result.changed.isEmpty {
                    try Catalog.log(
                        db, command: lock ? "lock" : "unlock",
                        summary: encodeJSON(["images": result.changed], compact: true))
                }
                return result
            }
        }
    }
}
