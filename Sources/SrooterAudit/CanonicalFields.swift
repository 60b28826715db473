/// A flat JSON object written as RFC 8785 canonical JSON: members sorted by key (UTF-16 code
/// units), no whitespace, minimal string escapes, numbers as ECMAScript prints them.
///
/// The audit chain hashes only flat objects of strings, integers, doubles and nulls, so this
/// small writer is all it needs; its output matches `SrooterGateway.CanonicalJSON` (tested).
public struct CanonicalFields: Sendable {
    /// A member's value.
    public enum Value: Sendable, Equatable {
        case string(String)
        case int(Int)
        case double(Double)
        case null

        static func optional(_ text: String?) -> Value { text.map { .string($0) } ?? .null }
        static func optional(_ number: Double?) -> Value { number.map { .double($0) } ?? .null }
    }

    private var members: [(key: String, value: Value)] = []

    public init() {}

    /// Adds a member (keys must be unique).
    public mutating func add(_ key: String, _ value: Value) { members.append((key, value)) }

    /// The canonical bytes.
    public func bytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        write(into: &out)
        return out
    }

    /// Appends the canonical bytes.
    public func write(into out: inout [UInt8]) {
        // For ASCII keys (all of the audit chain's) UTF-8 order is UTF-16 order, without copies.
        let ascii = members.allSatisfy { Self.isASCII($0.key) }
        let inOrder = ascii && zip(members, members.dropFirst()).allSatisfy { $0.key < $1.key }
        let sorted = inOrder ? members : ascii
            ? members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            : members.sorted { Array($0.key.utf16).lexicographicallyPrecedes(Array($1.key.utf16)) }
        out.append(UInt8(ascii: "{"))
        for (position, member) in sorted.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            Self.writeString(member.key, into: &out)
            out.append(UInt8(ascii: ":"))
            switch member.value {
            case .string(let text): Self.writeString(text, into: &out)
            case .int(let number): Self.writeInteger(number, into: &out)
            case .double(let number): out.append(contentsOf: Self.number(number).utf8)
            case .null: out.append(contentsOf: "null".utf8)
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Whether every byte of `text` is ASCII (for which Swift's `<` on strings is byte order).
    private static func isASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
    }

    /// Decimal digits without a temporary string.
    private static func writeInteger(_ number: Int, into out: inout [UInt8]) {
        if number < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 20 digits, written backwards
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A string with RFC 8785's escapes: `"` `\` and control characters only.
    public static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Runs without escapes are copied in bulk from the string's own bytes (iterating the
        // UTF-8 view byte by byte cost more than the hashing in a profile).
        var text = text
        text.withUTF8 { bytes in
            var run = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                appendEscape(byte, into: &out)
                run = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ byte: UInt8, into out: inout [UInt8]) {
        out.append(0x5C)
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        default:
            out.append(UInt8(ascii: "u"))
            out.append(0x30)
            out.append(0x30)
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
    }

    /// A double as ECMAScript's `Number.prototype.toString` prints it (RFC 8785 section 3.2.2.3).
    /// Not-a-number and infinities, which JSON cannot hold, are written as `null`.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0 { return "0" }
        let negative = value < 0
        let text = String(describing: abs(value))  // shortest round-tripping digits
        // Fast path: without an exponent, Swift's shortest form is ECMAScript's, less a trailing ".0".
        if !text.utf8.contains(UInt8(ascii: "e")) {
            let plain = text.hasSuffix(".0") ? String(text.dropLast(2)) : text
            return negative ? "-" + plain : plain
        }
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
