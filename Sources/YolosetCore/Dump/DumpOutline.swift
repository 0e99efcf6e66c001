internal import Foundation

/// The cheap first look at a dump: its shape, its page in a listing, how many images it holds. Reading
/// every outline before any image is opened makes a bad dump fail the run at once.
struct DumpOutline: Sendable {
    let file: String
    let page: PageInfo?
    let imageCount: Int

    static func read(file: String) throws(DumpError) -> DumpOutline {
        let data = try DumpFileData.load(file)
        do {
            let outline = try JSONDecoder().decode(Shape.self, from: data)
            if let error = outline.error {
                throw DumpError.errorBody(file: file, code: error.code, message: error.message)
            }
            return DumpOutline(file: file, page: outline.page, imageCount: outline.imageCount)
        } catch let error as DumpError {
            throw error
        } catch let error as DecodingError {
            // The outline skips most fields; the full decoder names the exact path of the problem.
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw DumpFileData.describe(error, file: file, data: data)
            }
            _ = try Dump.read(file: file)
            throw DumpFileData.describe(error, file: file, data: data)
        } catch {
            throw .notJSON(file: file, reason: "\(error)")
        }
    }

    /// Checks that each folder's list pages make a whole listing: pages 1...K, each once.
    static func checkPages(_ outlines: [DumpOutline]) throws(DumpError) {
        var byFolder: [String: [DumpOutline]] = [:]
        for outline in outlines where outline.page != nil {
            byFolder[(outline.file as NSString).deletingLastPathComponent, default: []].append(outline)
        }
        for (folder, pages) in byFolder.sorted(by: { $0.key < $1.key }) {
            let shown = folder.isEmpty ? "." : folder
            let totals = Set(pages.map { $0.page!.totalPages })
            guard totals.count == 1, let total = totals.first else {
                throw .inconsistentPages(
                    folder: shown,
                    reason:
                        "pages disagree on total_pages (\(totals.sorted().map(String.init).joined(separator: ", ")))")
            }
            var seen: [Int: String] = [:]
            for outline in pages {
                let number = outline.page!.page
                guard (1...max(total, 1)).contains(number) else {
                    throw .inconsistentPages(folder: shown, reason: "'\(outline.file)' is page \(number) of \(total)")
                }
                if let other = seen[number] {
                    throw .inconsistentPages(
                        folder: shown, reason: "'\(other)' and '\(outline.file)' are both page \(number)")
                }
                seen[number] = outline.file
            }
            let missing = (1...max(total, 1)).filter { seen[$0] == nil }
            if !missing.isEmpty {
                throw .missingPages(folder: shown, missing: missing, totalPages: total)
            }
        }
    }

    /// Only what the outline needs; everything else is skipped unread.
    private struct Shape: Decodable {
        var error: (code: String, message: String)?
        var page: PageInfo?
        var imageCount = 0

        init(from decoder: any Decoder) throws {
            guard let container = try? decoder.container(keyedBy: AnyKey.self) else {
                throw DecodingError.typeMismatch(
                    TopLevel.self, .init(codingPath: [], debugDescription: "an object (an API envelope or a batch)"))
            }
            let isEnvelope = container.contains(AnyKey("success")) || container.contains(AnyKey("error"))
            if isEnvelope {
                let success = try container.decodeIfPresent(Bool.self, forKey: AnyKey("success")) ?? false
                if !success {
                    let body = try container.decodeIfPresent(TopLevel.ErrorBody.self, forKey: AnyKey("error"))
                    error = (body?.code?.text ?? "no error code", body?.message ?? "no message")
                    return
                }
                if (try? container.nestedUnkeyedContainer(forKey: AnyKey("data"))) != nil {
                    let batches = try container.decode([Counted].self, forKey: AnyKey("data"))
                    imageCount = batches.reduce(0) { $0 + $1.images }
                    page =
                        try container.decodeIfPresent(PageInfo.self, forKey: AnyKey("meta"))
                        ?? PageInfo(total: batches.count, page: 1, perPage: nil, totalPages: 1)
                } else {
                    imageCount = try container.decode(Counted.self, forKey: AnyKey("data")).images
                }
            } else {
                imageCount = try Counted(from: decoder).images
            }
        }
    }

    private struct Counted: Decodable {
        var images = 0
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            images = try container.decodeIfPresent([Skipped].self, forKey: AnyKey("images"))?.count ?? 0
        }
    }

    private struct Skipped: Decodable {
        init(from decoder: any Decoder) throws {}
    }
}
