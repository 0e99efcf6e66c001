import Foundation
import YolosetCore

extension CommandOutput {
    /// Prints the result to stdout: its `--json` document, or its text for people.
    func write(asJSON json: Bool) {
        if json {
            FileHandle.standardOutput.write(Data(self.json.utf8))
        } else {
            print(text)
        }
    }
}
