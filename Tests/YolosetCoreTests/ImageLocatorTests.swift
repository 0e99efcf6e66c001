import Foundation
import Testing
import YolosetTestSupport

@testable import YolosetCore

/// The images root is a boundary: nothing outside it is ever opened.
@Suite struct ImageLocatorTests {
    /// A temporary root with one image, a symlink inside it that points outside, and two same-named files.
    final class Sandbox {
        let base: URL
        let root: URL

        init() throws {
            base = FileManager.default.temporaryDirectory.appendingPathComponent("yoloset-locator-\(UUID().uuidString)")
            root = base.appendingPathComponent("images")
            let manager = FileManager.default
            try manager.createDirectory(at: root.appendingPathComponent("a"), withIntermediateDirectories: true)
            try manager.createDirectory(at: root.appendingPathComponent("b"), withIntermediateDirectories: true)
            try Data("inside".utf8).write(to: root.appendingPathComponent("a/one.jpg"))
            try Data("twin".utf8).write(to: root.appendingPathComponent("a/twin.jpg"))
            try Data("twin".utf8).write(to: root.appendingPathComponent("b/twin.jpg"))
            try Data("secret".utf8).write(to: base.appendingPathComponent("secret.jpg"))
            try manager.createSymbolicLink(
                atPath: root.appendingPathComponent("a/escape.jpg").path,
                withDestinationPath: base.appendingPathComponent("secret.jpg").path)
            try manager.createDirectory(at: base.appendingPathComponent("outside"), withIntermediateDirectories: true)
            try Data("secret".utf8).write(to: base.appendingPathComponent("outside/other.jpg"))
            try manager.createSymbolicLink(
                atPath: root.appendingPathComponent("c").path,
                withDestinationPath: base.appendingPathComponent("outside").path)
            try manager.createSymbolicLink(
                atPath: root.appendingPathComponent("a/alias.jpg").path,
                withDestinationPath: root.appendingPathComponent("a/one.jpg").path)
        }

        deinit { try? FileManager.default.removeItem(at: base) }
    }

    @Test func findsKeysAndFollowsSymlinksThatStayInside() throws {
        let sandbox = try Sandbox()
        let locator = ImageLocator(root: sandbox.root.path)
        #expect(
            locator.locate(storageKey: "a/one.jpg", filename: nil) == .found(path: sandbox.root.path + "/a/one.jpg"))
        #expect(
            locator.locate(storageKey: "a/alias.jpg", filename: nil) == .found(path: sandbox.root.path + "/a/alias.jpg")
        )
    }

    @Test(arguments: ["../secret.jpg", "a/../../secret.jpg", "/etc/hostname", "a\\..\\..\\secret.jpg"])
    func unsafeKeysAreRefusedWithoutLooking(key: String) throws {
        let sandbox = try Sandbox()
        guard
            case .missing(let reason) = ImageLocator(root: sandbox.root.path).locate(
                storageKey: key, filename: "secret.jpg")
        else {
            Issue.record("\(key) was followed")
            return
        }
        #expect(reason.contains("was not opened"))
    }

    /// The reason names the first problem in a fixed order; only a whole `..` component is a way up.
    @Test func unsafeReasonNamesTheProblem() {
        let cases: [(String, String?)] = [
            ("a/b.jpg", nil), ("...", nil), ("a..b/c.jpg", nil), ("..a/b", nil), ("a/.../b", nil), ("./a.jpg", nil),
            ("a//b.jpg", nil), ("a/./b.jpg", nil), ("", nil),
            ("..", "contains '..'"), ("../a", "contains '..'"), ("a/..", "contains '..'"), ("a/../b", "contains '..'"),
            ("a//..//b", "contains '..'"),
            ("/a.jpg", "is an absolute path"), ("/a/../b", "is an absolute path"),
            ("a\u{0}b", "contains a NUL byte"), ("../a\u{0}", "contains a NUL byte"),
            ("a\\b", "contains a backslash"), ("../a\\b", "contains '..'"),
        ]
        for (key, reason) in cases {
            #expect(ImageLocator.unsafeReason(key) == reason, "\(key.debugDescription)")
        }
    }

    @Test func symlinkPointingOutsideIsRefused() throws {
        let sandbox = try Sandbox()
        let location = ImageLocator(root: sandbox.root.path).locate(storageKey: "a/escape.jpg", filename: nil)
        #expect(
            location
                == .missing(
                    reason:
                        "'\(sandbox.root.path)/a/escape.jpg' leads outside the images root through a symlink; it was not opened"
                ))
    }

    @Test func folderSymlinkPointingOutsideIsRefused() throws {
        let sandbox = try Sandbox()
        let locator = ImageLocator(root: sandbox.root.path)
        // Asked twice: the second answer comes from the cache of resolved folders.
        for _ in 0..<2 {
            let location = locator.locate(storageKey: "c/other.jpg", filename: nil)
            #expect(
                location
                    == .missing(
                        reason: "'\(sandbox.root.path)/c/other.jpg' leads outside the images root through a symlink; "
                            + "it was not opened"))
        }
    }

    @Test func filenameFallbackOnlyWhenUnambiguous() throws {
        let sandbox = try Sandbox()
        let locator = ImageLocator(root: sandbox.root.path)
        #expect(
            locator.locate(storageKey: "moved/one.jpg", filename: "one.jpg")
                == .found(path: sandbox.root.path + "/a/one.jpg"))
        guard case .missing(let reason) = locator.locate(storageKey: "moved/twin.jpg", filename: "twin.jpg") else {
            Issue.record("an ambiguous file name was resolved")
            return
        }
        #expect(reason.contains("2 files are named 'twin.jpg'"))
        // The outside file is reachable by name only through the escaping symlink, which is refused.
        #expect(
            locator.locate(storageKey: nil, filename: "escape.jpg") != .found(path: sandbox.root.path + "/a/escape.jpg")
        )
    }

    @Test func missingRootIsReported() {
        #expect(
            ImageLocator(root: "/nonexistent/images").locate(storageKey: "a.jpg", filename: nil)
                == .missing(reason: "the images root '/nonexistent/images' does not exist"))
    }
}
