/// A role a user holds at an org or a team. The permission table below is the permission model.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Everything.
    case owner
    /// Manage users, teams, keys, policies, credentials and grants (but not grant `owner` or `auditor`).
    case admin
    /// Read and export the audit trail, read spend; nothing else.
    case auditor
    /// Call models; read own spend and keys.
    case member
    /// Read own spend and keys.
    case viewer

    /// The permissions this role carries.
    public var permissions: Set<Permission> {
        switch self {
        case .owner: Set(Permission.allCases)
        case .admin:
            [.manageTeams, .manageUsers, .manageKeys, .managePolicies, .manageCredentials, .grantRoles, .readDirectory, .callModels, .readOwn]
        case .auditor: [.readAudit, .readSpend, .readOwn]
        case .member: [.callModels, .readOwn]
        case .viewer: [.readOwn]
        }
    }

    private var rank: Int { Role.allCases.firstIndex(of: self) ?? 0 }
    /// Ordered from most to least powerful (`owner < admin` in sort order).
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// One thing a role allows.
public enum Permission: String, Sendable, Codable, CaseIterable {
    /// Create, rename and delete orgs.
    case manageOrgs = "orgs.manage"
    case manageTeams = "teams.manage"
    case manageUsers = "users.manage"
    case manageKeys = "keys.manage"
    case managePolicies = "policies.manage"
    case manageCredentials = "credentials.manage"
    /// Grant and revoke roles (granting `owner` or `auditor` additionally needs `manageOrgs`).
    case grantRoles = "roles.grant"
    /// List orgs, teams, users, grants, keys and policies.
    case readDirectory = "directory.read"
    /// Read and export audit records.
    case readAudit = "audit.read"
    /// Read everyone's spend in scope.
    case readSpend = "spend.read"
    /// Call models through the gateway.
    case callModels = "models.call"
    /// Read one's own spend and keys.
    case readOwn = "self.read"
}
