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
    /// When set, every object's keys are compared and the first repeated one stops the scan.
    private var trackingKeys = false
    private(set) var duplicate: String?

    /// Scans `bytes`; returns false when they are not exactly one JSON value (whitespace around
    /// it allowed). `onName` receives each `"name": "..."` value's raw bytes (nil when escaped).
    static func scan(_ bytes: UnsafeRawBufferPointer, onName: (UnsafeRawBufferPointer?) -> Void) -> Bool {
        var scanner = JSONSyntaxScanner(bytes: bytes)
        guard scanner.value(onName: onName) else { return false }
        scanner.skipWhitespace()
        return scanner.index == bytes.count
    }

    /// The first key that appears twice in one object (compared after unescaping), or nil.
    /// Bytes that are not JSON give nil too: the decoder that follows reports that.
    static func duplicateKey(in bytes: UnsafeRawBufferPointer) -> String? {
        var scanner = JSONSyntaxScanner(bytes: bytes)
        scanner.trackingKeys = true
        _ = scanner.value(onName: { _ in })
        return scanner.duplicate
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
        var seen = Set<[UInt8]>()
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\""), let key = string() else { return false }
            if trackingKeys {
                let name = key.escaped ? Self.unescaped(bytes, key.range) : Array(bytes[key.range])
                guard seen.insert(name).inserted else {
                    duplicate = String(decoding: name, as: UTF8.self)
                    return false
                }
            }
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

    /// The UTF-8 bytes of a well-formed string's content with its escapes resolved
    /// (`\u` surrogate pairs joined, a lone surrogate as U+FFFD).
    private static func unescaped(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        var index = range.lowerBound
        func hex4(_ at: Int) -> UInt32 {
            var value: UInt32 = 0
            for offset in 0..<4 {
                let byte = bytes[at + offset]
                let digit: UInt8 = byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : (byte | 0x20) - UInt8(ascii: "a") + 10
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            let next = bytes[index + 1]
            index += 2
            switch next {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(index)
                index += 4
                if (0xD800..<0xDC00).contains(scalar), index + 6 <= range.upperBound, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                {
                    let low = hex4(index + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
            default: out.append(next)
            }
        }
        return out
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
