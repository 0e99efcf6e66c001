import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Lock: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lock images' splits: a locked image never moves.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions
        @OptionGroup var select: LockSelection

        func validate() throws { try select.check() }

        func run() throws {
            let result = try select.apply(lock: true, global: global, write: write)
            print(
                "locked \(result.changed.count) image\(result.changed.count == 1 ? "" : "s"); \(result.unchanged) already locked"
            )
            if !result.withoutSplit.isEmpty {
                print(
                    "\(result.withoutSplit.count) selected image\(result.withoutSplit.count == 1 ? " has" : "s have") "
                        + "no split and cannot be locked (run `yoloset split` first): "
                        + result.withoutSplit.prefix(10).joined(separator: ", "))
            }
        }
    }
}
