import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one version: counts per split and class.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "vN or N.")
        var version: String

        @Flag(help: "Print it as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let info = try Workspace.find().version(version)
            if json {
                FileHandle.standardOutput.write(Data(info.json.utf8))
                return
            }
            print("v\(info.number) \(info.name), created \(info.createdAt)")
            print("  \(info.path)")
            print(
                "  \(info.images) images, \(info.annotations) labels; classes: \(info.classes.joined(separator: ", "))")
            for split in info.splits {
                let classes = split.classes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                print(
                    "  \(split.split.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0))\(split.images) images, "
                        + "\(split.annotations) labels"
                        + (classes.isEmpty ? "" : " — \(classes.joined(separator: ", "))"))
            }
        }
    }
}
