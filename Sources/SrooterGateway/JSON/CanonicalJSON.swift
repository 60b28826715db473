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
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(_, let value): out.append(contentsOf: Self.number(value).utf8)
        case .string(let text): writeString(text, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                write(item.value, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            // Sorted by UTF-16 code units, ties by position, so that of a repeated key the last
            // one sorts last and is the one written. No dictionary and no copied keys: this runs
            // for every object of every prompt.
            let order = members.indices.sorted { a, b in
                let (left, right) = (members[a].key.utf16, members[b].key.utf16)
                if left.elementsEqual(right) { return a < b }
                return left.lexicographicallyPrecedes(right)
            }
            out.append(UInt8(ascii: "{"))
            var first = true
            for (position, index) in order.enumerated() {
                let member = members[index]
                if position + 1 < order.count, members[order[position + 1]].key.utf16.elementsEqual(member.key.utf16) { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member.node.value, into: &out)
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
