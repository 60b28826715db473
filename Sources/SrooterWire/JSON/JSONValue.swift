/// A JSON value with object members kept in order: what the translators read and write.
///
/// Equality compares objects as sets of members (order ignored) and numbers by value, so
/// tests can compare a translation with hand-written JSON without depending on member order.
public indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// A number as its JSON text (kept verbatim so `0.7` stays `0.7`).
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in order; lookups take the last of a repeated key, as JavaScript does.
    case object([Member])

    /// One object member.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The member `key` of an object, or nil (also nil when this is not an object).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    public var double: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    /// The number as an integer, if it is integral and in range.
    public var int: Int? {
        guard let value = double, value.rounded() == value, abs(value) < 9.0e15 else { return nil }
        return Int(value)
    }

    public var array: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var members: [Member]? {
        if case .object(let members) = self { return members }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A number from an integer.
    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    /// A number from a double, printed as Swift's shortest round-tripping form (integral values without `.0`).
    public static func double(_ value: Double) -> JSONValue {
        if value.rounded() == value, abs(value) < 9.0e15 { return .number(String(Int(value))) }
        return .number(String(value))
    }

    /// The members of two objects, left first.
    static func + (lhs: JSONValue, rhs: JSONValue) -> JSONValue { .object((lhs.members ?? []) + (rhs.members ?? [])) }

    /// Sets member `key` (replacing an existing one in place, else appending).
    public mutating func set(_ key: String, _ value: JSONValue?) {
        guard case .object(var members) = self else { return }
        if let index = members.lastIndex(where: { $0.key == key }) {
            if let value { members[index].value = value } else { members.remove(at: index) }
        } else if let value {
            members.append(Member(key, value))
        }
        self = .object(members)
    }
}

extension JSONValue: Equatable {
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b || (Double(a) != nil && Double(a) == Double(b))
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            let keys = Set(a.map(\.key))
            guard keys == Set(b.map(\.key)) else { return false }
            return keys.allSatisfy { lhs[$0] == rhs[$0] }
        default: return false
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements.map { Member($0.0, $0.1) }) }
    public init(nilLiteral: ()) { self = .null }
}
