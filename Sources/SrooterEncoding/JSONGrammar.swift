/// Why bytes are not JSON, with the byte offset where parsing stopped.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The byte offset of the problem.
    public let offset: Int
    /// What was expected.
    public let reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

/// A tree that ``JSONGrammar`` can build: each kind of value from its parts and its byte range.
///
/// Three trees are built from the one grammar: the gateway's `JSONNode` (keeps byte ranges, for
/// edits in place), the translators' `JSONValue`, and the audit export's flat lines.
public protocol JSONTree {
    /// One object member as the tree stores it.
    associatedtype Member
    static func null(at range: Range<Int>) -> Self
    static func bool(_ flag: Bool, at range: Range<Int>) -> Self
    /// A number: its source text and its (finite) value.
    static func number(text: String, value: Double, at range: Range<Int>) -> Self
    static func string(_ text: String, at range: Range<Int>) -> Self
    static func array(_ items: [Self], at range: Range<Int>) -> Self
    static func member(_ key: String, _ value: Self) -> Member
    /// An object's members in source order, repeated keys included.
    static func object(_ members: [Member], at range: Range<Int>) -> Self
}

/// The one strict RFC 8259 parser in srooter: one document, surrounding whitespace allowed,
/// nesting at most ``maximumDepth`` deep (a guard against stack exhaustion), non-finite numbers
/// refused, `\u` surrogate pairs joined (a lone surrogate becomes U+FFFD).
///
/// `@inlinable` so that each module's tree type gets a specialised parser (it is on the request path).
///
/// Example:
/// ```swift
/// let root = try JSONGrammar<JSONValue>.parse(Array(#"{"model":"m"}"#.utf8))
/// ```
public struct JSONGrammar<Tree: JSONTree> {
    /// Nesting deeper than this is refused.
    public static var maximumDepth: Int { 512 }

    @usableFromInline let bytes: [UInt8]
    @usableFromInline var index = 0
    @usableFromInline var depth = 0

    /// Parses one JSON document.
    @inlinable
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> Tree {
        var grammar = JSONGrammar(bytes: bytes)
        grammar.skipWhitespace()
        let tree = try grammar.parseValue()
        grammar.skipWhitespace()
        guard grammar.index == bytes.count else { throw grammar.failure("unexpected data after the document") }
        return tree
    }

    @inlinable init(bytes: [UInt8]) { self.bytes = bytes }

    @inlinable func failure(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(offset: index, reason: reason) }

    @inlinable mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    @inlinable mutating func parseValue() throws(JSONSyntaxError) -> Tree {
        guard index < bytes.count else { throw failure("unexpected end of input") }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""):
            let text = try parseString()
            return Tree.string(text, at: start..<index)
        case UInt8(ascii: "t"): try literal("true"); return Tree.bool(true, at: start..<index)
        case UInt8(ascii: "f"): try literal("false"); return Tree.bool(false, at: start..<index)
        case UInt8(ascii: "n"): try literal("null"); return Tree.null(at: start..<index)
        default: return try parseNumber()
        }
    }

    @inlinable mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("unexpected end of input") }
        let matches = word.withUTF8Buffer { $0.elementsEqual(bytes[index..<(index + count)]) }
        guard matches else { throw failure("unknown literal") }
        index += count
    }

    @inlinable mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure("nesting deeper than \(Self.maximumDepth)") }
        index += 1
        skipWhitespace()
    }

    @inlinable mutating func parseObject() throws(JSONSyntaxError) -> Tree {
        let start = index
        try enter()
        var members: [Tree.Member] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return Tree.object(members, at: start..<index)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            index += 1
            skipWhitespace()
            members.append(Tree.member(key, try parseValue()))
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "}") else { throw failure("expected ',' or '}'") }
            index += 1
            depth -= 1
            return Tree.object(members, at: start..<index)
        }
    }

    @inlinable mutating func parseArray() throws(JSONSyntaxError) -> Tree {
        let start = index
        try enter()
        var items: [Tree] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return Tree.array(items, at: start..<index)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "]") else { throw failure("expected ',' or ']'") }
            index += 1
            depth -= 1
            return Tree.array(items, at: start..<index)
        }
    }

    @inlinable mutating func digits() -> Int {
        let from = index
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        return index - from
    }

    @inlinable mutating func parseNumber() throws(JSONSyntaxError) -> Tree {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else { throw failure("unexpected character") }
        if bytes[index] == 0x30 { index += 1 } else { _ = digits() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw failure("expected digits after '.'") }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw failure("expected digits in the exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw JSONSyntaxError(offset: start, reason: "number out of range") }
        return Tree.number(text: text, value: value, at: start..<index)
    }

    @inlinable mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        // Most strings have no escape: one pass, one String.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: bytes[start..<index - 1], as: UTF8.self)
            }
            if byte < 0x20 { throw failure("control character in a string") }
            if byte == UInt8(ascii: "\\") { break }
            index += 1
        }
        var out = Array(bytes[start..<index])
        while true {
            guard index < bytes.count else { throw failure("unterminated string") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            if byte < 0x20 { throw failure("control character in a string") }
            index += 1
            if byte != UInt8(ascii: "\\") {
                out.append(byte)
                continue
            }
            guard index < bytes.count else { throw failure("unterminated escape") }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800...0xDBFF).contains(code), index + 1 < bytes.count,
                    bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                {
                    let save = index
                    index += 2
                    let low = try hex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        index = save
                    }
                }
                UTF8.encode(Unicode.Scalar(code) ?? "\u{FFFD}") { out.append($0) }
            default: throw failure("unknown escape")
            }
        }
    }

    @inlinable mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("short \\u escape") }
        var code: UInt32 = 0
        for byte in bytes[index..<(index + 4)] {
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw failure("bad \\u escape")
            }
            code = code << 4 | digit
        }
        index += 4
        return code
    }
}
