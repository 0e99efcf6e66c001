import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Unlock: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Unlock images' splits, so a forced re-split may move them. Every unlocked image is listed.",
            discussion: """
                Examples:
                  yoloset -C ws unlock --image img-1002-01
                  yoloset -C ws unlock --all
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions
        @OptionGroup var select: LockSelection

        func validate() throws { try select.check() }

        func run() throws {
            let result = try select.apply(lock: false, global: global, write: write)
            result.write(asJSON: select.json)
        }
    }
}
