internal import Foundation

/// The batches held by one dump file, and where they sit in its JSON.
public struct Dump: Sendable {
    /// The file, as the user named it (or as found under a folder they named).
    public var file: String
    public var batches: [Batch]
    /// For a list page: its position in the listing.
    public var page: PageInfo?
    /// JSON path of the batch value, or of the array of batches for a list page.
    let batchesPath: String
    let isList: Bool

    /// JSON path of batch `index`: `$.data`, `$`, or `$.data[3]`.
    public func jsonPath(ofBatch index: Int) -> String {
        isList ? "\(batchesPath)[\(index)]" : batchesPath
    }

    /// Reads and decodes one dump file. Throws `DumpError` naming the file and the JSON path.
    public static func read(file: String) throws(DumpError) -> Dump {
        let data = try DumpFileData.load(file)
        let topLevel: TopLevel
        do {
            topLevel = try JSONDecoder().decode(TopLevel.self, from: data)
        } catch let error as DecodingError {
            throw DumpFileData.describe(error, file: file, data: data)
        } catch {
            throw .notJSON(file: file, reason: "\(error)")
        }
        switch topLevel.shape {
        case .errorBody(let code, let message):
            throw .errorBody(file: file, code: code, message: message)
        case .batch(let batch, let path):
            return Dump(file: file, batches: [batch], page: nil, batchesPath: path, isList: false)
        case .list(let batches, let page):
            return Dump(file: file, batches: batches, page: page, batchesPath: "$.data", isList: true)
        }
    }
}

/// Position of a list page in `GET /data/batches`.
public struct PageInfo: Sendable, Equatable, Decodable {
    public var total: Int?
    public var page: Int
    public var perPage: Int?
    public var totalPages: Int

    enum CodingKeys: String, CodingKey {
        case total, page
        case perPage = "per_page"
        case totalPages = "total_pages"
    }
}

/// The top level of a dump file: an envelope, a bare batch, a list page, or a saved error body.
struct TopLevel: Decodable {
    enum Shape {
        case batch(Batch, path: String)
        case list([Batch], PageInfo)
        case errorBody(code: String, message: String)
    }

    let shape: Shape

    init(from decoder: any Decoder) throws {
        let container: KeyedDecodingContainer<AnyKey>
        do {
            container = try decoder.container(keyedBy: AnyKey.self)
        } catch {
            throw DecodingError.typeMismatch(
                TopLevel.self,
                .init(codingPath: [], debugDescription: "an object (an API envelope or a batch)"))
        }
        if container.contains(AnyKey("success")) || container.contains(AnyKey("error")) {
            let success = try container.decodeIfPresent(Bool.self, forKey: AnyKey("success")) ?? false
            if !success {
                let body = try container.decodeIfPresent(ErrorBody.self, forKey: AnyKey("error"))
                shape = .errorBody(
                    code: body?.code?.text ?? "no error code",
                    message: body?.message ?? "no message")
                return
            }
            let dataKey = AnyKey("data")
            guard container.contains(dataKey) else {
                throw DecodingError.keyNotFound(
                    dataKey, .init(codingPath: [], debugDescription: "an envelope holds its batch in data"))
            }
            if (try? container.nestedUnkeyedContainer(forKey: dataKey)) != nil {
                let batches = try container.decode([Batch].self, forKey: dataKey)
                let meta = try container.decodeIfPresent(PageInfo.self, forKey: AnyKey("meta"))
                shape = .list(batches, meta ?? PageInfo(total: batches.count, page: 1, perPage: nil, totalPages: 1))
            } else {
                shape = .batch(try container.decode(Batch.self, forKey: dataKey), path: "$.data")
            }
        } else {
            shape = .batch(try Batch(from: decoder), path: "$")
        }
    }

    struct ErrorBody: Decodable {
        var code: Identifier?
        var message: String?
    }
}

/// A coding key for any member name.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(_ string: String) {
        stringValue = string
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}
