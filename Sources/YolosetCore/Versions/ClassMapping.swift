/// How a project's classes become a version's YOLO classes: renames and merges give effective names,
/// drops remove classes, and each effective class gets an index.
///
/// The index is the class's `raw_value` when the raw values are exactly 0..n-1; otherwise classes are
/// numbered densely in project order. A class that had an index in the previous version keeps it when
/// the indices stay dense.
struct ClassMapping: Sendable {
    struct Entry: Sendable, Equatable {
        /// The effective name in this version.
        let name: String
        let index: Int
        /// The project classes folded into it (one, unless merged).
        var sources: [Source]
    }

    struct Source: Sendable, Equatable, Codable {
        let name: String
        let rawValue: String?
        let originalID: String?
    }

    /// Entries by index.
    let entries: [Entry]
    /// class_value (raw value or name) → index; absent for dropped or unknown classes.
    let indexByValue: [String: Int]
    let dropped: [String]
    var warnings: [String] = []

    init(classes: [Source], config: VersionConfig, previous: [String: Int]?) {
        var effectiveOrder: [String] = []
        var sourcesByName: [String: [Source]] = [:]
        var dropped: [String] = []
        for source in classes {
            if config.drops.contains(source.name) {
                dropped.append(source.name)
                continue
            }
            let name = config.merges[source.name] ?? config.renames[source.name] ?? source.name
            if sourcesByName[name] == nil { effectiveOrder.append(name) }
            sourcesByName[name, default: []].append(source)
        }
        var indexOf: [String: Int] = [:]
        var warnings: [String] = []
        let count = effectiveOrder.count
        if let previous, Set(effectiveOrder).isSubset(of: previous.keys),
            Set(effectiveOrder.map { previous[$0]! }) == Set(0..<count)
        {
            for name in effectiveOrder { indexOf[name] = previous[name]! }
        } else {
            let rawIndices = effectiveOrder.map { name -> Int? in
                let sources = sourcesByName[name]!
                guard sources.count == 1, let raw = sources[0].rawValue else { return nil }
                return Int(raw)
            }
            if rawIndices.allSatisfy({ $0 != nil }), Set(rawIndices.map { $0! }) == Set(0..<count) {
                for (name, raw) in zip(effectiveOrder, rawIndices) { indexOf[name] = raw! }
            } else {
                for (position, name) in effectiveOrder.enumerated() { indexOf[name] = position }
            }
            if let previous {
                let moved = effectiveOrder.filter { previous[$0] != nil && previous[$0] != indexOf[$0] }
                if !moved.isEmpty {
                    warnings.append(
                        "class indices changed from the previous version for \(moved.joined(separator: ", ")) "
                            + "(classes were added, dropped or merged)")
                }
            }
        }
        var entries = effectiveOrder.map { Entry(name: $0, index: indexOf[$0]!, sources: sourcesByName[$0]!) }
        entries.sort { $0.index < $1.index }
        var byValue: [String: Int] = [:]
        for entry in entries {
            for source in entry.sources {
                byValue[source.name] = entry.index
                if let raw = source.rawValue { byValue[raw] = entry.index }
            }
        }
        self.entries = entries
        indexByValue = byValue
        self.dropped = dropped
        self.warnings = warnings
    }
}
