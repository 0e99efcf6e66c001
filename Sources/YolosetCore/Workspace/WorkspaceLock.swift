internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#endif

/// The workspace's writer lock: an `flock` on `.yoloset/lock`, so one command changes a workspace at a
/// time. The kernel drops it when the holder exits, however it exits (`kill -9` included), so a lock is
/// never left behind. The file holds the holder's pid and command, for the message a waiter prints.
final class WorkspaceLock {
    private let descriptor: Int32

    /// Takes the lock. When another process holds it: with `wait`, calls `notice` with a description of
    /// the holder and blocks until it is free; without, throws at once.
    init(path: String, command: String, wait: Bool, notice: (String) -> Void) throws(WorkspaceError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw WorkspaceError("cannot open the workspace lock '\(path)': \(errnoText())")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.holder(fd)
            guard wait else {
                close(fd)
                throw WorkspaceError(
                    "another yoloset process (\(holder)) is changing this workspace; "
                        + "retry when it has finished, or drop --no-wait to wait for it")
            }
            notice("waiting for another yoloset process (\(holder)) to finish changing this workspace…")
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    close(fd)
                    throw WorkspaceError("cannot lock the workspace: \(errnoText())")
                }
            }
        }
        descriptor = fd
        let text = "pid \(getpid()), yoloset \(command)\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        close(descriptor)
    }

    private static func holder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return "pid unknown" }
        return String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
