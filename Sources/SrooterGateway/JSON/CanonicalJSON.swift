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

    /// A string with RFC 8785's escapes: `"` `\` and control characters only.
    static func writeString(_ text: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [0x5C, 0x22]
            case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x00..<0x20: out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A double as ECMAScript's `Number.prototype.toString` prints it (RFC 8785 section 3.2.2.3).
    public static func number(_ value: Double) -> String {
        if value == 0 { return "0" }
        let negative = value < 0
        // Swift's description is the shortest round-tripping form; take its digits and exponent.
        let text = String(describing: abs(value))
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(mantissa[0])
        let fraction = mantissa.count > 1 ? String(mantissa[1]) : ""
        var digits = Array(whole + fraction)
        var point = whole.count + exponent
        while digits.first == "0" { digits.removeFirst(); point -= 1 }
        while digits.last == "0" { digits.removeLast() }
        if digits.isEmpty { return "0" }
        let k = digits.count
        let n = point
        var result: String
        if k <= n && n <= 21 {
            result = String(digits) + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            result = String(digits[0..<n]) + "." + String(digits[n...])
        } else if -6 < n && n <= 0 {
            result = "0." + String(repeating: "0", count: -n) + String(digits)
        } else {
            let e = n - 1
            result = String(digits[0]) + (k > 1 ? "." + String(digits[1...]) : "") + "e" + (e >= 0 ? "+" : "-") + String(abs(e))
        }
        return negative ? "-" + result : result
    }
}
