/// Where a policy or a grant is attached: an org, a team, a user or one access key.
public struct ScopeRef: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    /// The kind of scope, from the broadest to the most specific.
    public enum Kind: String, Sendable, Codable, CaseIterable, Comparable {
        case org, team, user, key
        private var rank: Int { Kind.allCases.firstIndex(of: self) ?? 0 }
        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rank < rhs.rank }
    }

    public var kind: Kind
    /// The org, team or user name, or the key id.
    public var id: String

    public init(_ kind: Kind, _ id: String) {
        self.kind = kind
        self.id = id
    }

    /// Parses `org:acme`, `team:platform`, `user:ada`, `key:3f9a0c12b4d1`.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":"), let kind = Kind(rawValue: String(text[..<colon])) else { return nil }
        let id = String(text[text.index(after: colon)...])
        guard !id.isEmpty else { return nil }
        self.init(kind, id)
    }

    /// `kind:id`, as stored in the ledger and shown in messages.
    public var description: String { "\(kind.rawValue):\(id)" }

    public static func < (lhs: ScopeRef, rhs: ScopeRef) -> Bool { (lhs.kind, lhs.id) < (rhs.kind, rhs.id) }
}
