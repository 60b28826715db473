import SrooterEncoding

/// Parses request and response bodies into ``JSONNode``s with the one grammar (`JSONGrammar`).
///
/// Example:
/// ```swift
/// let root = try JSONParser.parse(Array(#"{"model":"m"}"#.utf8))
/// root["model"]?.string  // "m"
/// ```
public enum JSONParser {
    /// Nesting deeper than this is refused.
    public static var maximumDepth: Int { JSONGrammar<JSONNode>.maximumDepth }

    /// Parses one JSON document (surrounding whitespace allowed, nothing else).
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONNode {
        try JSONGrammar<JSONNode>.parse(bytes)
    }
}

extension JSONNode: JSONTree {
    public static func null(at range: Range<Int>) -> JSONNode { JSONNode(value: .null, range: range) }
    public static func bool(_ flag: Bool, at range: Range<Int>) -> JSONNode { JSONNode(value: .bool(flag), range: range) }
    public static func number(text: String, value: Double, at range: Range<Int>) -> JSONNode {
        JSONNode(value: .number(text: text, value: value), range: range)
    }
    public static func string(_ text: String, at range: Range<Int>) -> JSONNode { JSONNode(value: .string(text), range: range) }
    public static func array(_ items: [JSONNode], at range: Range<Int>) -> JSONNode { JSONNode(value: .array(items), range: range) }
    public static func member(_ key: String, _ value: JSONNode) -> (key: String, node: JSONNode) { (key, value) }
    public static func object(_ members: [(key: String, node: JSONNode)], at range: Range<Int>) -> JSONNode {
        JSONNode(value: .object(members), range: range)
    }
}
