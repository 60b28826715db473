/// A glob over public model names: `*` matches any run of characters (also none), `?` one
/// character, everything else itself, case-sensitively. `claude-*` allows `claude-sonnet-4-5`;
/// `*` allows everything; `gpt-5` allows exactly `gpt-5`.
public struct ModelPattern: Sendable, Hashable, Codable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) { self.text = text }

    public init(from decoder: any Decoder) throws { text = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    public var description: String { text }

    /// Whether `name` matches, by iterative wildcard matching with backtracking to the last `*`.
    public func matches(_ name: String) -> Bool {
        let pattern = Array(text.unicodeScalars)
        let input = Array(name.unicodeScalars)
        var p = 0
        var i = 0
        var star: Int?
        var resume = 0
        while i < input.count {
            if p < pattern.count, pattern[p] == "?" || (pattern[p] != "*" && pattern[p] == input[i]) {
                p += 1
                i += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = i
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                i = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
