import FoundationEssentials
import SrooterStore
import Synchronization

/// The org tree, grants and policies in memory, indexed for the request path. A pure value built
/// from a `DirectorySnapshot`; the engine swaps in a new one when the tables change.
public struct Directory: Sendable {
    public private(set) var orgs: [String: OrgRecord] = [:]
    public private(set) var teams: [String: TeamRecord] = [:]
    public private(set) var users: [String: UserRecord] = [:]
    private var grants: [String: [(role: Role, scope: ScopeRef)]] = [:]
    public private(set) var rules: [ScopeRef: PolicyRules] = [:]
    /// Policy documents that could not be read, by scope (kept out of force; reported by `policy list`).
    public private(set) var unreadable: [ScopeRef: String] = [:]
    /// Which load this is (0 for the empty directory): what is worked out from a directory is
    /// remembered under it.
    public let generation: Int

    private static let loads = Atomic<Int>(0)

    public init() { generation = 0 }

    /// Indexes a snapshot.
    public init(_ snapshot: DirectorySnapshot) {
        generation = Self.loads.add(1, ordering: .relaxed).newValue
        for org in snapshot.orgs { orgs[org.name] = org }
        for team in snapshot.teams { teams[team.name] = team }
        for user in snapshot.users { users[user.name] = user }
        for grant in snapshot.grants {
            guard let role = Role(rawValue: grant.role), let kind = ScopeRef.Kind(rawValue: grant.scopeKind) else { continue }
            grants[grant.user, default: []].append((role, ScopeRef(kind, grant.scopeID)))
        }
        for record in snapshot.policies {
            guard let kind = ScopeRef.Kind(rawValue: record.scopeKind) else { continue }
            let scope = ScopeRef(kind, record.scopeID)
            do {
                rules[scope] = try PolicyRules.decode(record.document)
            } catch {
                unreadable[scope] = "\(error)"
            }
        }
    }

    /// Whether roles are enforced on model calls: once any org exists, every caller needs
    /// `models.call` (before that, srooter runs open, as a single-user gateway).
    public var enforcesRoles: Bool { !orgs.isEmpty }

    /// The org and team a user belongs to (the key's team when the user is not in the directory).
    public func placement(user: String, keyTeam: String?) -> (org: String?, team: String?) {
        if let record = users[user] { return (record.org, record.team) }
        let team = keyTeam
        return (team.flatMap { teams[$0]?.org }, team)
    }

    /// The scopes of a caller, broadest first: org, team, user, key (those that exist).
    public func chain(keyID: String, user: String, keyTeam: String?) -> [ScopeRef] {
        let (org, team) = placement(user: user, keyTeam: keyTeam)
        var out: [ScopeRef] = []
        if let org { out.append(ScopeRef(.org, org)) }
        if let team { out.append(ScopeRef(.team, team)) }
        out.append(ScopeRef(.user, user))
        out.append(ScopeRef(.key, keyID))
        return out
    }

    /// The policy in force for a caller.
    public func effectivePolicy(keyID: String, user: String, keyTeam: String?) -> EffectivePolicy {
        let scopes = chain(keyID: keyID, user: user, keyTeam: keyTeam)
        return EffectivePolicy(chain: scopes.compactMap { scope in rules[scope].map { (scope, $0) } })
    }

    /// The org a scope belongs to (nil when unknown).
    public func org(of scope: ScopeRef) -> String? {
        switch scope.kind {
        case .org: orgs[scope.id] != nil ? scope.id : nil
        case .team: teams[scope.id]?.org
        case .user: users[scope.id]?.org
        case .key: nil
        }
    }

    /// The roles `user` holds that cover `target` (an org, or a team, or a user through their team and org).
    /// A user's team counts only when it is a team of the user's org (the store refuses any other
    /// pairing; this keeps a row written before it did from giving one org's team admins a user of another).
    public func roles(of user: String, over target: ScopeRef) -> Set<Role> {
        var team: String?
        switch target.kind {
        case .team: team = target.id
        case .user: team = users[target.id].flatMap { record in record.team.flatMap { teams[$0]?.org == record.org ? $0 : nil } }
        default: break
        }
        let org = self.org(of: target)
        var out: Set<Role> = []
        for grant in grants[user] ?? [] {
            switch grant.scope.kind {
            case .org where grant.scope.id == org: out.insert(grant.role)
            case .team where grant.scope.id == team && team != nil: out.insert(grant.role)
            default: break
            }
        }
        return out
    }

    /// Every role `user` holds anywhere.
    public func allRoles(of user: String) -> Set<Role> { Set((grants[user] ?? []).map(\.role)) }

    /// Every grant of `user`.
    public func grants(of user: String) -> [(role: Role, scope: ScopeRef)] { grants[user] ?? [] }

    /// Whether `user` has `permission` over `target`.
    public func permits(_ user: String, _ permission: Permission, on target: ScopeRef) -> Bool {
        roles(of: user, over: target).contains { $0.permissions.contains(permission) }
    }

    /// Whether `user` has `permission` somewhere (for calls that list only what the caller may see).
    public func permitsAnywhere(_ user: String, _ permission: Permission) -> Bool {
        allRoles(of: user).contains { $0.permissions.contains(permission) }
    }
}

extension PolicyRules {
    /// Reads a policy document (JSON), refusing unknown fields and out-of-range values.
    public static func decode(_ text: String) throws -> PolicyRules {
        struct Anything: Decodable { init(from decoder: any Decoder) throws {} }
        let data = Data(text.utf8)
        let keys = try JSONDecoder().decode([String: Anything].self, from: data).keys
        if let unknown = keys.sorted().first(where: { CodingKeys(rawValue: $0) == nil }) {
            throw PolicyDocumentError(message: "unknown field '\(unknown)' (expected: models, max_thinking_tokens, max_effort, max_output_tokens, budget_usd, requests_per_minute, tokens_per_minute, estimate_output_tokens)")
        }
        let rules = try JSONDecoder().decode(PolicyRules.self, from: data)
        if let problem = rules.problems.first { throw PolicyDocumentError(message: problem) }
        return rules
    }

    /// The document as compact JSON with sorted keys.
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A policy document that cannot be used, with the reason.
public struct PolicyDocumentError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { "policy document: \(message)" }
}
