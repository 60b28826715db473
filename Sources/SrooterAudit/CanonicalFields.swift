import SrooterEncoding

/// A flat JSON object written as RFC 8785 canonical JSON (`CanonicalJSONText`, the same writer
/// the prompt hash uses). The audit chain hashes only flat objects of strings, integers, doubles
/// and nulls; keys must be unique.
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
        CanonicalJSONText.writeObject(count: members.count, into: &out, key: { members[$0].key }) { index, out in
            switch members[index].value {
            case .string(let text): CanonicalJSONText.writeString(text, into: &out)
            case .int(let number): CanonicalJSONText.writeInteger(number, into: &out)
            case .double(let number): out.append(contentsOf: CanonicalJSONText.number(number).utf8)
            case .null: out.append(contentsOf: "null".utf8)
            }
        }
    }
}
