/// One unit of work of a Runflow batch (an item) or a Nimble batch (a task), with what the importer
/// needs to trace an image back to it: the ids the API gave it and where it sits in which dump.
public struct SourceItem: Sendable {
    /// The Runflow item id, or the Nimble task id.
    public var id: Identifier?
    public var batchID: Identifier?
    public var sequenceIndex: Int?
    /// The caller's own reference for the item (Runflow).
    public var clientRef: Identifier?
    /// The run that processed the item (Runflow; from the embedded `run` when `run_id` is null).
    public var runID: Identifier?
    /// Nimble's task id (the same as `id` there; nil for Runflow).
    public var taskID: Identifier?
    /// `status_code` (Runflow) or `state` (Nimble), as sent.
    public var rawStatus: String?
    public var state: ItemState
    /// The error's code or type, and its message, when the item failed.
    public var errorCode: String?
    public var errorMessage: String?
    public var createdAt: String?
    public var startedAt: String?
    public var completedAt: String?
    /// Nimble's `modified_at`: when the task last changed.
    public var modifiedAt: String?
    /// Nimble's `status_code`: the HTTP status the task's request got.
    public var httpStatus: Int?
    /// File names or URLs the output names, in the order they are tried (image lookup step 1).
    public var outputNames: [String]
    /// Whether only Runflow's lean handle was seen (the batch dump's `items`), not the full item.
    public var isLean: Bool
    /// The dump the item was read from, and its JSON path there (`$.items[3]`, `$.tasks[0]`).
    public var file: String
    public var jsonPath: String
    /// The image file found for a succeeded item (`SourceImageLookup`); nil until looked up, or not found.
    public var imageFile: String?

    init(file: String, jsonPath: String) {
        self.file = file
        self.jsonPath = jsonPath
        state = .unknown
        outputNames = []
        isLean = false
    }

    /// The item's key within its batch: its id, else `#<sequence_index>`, else `@<position>`.
    func key(position: Int) -> String {
        if let id { return id.text }
        if let sequenceIndex { return "#\(sequenceIndex)" }
        return "@\(position)"
    }

    /// How messages name the item: `item 7f3c… (client_ref cam-1)`.
    public var label: String {
        var text = id.map { "\(taskID == nil ? "item" : "task") \($0)" } ?? "an item without id"
        if let clientRef { text += " (client_ref \(clientRef))" }
        return text
    }
}
