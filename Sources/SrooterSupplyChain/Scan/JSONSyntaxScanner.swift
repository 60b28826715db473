/// Checks that bytes are one well-formed JSON value (RFC 8259 grammar) without building any
/// values, and reports the string value of every member named `name` on the way.
///
/// The database loader uses it to decide, at several hundred MB/s, whether an advisory can
/// concern the SBOM at all before paying for a full decode: OSV puts package names in
/// `affected[].package.name`, and a name written with escapes is reported as `nil` (unknown),
/// which the caller treats as "maybe relevant".
struct JSONSyntaxScanner {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    private var depth = 0
    private let maxDepth = 256

    /// Scans `bytes`; returns false when they are not exactly one JSON value (whitespace around
    /// it allowed). `onName` receives each `"name": "..."` value's raw bytes (nil when escaped).
    static func scan(_ bytes: UnsafeRawBufferPointer, onName: (UnsafeRawBufferPointer?) -> Void) -> Bool {
        var scanner = JSONSyntaxScanner(bytes: bytes)
        guard scanner.value(onName: onName) else { return false }
        scanner.skipWhitespace()
        return scanner.index == bytes.count
    }

    private init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private mutating func value(onName: (UnsafeRawBufferPointer?) -> Void) -> Bool {
        skipWhitespace()
        guard let byte = current else { return false }
        switch byte {
        case UInt8(ascii: "{"): return object(onName: onName)
        case UInt8(ascii: "["): return array(onName: onName)
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number()
        }
    }

    private mutating func object(onName: (UnsafeRawBufferPointer?) -> Void) -> Bool {
        depth += 1
        defer { depth -= 1 }
        guard depth <= maxDepth else { return false }
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return true
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\""), let key = string() else { return false }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { return false }
            index += 1
            skipWhitespace()
            let isName = key.range.count == 4 && !key.escaped && Self.equals(bytes, key.range, "name")
            if isName, current == UInt8(ascii: "\"") {
                guard let text = string() else { return false }
                onName(text.escaped ? nil : UnsafeRawBufferPointer(rebasing: bytes[text.range]))
            } else if !value(onName: onName) {
                return false
            }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return true
            default: return false
            }
        }
    }

    private mutating func array(onName: (UnsafeRawBufferPointer?) -> Void) -> Bool {
        depth += 1
        defer { depth -= 1 }
        guard depth <= maxDepth else { return false }
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return true
        }
        while true {
            guard value(onName: onName) else { return false }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return true
            default: return false
            }
        }
    }

    /// A string starting at the opening quote: the range of its content, and whether it
    /// contains escapes; nil when malformed.
    private mutating func string() -> (range: Range<Int>, escaped: Bool)? {
        index += 1
        let start = index
        var escaped = false
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return (start..<index - 1, escaped)
            case UInt8(ascii: "\\"):
                escaped = true
                index += 1
                guard let next = current else { return nil }
                if next == UInt8(ascii: "u") {
                    for offset in 1...4 {
                        guard index + offset < bytes.count, bytes[index + offset].isHexDigit else { return nil }
                    }
                    index += 5
                } else if [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t")].contains(next) {
                    index += 1
                } else {
                    return nil
                }
            case 0..<0x20: return nil
            default: index += 1
            }
        }
        return nil
    }

    private mutating func number() -> Bool {
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, first.isASCIIDigit else { return false }
        index += 1
        if first != UInt8(ascii: "0") { while current?.isASCIIDigit == true { index += 1 } }
        if current == UInt8(ascii: ".") {
            index += 1
            guard current?.isASCIIDigit == true else { return false }
            while current?.isASCIIDigit == true { index += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard current?.isASCIIDigit == true else { return false }
            while current?.isASCIIDigit == true { index += 1 }
        }
        return true
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count, Self.equals(bytes, index..<index + count, word) else { return false }
        index += count
        return true
    }

    private static func equals(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { expected in
            for offset in 0..<range.count where bytes[range.lowerBound + offset] != expected[offset] { return false }
            return true
        }
    }
}

extension UInt8 {
    var isHexDigit: Bool {
        isASCIIDigit || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
