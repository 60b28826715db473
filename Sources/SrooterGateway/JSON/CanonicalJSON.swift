import SrooterEncoding

/// RFC 8785 (JSON Canonicalization Scheme) output for a parsed value, written with
/// `CanonicalJSONText` (the audit chain's writer too): members sorted by their UTF-16 code units,
/// no whitespace, minimal string escapes, numbers as ECMAScript prints them.
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
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(_, let value): out.append(contentsOf: CanonicalJSONText.number(value).utf8)
        case .string(let text): CanonicalJSONText.writeString(text, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                write(item.value, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            CanonicalJSONText.writeObject(count: members.count, into: &out, key: { members[$0].key }) { index, out in
                write(members[index].node.value, into: &out)
            }
        }
    }

    /// A JSON string literal with RFC 8785's escapes (the gateway writes every string it builds this way).
    static func writeString(_ text: String, into out: inout [UInt8]) {
        CanonicalJSONText.writeString(text, into: &out)
    }
}
