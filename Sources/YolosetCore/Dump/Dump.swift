internal import Foundation

/// The batches held by one dump file, and where they sit in its JSON.
public struct Dump: Sendable {
    /// The file, as the user named it (or as found under a folder they named).
    public var file: String
    public var batches: [Batch]
    /// For a list page: its position in the listing.
    public var page: PageInfo?
    /// Whether the file began with a UTF-8 byte-order mark (`dump.encoding`).
    var byteOrderMark = false
    /// JSON path of the batch value, or of the array of batches for a list page.
    let batchesPath: String
    let isList: Bool

    /// JSON path of batch `index`: `$.data`, `$`, or `$.data[3]`.
    public func jsonPath(ofBatch index: Int) -> String {
        isList ? "\(batchesPath)[\(index)]" : batchesPath
    }

    /// Reads one dump file: an API envelope, a bare batch or a list page. Anything else, a saved error
    /// body, or a field of the wrong type throws `DumpError` naming the file and the JSON path.
    public static func read(file: String) throws(DumpError) -> Dump {
        switch try DumpFile.read(file: file) {
        case .acusight(let dump): return dump
        case .source(let dump): throw .unsupportedSource(file: file, source: dump.source)
        }
    }

    /// Decodes the root of a file `DumpShape` took for Acusight.
    static func decode(_ root: JSONNode, file: String) throws(DumpError) -> Dump {
        guard let top = try? root.object() else {
            throw root.mismatch("an object (an API envelope or a batch)")
        }
        guard top.contains("success") || top.contains("error") else {
            return Dump(file: file, batches: [try Batch(top)], page: nil, batchesPath: "$", isList: false)
        }
        guard try top.optionalBool("success") == true else {
            let error = try top.optionalObject("error")
            throw .errorBody(
                file: file, code: try error?.optionalIdentifier("code")?.text ?? "no error code",
                message: try error?.optionalString("message") ?? "no message")
        }
        let data = try top.required("data")
        if data.isArray {
            let batches = try data.array().map { item throws(DumpError) in try Batch(item.object()) }
            let page = try top.optionalObject("meta").flatMap { meta throws(DumpError) in try PageInfo(meta) }
            return Dump(
                file: file, batches: batches,
                page: page ?? PageInfo(total: batches.count, page: 1, perPage: nil, totalPages: 1),
                batchesPath: "$.data", isList: true)
        }
        return Dump(
            file: file, batches: [try Batch(data.object())], page: nil, batchesPath: "$.data", isList: false)
    }

    static func load(_ file: String) throws(DumpError) -> Data {
        // A FIFO, socket or device is not a saved response body: reading one could wait for ever.
        var info = stat()
        if stat(file, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            throw .unreadable(
                file: file, reason: "not a regular file (a FIFO, socket or device); save the response body to a file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            throw .unreadable(file: file, reason: String(reason.reversed().drop { $0 == "." }.reversed()))
        }
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw .empty(file: file)
        }
        return data
    }
}

/// Position of a list page in `GET /data/batches`.
public struct PageInfo: Sendable, Equatable {
    public var total: Int?
    public var page: Int
    public var perPage: Int?
    public var totalPages: Int

    public init(total: Int?, page: Int, perPage: Int?, totalPages: Int) {
        self.total = total
        self.page = page
        self.perPage = perPage
        self.totalPages = totalPages
    }

    /// A `meta` object; nil when it does not describe a page (no `page` or `total_pages`).
    init?(_ meta: JSONObjectNode) throws(DumpError) {
        guard let page = try meta.optionalInt("page"), let totalPages = try meta.optionalInt("total_pages") else {
            return nil
        }
        self.init(
            total: try meta.optionalInt("total"), page: page, perPage: try meta.optionalInt("per_page"),
            totalPages: totalPages)
    }
}
