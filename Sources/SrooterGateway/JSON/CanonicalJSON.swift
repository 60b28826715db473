import SrooterAudit

/// RFC 8785 (JSON Canonicalization Scheme) output for a parsed value: members sorted by their
/// UTF-16 code units, no whitespace, minimal string escapes, numbers as ECMAScript prints them.
///
/// Example:
/// ```swift
/// CanonicalJSON.bytes(try JSONParser.parse(Array(#"{"b":1.0,"a":"x"}"#.utf8)))  // {"a":"x","b":1}
/// ```
public enum CanonicalJSON {
    /// The canonical bytes of a value.
    public static func bytes(_ node: JSONNode) -> [UInt8] {
        var out: [UInt8] = []
        write(node.value, into: &out)
        return out
    }

    /// Appends the canonical bytes of a value.
    public static func write(_ value: JSONNode.Value, into out: inout [UInt8]) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .number(_, let value): out += Array(Self.number(value).utf8)
        case .string(let text): writeString(text, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                write(item.value, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            var last: [String: JSONNode.Value] = [:]
            for member in members { last[member.key] = member.node.value }
            let keys = last.keys.sorted { Array($0.utf16).lexicographicallyPrecedes(Array($1.utf16)) }
            out.append(UInt8(ascii: "{"))
            for (position, key) in keys.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if let member = last[key] { write(member, into: &out) }
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A string with RFC 8785's escapes: `"` `\` and control characters only (the audit chain's writer,
    /// which has a bulk-copy fast path for strings with nothing to escape; this is on the request path).
    static func writeString(_ text: String, into out: inout [UInt8]) {
        CanonicalFields.writeString(text, into: &out)
    }

    /// A double as ECMAScript's `Number.prototype.toString` prints it (RFC 8785 section 3.2.2.3),
    /// the same formatter the audit chain hashes with.
    public static func number(_ value: Double) -> String {
        CanonicalFields.number(value)
    }
}
