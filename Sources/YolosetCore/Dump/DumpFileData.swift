internal import Foundation

/// Reading a dump's bytes, and turning a decoding failure into one line a person can act on.
enum DumpFileData {
    static func load(_ file: String) throws(DumpError) -> Data {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            throw .unreadable(file: file, reason: reason)
        }
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw .empty(file: file)
        }
        return data
    }

    /// `$.data.images[12].annotations[0].x_center`
    static func jsonPath(_ codingPath: [any CodingKey]) -> String {
        var path = "$"
        for key in codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else if key.stringValue.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                path += ".\(key.stringValue)"
            } else {
                path += "[\"\(key.stringValue)\"]"
            }
        }
        return path
    }

    static func describe(_ error: DecodingError, file: String, data: Data) -> DumpError {
        switch error {
        case .typeMismatch(let type, let context):
            let found = foundDescription(at: context.codingPath, in: data)
            return .malformed(
                file: file, jsonPath: jsonPath(context.codingPath),
                problem: "expected \(expectedDescription(type, context)), found \(found)")
        case .valueNotFound(let type, let context):
            return .malformed(
                file: file, jsonPath: jsonPath(context.codingPath),
                problem: "expected \(expectedDescription(type, context)), found null")
        case .keyNotFound(let key, let context):
            return .malformed(
                file: file, jsonPath: jsonPath(context.codingPath + [key]),
                problem: "required field is missing")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .notJSON(file: file, reason: syntaxReason(context, data: data))
            }
            // A number that does not fit the field's type, e.g. 64.5 for a width in pixels.
            let found = foundDescription(at: context.codingPath, in: data)
            return .malformed(
                file: file, jsonPath: jsonPath(context.codingPath),
                problem: "expected an integer, found \(found)")
        @unknown default:
            return .notJSON(file: file, reason: "\(error)")
        }
    }

    private static func expectedDescription(_ type: Any.Type, _ context: DecodingError.Context) -> String {
        switch type {
        case is Double.Type, is Float.Type: return "a number"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type: return "an integer"
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Identifier.Type, is TopLevel.Type: return context.debugDescription
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") || name.hasPrefix("[") { return "an array" }
            return "an object"
        }
    }

    private static func foundDescription(at path: [any CodingKey], in data: Data) -> String {
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data),
            let value = root.value(at: path)
        else { return "something else" }
        switch value {
        case .string(let text):
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return "a string (\"\(shown)\")"
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15
                ? "\(Int64(number))" : "\(number)"
        default:
            return value.kindDescription
        }
    }

    private static func syntaxReason(_ context: DecodingError.Context, data: Data) -> String {
        // JSONDecoder says only "not valid JSON"; JSONSerialization's reader says what it tripped on.
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            if let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String, !text.isEmpty {
                return text.hasSuffix(".") ? String(text.dropLast()) : text
            }
        }
        return context.underlyingError.map { "\($0)" } ?? "the decoder rejected it"
    }
}
