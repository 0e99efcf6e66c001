internal import CYAJL

#if canImport(Glibc)
    internal import Glibc
#endif

/// One step through a JSON document, as yajl reads it. A string's or a key's bytes (UTF-8, escapes
/// decoded, checked by yajl) are lent for the call only.
enum JSONEvent {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(UnsafeRawBufferPointer)
    case key(UnsafeRawBufferPointer)
    case startObject
    case endObject
    case startArray
    case endArray

    /// How a message names the value this event begins: `a string ("0.5")`, `64.5`, `an array`.
    var found: String {
        switch self {
        case .null: JSONValue.null.found
        case .bool(let flag): JSONValue.bool(flag).found
        case .integer(let number): JSONValue.number(Double(number)).found
        case .double(let number): JSONValue.number(number).found
        case .string(let bytes), .key(let bytes): JSONValue.string(String(decoding: bytes, as: UTF8.self)).found
        case .startObject, .endObject: JSONValue.object([:]).found
        case .startArray, .endArray: JSONValue.array([]).found
        }
    }
}

/// Reads a JSON file as a stream of events with yajl, a chunk at a time, so a file of any size is read
/// in the memory of one chunk and whatever the caller keeps of it: `diff` reads two version.json files of
/// a million images each. It is as strict as the json-c reader of dumps: no comments, UTF-8 checked,
/// nothing after the value. A syntax error names the line and column; the caller's own error (a field of
/// the wrong type) stops the read and is thrown as it is.
enum JSONEventReader {
    /// Hands every event of `file` to `handle`, in document order.
    static func read(
        file: String, chunk: Int = 1 << 20, _ handle: (JSONEvent) throws(DumpError) -> Void
    ) throws(DumpError) {
        // A FIFO, socket or device could make open or read wait for ever.
        var info = stat()
        if stat(file, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            throw .unreadable(file: file, reason: "not a regular file (a FIFO, socket or device)")
        }
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(file: file, reason: errnoText()) }
        defer { close(fd) }
        try withoutActuallyEscaping(handle) { (handle) throws(DumpError) in
            try Parse(file: file, handle: handle).run(fd: fd, chunk: max(chunk, 1))
        }
    }

    /// One read: the parser, the caller's handler, and the error that stopped it.
    private final class Parse {
        let file: String
        let handle: (JSONEvent) throws(DumpError) -> Void
        var failure: DumpError?

        init(file: String, handle: @escaping (JSONEvent) throws(DumpError) -> Void) {
            self.file = file
            self.handle = handle
        }

        /// Hands `event` to the handler of the parse `context` points to: 1 to go on, 0 to stop the parse
        /// (yajl's convention). The parse outlives yajl's calls, so they take no reference to it.
        static func deliver(_ event: JSONEvent, to context: UnsafeMutableRawPointer?) -> Int32 {
            Unmanaged<Parse>.fromOpaque(context!)._withUnsafeGuaranteedRef { parse in
                do throws(DumpError) {
                    try parse.handle(event)
                    return 1
                } catch {
                    parse.failure = error
                    return 0
                }
            }
        }

        func run(fd: Int32, chunk: Int) throws(DumpError) {
            var callbacks = yajl_callbacks()
            callbacks.yajl_null = { Parse.deliver(.null, to: $0) }
            callbacks.yajl_boolean = { Parse.deliver(.bool($1 != 0), to: $0) }
            callbacks.yajl_integer = { Parse.deliver(.integer(Int64($1)), to: $0) }
            callbacks.yajl_double = { Parse.deliver(.double($1), to: $0) }
            callbacks.yajl_string = { Parse.deliver(.string(UnsafeRawBufferPointer(start: $1, count: $2)), to: $0) }
            callbacks.yajl_map_key = { Parse.deliver(.key(UnsafeRawBufferPointer(start: $1, count: $2)), to: $0) }
            callbacks.yajl_start_map = { Parse.deliver(.startObject, to: $0) }
            callbacks.yajl_end_map = { Parse.deliver(.endObject, to: $0) }
            callbacks.yajl_start_array = { Parse.deliver(.startArray, to: $0) }
            callbacks.yajl_end_array = { Parse.deliver(.endArray, to: $0) }
            // yajl's defaults are the strict ones: no comments, strings checked as UTF-8, one value only.
            guard let parser = yajl_alloc(&callbacks, nil, Unmanaged.passUnretained(self).toOpaque()) else {
                throw .unreadable(file: file, reason: "out of memory")
            }
            defer { yajl_free(parser) }
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
            defer { buffer.deallocate() }
            var offset = 0
            while true {
                let count = Glibc.read(fd, buffer, chunk)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw .unreadable(file: file, reason: errnoText())
                }
                if count == 0 { break }
                let status = yajl_parse(parser, buffer, count)
                if status != yajl_status_ok {
                    // yajl counts the byte it stopped at as consumed.
                    let consumed = max(yajl_get_bytes_consumed(parser), 1) - 1
                    throw failure(status, parser, at: offset + consumed, end: false)
                }
                offset += count
            }
            let status = yajl_complete_parse(parser)
            if status != yajl_status_ok { throw failure(status, parser, at: offset, end: true) }
        }

        /// The caller's error, or yajl's message at the line and column of byte `offset`.
        private func failure(_ status: yajl_status, _ parser: yajl_handle, at offset: Int, end: Bool) -> DumpError {
            if status == yajl_status_client_canceled, let failure { return failure }
            let (line, column, blank) = Self.position(offset, in: file)
            if end {
                if blank { return .empty(file: file) }
                return .notJSON(
                    file: file, reason: "the file ends in the middle of a value", line: line, column: column)
            }
            var reason = "unreadable JSON"
            if let message = yajl_get_error(parser, 0, nil, 0) {
                // "parse error: trailing garbage\n", "lexical error: invalid char in json text.\n"
                reason = String(cString: message).trimmingTrailing { " \n.".contains($0) }
                yajl_free_error(parser, message)
            }
            return .notJSON(file: file, reason: reason, line: line, column: column)
        }

        /// The 1-based line and column (in Unicode scalars) of the byte at `offset`, and whether the file
        /// holds only whitespace up to there; read again, as errors are rare.
        private static func position(_ offset: Int, in file: String) -> (line: Int, column: Int, blank: Bool) {
            var line = 1
            var column = 1
            var blank = true
            let fd = open(file, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return (line, column, false) }
            defer { close(fd) }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            var remaining = offset
            while remaining > 0 {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, min($0.count, remaining)) }
                if count <= 0 { break }
                for byte in buffer[..<count] {
                    if byte == 0x0A {
                        line += 1
                        column = 1
                    } else if byte & 0xC0 != 0x80 {
                        column += 1
                    }
                    if byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 { blank = false }
                }
                remaining -= count
            }
            return (line, column, blank)
        }
    }
}

extension String {
    fileprivate func trimmingTrailing(where drop: (Character) -> Bool) -> String {
        var text = self
        while let last = text.last, drop(last) { text.removeLast() }
        return text
    }
}
