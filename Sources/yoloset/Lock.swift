import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Lock: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lock images' splits: a locked image never moves.",
            discussion: """
                Examples:
                  yoloset -C ws lock --batch b-1001
                  yoloset -C ws lock --image img-1002-01
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions
        @OptionGroup var select: LockSelection

        func validate() throws { try select.check() }

        func run() throws {
            let result = try select.apply(lock: true, global: global, write: write)
            result.write(asJSON: select.json)
        }
    }
}
