/// A parsed JSON value that remembers where it sits in the bytes it came from.
///
/// The gateway never re-serialises a request it forwards: it edits single values in place
/// (`BodyRewrite`) using these ranges, and reads the few fields it needs (model, stream, the
/// prompt for hashing) from the tree.
public struct JSONNode: Sendable, Equatable {
    /// The value, with children as nodes of their own.
    public indirect enum Value: Sendable, Equatable {
        case null
        case bool(Bool)
        /// A number, kept as its source text and its double value.
        case number(text: String, value: Double)
        case string(String)
        case array([JSONNode])
        /// Members in source order (duplicate keys kept; lookups take the last, as JavaScript does).
        case object([(key: String, node: JSONNode)])

        public static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case (.null, .null): true
            case (.bool(let a), .bool(let b)): a == b
            case (.number(_, let a), .number(_, let b)): a == b
            case (.string(let a), .string(let b)): a == b
            case (.array(let a), .array(let b)): a == b
            case (.object(let a), .object(let b)):
                a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.node == $1.node }
            default: false
            }
        }
    }

    /// The value.
    public var value: Value
    /// The byte range of the value in the source (for strings, including the quotes).
    public var range: Range<Int>

    /// The member `key` of an object (the last one if repeated), or nil.
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.last(where: { $0.key == key })?.node
    }

    /// The string, if this is a string.
    public var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// The boolean, if this is a boolean.
    public var bool: Bool? {
        if case .bool(let flag) = value { return flag }
        return nil
    }

    /// The number as an integer, if this is an integral number.
    public var int: Int? {
        guard case .number(_, let number) = value, number.rounded() == number, abs(number) < 9.0e15 else { return nil }
        return Int(number)
    }

    /// The elements, if this is an array.
    public var array: [JSONNode]? {
        if case .array(let items) = value { return items }
        return nil
    }
}
