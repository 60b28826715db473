#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The one way srooter writes and reads its JSON documents (SBOMs, pins), so that the same
/// value always gives the same bytes: keys sorted, two-space pretty printing, `/` unescaped,
/// and a final newline.
public enum StableJSON {
    /// Encodes a value as byte-stable, pretty-printed JSON ending in a newline.
    public static func encode<Value: Encodable>(_ value: Value) throws(JSONCodingError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            var bytes = [UInt8](try encoder.encode(value))
            bytes.append(0x0A)
            return bytes
        } catch {
            throw JSONCodingError(reason: "\(error)")
        }
    }

    /// Decodes a value from JSON bytes; the error's reason is a short explanation.
    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws(JSONCodingError) -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw JSONCodingError(reason: describe(error))
        } catch {
            throw JSONCodingError(reason: "\(error)")
        }
    }

    /// Decodes like ``decode(_:from:)`` after refusing a document in which one object repeats a
    /// key: parsers disagree on which value wins (first, last, error), so a document srooter
    /// verifies must mean the same to every tool that reads it.
    public static func decodeStrict<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws(JSONCodingError) -> Value {
        try refuseDuplicateKeys(bytes)
        return try decode(type, from: bytes)
    }

    /// Throws when one object in `bytes` repeats a key.
    public static func refuseDuplicateKeys(_ bytes: [UInt8]) throws(JSONCodingError) {
        if let key = bytes.withUnsafeBytes({ JSONSyntaxScanner.duplicateKey(in: $0) }) {
            throw JSONCodingError(reason: "duplicate key \"\(key)\"")
        }
    }

    /// A one-line account of a decoding failure with the JSON path where it happened.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = "$"
            for key in codingPath {
                if let index = key.intValue { text += "[\(index)]" } else { text += ".\(key.stringValue)" }
            }
            return text
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required but missing"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(type), found null"
        @unknown default:
            return "\(error)"
        }
    }
}

/// JSON could not be encoded or decoded; `reason` says where and why.
public struct JSONCodingError: Error, Sendable, Equatable {
    public let reason: String
}
