internal import Foundation
internal import GRDB

#if canImport(Glibc)
    internal import Glibc
#endif

/// What `versions rm` removed.
public struct VersionRemoval: Sendable, Equatable {
    public var number: Int
    public var name: String
    public var path: String
}

extension Workspace {
    /// Removes a version (by `vN`, `N` or name): its folder, its catalog row and recipe. The catalog keeps
    /// that the number (and name) was issued and removed, so neither names another version, and logs the
    /// removal in `history`. The objects only this version held are then `gc`'s to free.
    public func removeVersion(_ reference: String, write: WriteOptions = .init()) throws -> VersionRemoval {
        try exclusively(command: "versions rm", wait: write.wait, notice: write.notice) {
            let store = VersionStore(workspace: self)
            try store.removeAbandoned()
            let number = try number(of: reference, in: store)
            let folder = store.folder(number)
            let name = (try? version("v\(number)"))?.name ?? "v\(number)"
            let removal = VersionRemoval(number: number, name: name, path: folder)
            // The catalog first, then the folder. Once the catalog says the number is removed, `versions`,
            // `show`, `gc` and every other reader skip its folder (VersionStore.numbers()), and the next
            // writer deletes it; so a kill between the two steps leaves a folder nobody sees, never a live
            // catalog row for a folder that is gone (which the other order would, killed after the rename).
            try catalog.write { db in
                for table in ["versions", "version_recipes", "version_members", "version_annotations"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE number = ?", arguments: [number])
                }
                // A version made before numbers were recorded has no row yet.
                try db.execute(
                    sql: "INSERT OR IGNORE INTO version_numbers (number, name, issued_at) VALUES (?, ?, '')",
                    arguments: [number, name])
                try db.execute(
                    sql: "UPDATE version_numbers SET removed_at = ? WHERE number = ?",
                    arguments: [Timestamp.now(), number])
                try Catalog.log(
                    db, command: "versions rm",
                    summary: encodeJSON(removal, compact: true))
            }
            // Renamed away in one step before its files go, so a kill mid-delete leaves no half-version.
            let doomed = "\(store.root)/.rm-v\(number)-\(UUID().uuidString)"
            guard rename(folder, doomed) == 0 else {
                throw WorkspaceError(
                    "v\(number) is removed from the catalog, but its folder cannot be moved: \(errnoText()); "
                        + "the next snapshot or gc deletes '\(folder)'")
            }
            guard VersionStore.delete(doomed) else {
                throw WorkspaceError(
                    "v\(number) is removed, but '\(doomed)' cannot be deleted entirely; the next snapshot or gc "
                        + "deletes it")
            }
            return removal
        }
    }
}
