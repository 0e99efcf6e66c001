internal import Foundation

/// Finds the image file of a succeeded Runflow item or Nimble task under the images root. It tries, in
/// order, until one step finds exactly one file:
///
/// 1. each file name the output names (`SourceItem.outputNames`): a relative path at that path, then
///    by its file name anywhere under the root; a URL or an absolute path by its file name only;
/// 2. `client_ref`, 3. `run_id`, 4. the item or task id: the one file whose name is the value plus
///    .jpg, .jpeg or .png.
///
/// It never follows `..`, an absolute path, or a symlink out of the root (`ImageLocator`).
struct SourceImageLookup: Sendable {
    let locator: ImageLocator

    func locate(_ item: SourceItem) -> ImageLocator.Location {
        var tried: [String] = []
        for name in item.outputNames {
            let location = locate(outputName: name)
            if case .found = location { return location }
            if case .missing(let reason) = location { tried.append("output '\(name)': \(reason)") }
        }
        if item.outputNames.isEmpty { tried.append("the output names no file") }
        let ids: [(String, Identifier?)] = [
            ("client_ref", item.clientRef), ("run_id", item.runID), (item.taskID == nil ? "id" : "task id", item.id),
        ]
        for (field, value) in ids {
            guard let value else { continue }
            let location = locator.locate(stem: value.text)
            if case .found = location { return location }
            if case .missing(let reason) = location { tried.append("\(field) '\(value)': \(reason)") }
        }
        return .missing(reason: tried.joined(separator: "; "))
    }

    private func locate(outputName name: String) -> ImageLocator.Location {
        if let url = URL(string: name), url.scheme != nil, !url.path.isEmpty {
            return locator.locate(filename: Self.lastComponent(url.path))
        }
        if name.hasPrefix("/") || name.contains("\\") {
            return locator.locate(filename: Self.lastComponent(name))
        }
        if let unsafe = ImageLocator.unsafeReason(name) {
            return .missing(reason: "it \(unsafe); it was not opened")
        }
        return locator.locate(storageKey: name, filename: Self.lastComponent(name))
    }

    private static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? ""
    }
}
