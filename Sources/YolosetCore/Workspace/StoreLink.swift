/// How the object store takes in an image file (`store.link` in `yoloset.yaml`, `init --link`).
public enum StoreLink: String, Sendable, CaseIterable {
    /// A reflink (FICLONE) where the file system can (XFS, Btrfs), else a copy: DVC's `reflink,copy`.
    case auto
    /// A reflink, or the import fails: for users who count on using no extra space.
    case reflink
    /// A copy, always.
    case copy
    /// A hard link to the user's file: no second copy, but the object *is* the user's file, so editing
    /// that file in place changes the object (and every version holding it). Guarded: each object's
    /// stat is recorded, and an object whose stat changed is re-hashed before it enters a version.
    case hardlink
}
