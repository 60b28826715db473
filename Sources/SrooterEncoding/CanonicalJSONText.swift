/// RFC 8785 (JSON Canonicalization Scheme), the one implementation behind both hashes srooter
/// publishes: the prompt hash (`SrooterGateway.CanonicalJSON`, over a parsed request) and the audit
/// chain (`SrooterAudit.CanonicalFields`, over a record's flat fields). Members sorted by their
/// UTF-16 code units, no whitespace, minimal string escapes, numbers as ECMAScript prints them.
///
/// Example:
/// ```swift
/// var out: [UInt8] = []
/// let members: [(String, Double)] = [("b", 1.0), ("a", 1e21)]
/// CanonicalJSONText.writeObject(count: 2, into: &out, key: { members[$0].0 }) { index, out in
///     out += Array(CanonicalJSONText.number(members[index].1).utf8)
/// }
/// // {"a":1e+21,"b":1}
/// ```
public enum CanonicalJSONText {
    /// Writes an object of `count` members: `key(i)` names member `i`, `value(i, &out)` appends its
    /// canonical value. Members are written in UTF-16 order of their keys; of a repeated key only
    /// the last member is written (what a parser that keeps the last one reads).
    public static func writeObject(
        count: Int, into out: inout [UInt8], key: (Int) -> String, value: (Int, inout [UInt8]) -> Void
    ) {
        out.append(UInt8(ascii: "{"))
        for (position, index) in memberOrder(count: count, key: key).enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            writeString(key(index), into: &out)
            out.append(UInt8(ascii: ":"))
            value(index, &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// The indices of the members to write, in order (see `writeObject`).
    static func memberOrder(count: Int, key: (Int) -> String) -> [Int] {
        // ASCII keys already in strictly increasing order (every audit record's): as they are.
        // For ASCII, byte order is UTF-16 order. Compared over the strings' own UTF-8 bytes: the
        // generic `lexicographicallyPrecedes` on the views was a sixth of the audit record's text.
        if asciiInIncreasingOrder(count: count, key: key) { return Array(0..<count) }
        // Sorted by UTF-16 code units, ties by position, so that of a repeated key the last one
        // sorts last and is the one kept.
        let sorted = (0..<count).sorted { a, b in
            let (left, right) = (key(a).utf16, key(b).utf16)
            if left.elementsEqual(right) { return a < b }
            return left.lexicographicallyPrecedes(right)
        }
        var order: [Int] = []
        order.reserveCapacity(count)
        for (position, index) in sorted.enumerated() {
            if position + 1 < sorted.count, key(sorted[position + 1]).utf16.elementsEqual(key(index).utf16) { continue }
            order.append(index)
        }
        return order
    }

    /// Whether every key is ASCII and each is strictly greater, byte by byte, than the one before.
    private static func asciiInIncreasingOrder(count: Int, key: (Int) -> String) -> Bool {
        var previous = ""
        for index in 0..<count {
            var current = key(index)
            let ordered = current.withUTF8 { bytes in
                guard isASCII(bytes) else { return false }
                return index == 0 || previous.withUTF8 { precedes($0, bytes) }
            }
            guard ordered else { return false }
            previous = current
        }
        return true
    }

    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 { return false }
        return true
    }

    /// Byte order: `left` sorts strictly before `right`.
    private static func precedes(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        let shared = min(left.count, right.count)
        var index = 0
        while index < shared {
            if left[index] != right[index] { return left[index] < right[index] }
            index += 1
        }
        return left.count < right.count
    }

    /// A string with RFC 8785's escapes: `"` `\` and control characters only.
    public static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Runs without escapes are copied in bulk from the string's own bytes (iterating the
        // UTF-8 view byte by byte cost more than the hashing in a profile), and found eight bytes
        // at a time: a word with no byte to escape is skipped whole.
        var text = text
        text.withUTF8 { bytes in
            var run = 0
            var index = 0
            let count = bytes.count
            while index < count {
                if index + 8 <= count, let base = bytes.baseAddress,
                    !mayNeedEscape(UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: index, as: UInt64.self)))
                {
                    index += 8
                    continue
                }
                let byte = bytes[index]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                    appendEscape(byte, into: &out)
                    run = index + 1
                }
                index += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether any of a word's eight bytes is below 0x20, `"` or `\\` (exact as a yes/no: the
    /// "has a zero byte" and "has a byte less than n" tests of Bit Twiddling Hacks).
    @inline(__always) private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let hasControl = (word &- ones &* 0x20) & ~word & highs != 0
        return hasControl || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C))
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
            out.append(Hex.digit(byte >> 4))
            out.append(Hex.digit(byte & 0x0F))
        }
    }

    /// Decimal digits of an integer, without a temporary string.
    public static func writeInteger(_ number: Int, into out: inout [UInt8]) {
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
