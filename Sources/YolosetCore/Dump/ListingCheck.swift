internal import Foundation

/// A batch listing saved as pages (`GET /data/batches?page=N`) is usable only whole: each folder's list
/// pages must be pages 1...K of one listing, each exactly once.
enum ListingCheck {
    static func check(_ pages: [(file: String, page: PageInfo)]) throws(DumpError) {
        var byFolder: [String: [(file: String, page: PageInfo)]] = [:]
        for entry in pages {
            byFolder[(entry.file as NSString).deletingLastPathComponent, default: []].append(entry)
        }
        for (folder, pages) in byFolder.sorted(by: { $0.key < $1.key }) {
            let shown = folder.isEmpty ? "." : folder
            let totals = Set(pages.map(\.page.totalPages))
            guard totals.count == 1, let total = totals.first else {
                let listed = totals.sorted().map(String.init).joined(separator: ", ")
                throw .inconsistentPages(folder: shown, reason: "pages disagree on total_pages (\(listed))")
            }
            var seen: [Int: String] = [:]
            for entry in pages {
                let number = entry.page.page
                guard (1...max(total, 1)).contains(number) else {
                    throw .inconsistentPages(folder: shown, reason: "'\(entry.file)' is page \(number) of \(total)")
                }
                if let other = seen[number] {
                    throw .inconsistentPages(
                        folder: shown, reason: "'\(other)' and '\(entry.file)' are both page \(number)")
                }
                seen[number] = entry.file
            }
            let missing = (1...max(total, 1)).filter { seen[$0] == nil }
            if !missing.isEmpty {
                throw .missingPages(folder: shown, missing: missing, totalPages: total)
            }
        }
    }
}
