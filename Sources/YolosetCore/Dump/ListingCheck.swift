internal import Foundation

/// A batch listing saved as pages (`GET /data/batches?page=N`) is usable only whole: each folder's list
/// pages must be pages 1...K of one listing, each exactly once.
enum ListingCheck {
    /// The first problem of each folder's listing, by folder, with the listing's first page file (where
    /// the report places it).
    static func problems(_ pages: [(file: String, page: PageInfo)]) -> [(file: String, problem: DumpError)] {
        var problems: [(file: String, problem: DumpError)] = []
        var byFolder: [String: [(file: String, page: PageInfo)]] = [:]
        for entry in pages {
            byFolder[(entry.file as NSString).deletingLastPathComponent, default: []].append(entry)
        }
        for (folder, pages) in byFolder.sorted(by: { $0.key < $1.key }) {
            if let problem = problem(of: pages, folder: folder) { problems.append((pages[0].file, problem)) }
        }
        return problems
    }

    private static func problem(of pages: [(file: String, page: PageInfo)], folder: String) -> DumpError? {
        let shown = folder.isEmpty ? "." : folder
        let totals = Set(pages.map(\.page.totalPages))
        guard totals.count == 1, let total = totals.first else {
            let listed = totals.sorted().map(String.init).joined(separator: ", ")
            return .inconsistentPages(folder: shown, reason: "pages disagree on total_pages (\(listed))")
        }
        var seen: [Int: String] = [:]
        for entry in pages {
            let number = entry.page.page
            guard (1...max(total, 1)).contains(number) else {
                return .inconsistentPages(folder: shown, reason: "'\(entry.file)' is page \(number) of \(total)")
            }
            if let other = seen[number] {
                return .inconsistentPages(
                    folder: shown, reason: "'\(other)' and '\(entry.file)' are both page \(number)")
            }
            seen[number] = entry.file
        }
        let missing = (1...max(total, 1)).filter { seen[$0] == nil }
        if !missing.isEmpty {
            return .missingPages(folder: shown, missing: missing, totalPages: total)
        }
        return nil
    }
}
