import SrooterPolicy
import SrooterStore

/// What of the org tree an actor may read (`directory.read` on each row), sorted by name.
public struct VisibleDirectory: Sendable {
    public var orgs: [OrgRecord]
    public var teams: [TeamRecord]
    public var users: [UserRecord]
    public var grants: [GrantRecord]
}

/// Which list of the directory a read is for (the audit record's action and target).
public enum DirectoryList: String, Sendable {
    case orgs = "org.list", teams = "team.list", users = "user.list", grants = "grant.list"

    var target: String { String(describing: self) }
}

/// Orgs, teams, users and grants.
extension Administration {
    /// The directory as `actor` may see it, read for `list`.
    public func readDirectory(_ list: DirectoryList, as actor: AdminActor) async throws(AdminError) -> Done<VisibleDirectory> {
        let target = list.target
        return try await run(list.rawValue, target: target, as: actor, writes: false) { session throws(AdminError) in
            try session.requireAnywhere(.readDirectory)
            let snapshot = try await storing { () throws(StoreError) in try await store.directory() }
            let directory = session.directory
            let view = VisibleDirectory(
                orgs: directory.orgs.values.filter { session.sees(.readDirectory, ScopeRef(.org, $0.name)) }.sorted { $0.name < $1.name },
                teams: directory.teams.values.filter { session.sees(.readDirectory, ScopeRef(.team, $0.name)) }.sorted { $0.name < $1.name },
                users: directory.users.values.filter { session.sees(.readDirectory, ScopeRef(.user, $0.name)) }.sorted { $0.name < $1.name },
                grants: snapshot.grants.filter { session.sees(.readDirectory, ScopeRef(ScopeRef.Kind(rawValue: $0.scopeKind) ?? .org, $0.scopeID)) })
            return Done(value: view, target: target)
        }
    }

    public func createOrg(_ name: String, displayName: String?, as actor: AdminActor) async throws(AdminError) -> Done<String> {
        try await run("org.create", target: "org:\(name)", as: actor, writes: true) { session throws(AdminError) in
            try session.requireAnywhere(.manageOrgs)
            try await storing { () throws(StoreError) in try await store.createOrg(name: name, displayName: displayName) }
            return Done(status: 201, value: "org:\(name)", target: "org:\(name)")
        }
    }

    public func updateOrg(_ name: String, displayName: String?, as actor: AdminActor) async throws(AdminError) -> Done<String> {
        try await run("org.update", target: "org:\(name)", as: actor, writes: true) { session throws(AdminError) in
            try session.require(.manageOrgs, on: ScopeRef(.org, name))
            try await storing { () throws(StoreError) in try await store.updateOrg(name: name, displayName: displayName) }
            return Done(value: "org:\(name)", target: "org:\(name)")
        }
    }

    public func deleteOrg(_ name: String, as actor: AdminActor) async throws(AdminError) -> Done<String> {
        try await run("org.delete", target: "org:\(name)", as: actor, writes: true) { session throws(AdminError) in
            try session.require(.manageOrgs, on: ScopeRef(.org, name))
            try await storing { () throws(StoreError) in try await store.deleteOrg(name: name) }
            return Done(value: "org:\(name)", target: "org:\(name)")
        }
    }

    public func createTeam(_ name: String, org: String?, displayName: String?, as actor: AdminActor) async throws(AdminError) -> Done<String> {
        try await run("team.create", target: "team:\(name)", as: actor, writes: true) { session throws(AdminError) in
            guard let org else { throw .invalid("a team needs an \"org\"") }
            try session.require(.manageTeams, on: ScopeRef(.org, org))
            try await storing { () throws(StoreError) in try await store.createTeam(name: name, org: org, displayName: displayName) }
            return Done(status: 201, value: "team:\(name)", target: "team:\(name)")
        }
    }

    public func updateTeam(_ name: String, displayName: String?, as actor: AdminActor) async throws(AdminError) -> Done<String> {
        try await run("team.update", target: "team:\(name)", as: actor, writes: true) { session throws(AdminError) in
            try session.require(.manageTeams, on: ScopeRef(.team, name))
            try await storing { () throws(StoreError) in try await store.updateTeam(name: name, displayName: displayName) }
            return Done(value: "team:\(name)", target: "team:\(name)")
        }
    }

    public func deleteTeam(_ name: String, as actor: AdminActor) async throws(AdminError) -> Done<String> {
        try await run("team.delete", target: "team:\(name)", as: actor, writes: true) { session throws(AdminError) in
            let org = session.directory.teams[name]?.org
            try session.require(.manageTeams, on: org.map { ScopeRef(.org, $0) }, naming: ScopeRef(.team, name))
            try await storing { () throws(StoreError) in try await store.deleteTeam(name: name) }
            return Done(value: "team:\(name)", target: "team:\(name)")
        }
    }

    /// Creates a user in `org`, or in `team` and its org.
    public func createUser(_ name: String, org: String?, team: String?, as actor: AdminActor) async throws(AdminError) -> Done<String> {
        try await run("user.create", target: "user:\(name)", as: actor, writes: true) { session throws(AdminError) in
            let placed = try Self.placement(org: org, team: team, session)
            try await storing { () throws(StoreError) in try await store.createUser(name: name, org: placed, team: team) }
            return Done(status: 201, value: "user:\(name)", target: "user:\(name)")
        }
    }

    /// Moves a user to `team` (nil: no team), which must be a team of the user's org.
    public func updateUser(_ name: String, team: String?, as actor: AdminActor) async throws(AdminError) -> Done<String> {
        try await run("user.update", target: "user:\(name)", as: actor, writes: true) { session throws(AdminError) in
            let user = ScopeRef(.user, name)
            try session.require(.manageUsers, on: session.directory.users[name] == nil ? nil : user, naming: user)
            if let team {
                try session.require(.manageUsers, on: ScopeRef(.team, team))
                let org = session.directory.users[name]?.org
                guard session.directory.teams[team]?.org == org else {
                    throw .invalid("team '\(team)' is not a team of org '\(org ?? "")', the org of user '\(name)'")
                }
            }
            try await storing { () throws(StoreError) in try await store.updateUser(name: name, team: team) }
            return Done(value: "user:\(name)", target: "user:\(name)")
        }
    }

    public func deleteUser(_ name: String, as actor: AdminActor) async throws(AdminError) -> Done<String> {
        try await run("user.delete", target: "user:\(name)", as: actor, writes: true) { session throws(AdminError) in
            try session.require(.manageUsers, on: ScopeRef(.user, name))
            try await storing { () throws(StoreError) in try await store.deleteUser(name: name) }
            return Done(value: "user:\(name)", target: "user:\(name)")
        }
    }

    /// The org of a new user, checked. With a team, the org is the team's, whatever `org` says:
    /// the actor needs `users.manage` on the team, and an `org` naming another org needs it
    /// there too (403 when the actor cannot see that org, whether or not it exists; 400 when it
    /// can). Without a team, the actor needs `users.manage` on the org.
    static func placement(org named: String?, team: String?, _ session: Session) throws(AdminError) -> String {
        guard let team else {
            guard let named else { throw .invalid("a user needs an \"org\" or a \"team\"") }
            try session.require(.manageUsers, on: ScopeRef(.org, named))
            return named
        }
        let teamScope = ScopeRef(.team, team)
        let org = session.directory.teams[team]?.org
        try session.require(.manageUsers, on: org == nil ? nil : teamScope, naming: teamScope)
        guard let org else { throw .forbidden("user '\(session.actor.name)' lacks users.manage on \(teamScope)") }
        if let named, named != org {
            try session.require(.manageUsers, on: ScopeRef(.org, named))
            throw .invalid(
                "team '\(team)' is not a team of org '\(named)': team '\(team)' is a team of org '\(org)', not '\(named)'; leave \"org\" out or name the team's org")
        }
        return org
    }

    /// Grants `role` to `user` at `scope` (`org:NAME` or `team:NAME`).
    public func grant(_ role: String, to user: String, at scope: String, as actor: AdminActor) async throws(AdminError) -> Done<String> {
        try await run("grant.create", target: "user:\(user) \(role)@\(scope)", as: actor, writes: true) { session throws(AdminError) in
            let (role, scope) = try Self.grant(role, to: user, at: scope, session)
            try await storing { () throws(StoreError) in
                try await store.grantRole(user: user, role: role.rawValue, scopeKind: scope.kind.rawValue, scopeID: scope.id)
            }
            return Done(status: 201, value: "\(role.rawValue) to user:\(user) at \(scope)", target: "user:\(user) \(role.rawValue)@\(scope)")
        }
    }

    public func revoke(_ role: String, from user: String, at scope: String, as actor: AdminActor) async throws(AdminError) -> Done<String> {
        try await run("grant.revoke", target: "user:\(user) \(role)@\(scope)", as: actor, writes: true) { session throws(AdminError) in
            let (role, scope) = try Self.grant(role, to: user, at: scope, session)
            try await storing { () throws(StoreError) in
                try await store.revokeRole(user: user, role: role.rawValue, scopeKind: scope.kind.rawValue, scopeID: scope.id)
            }
            return Done(value: "\(role.rawValue) from user:\(user) at \(scope)", target: "user:\(user) \(role.rawValue)@\(scope)")
        }
    }

    /// A grant's parts, checked: the actor needs `roles.grant` on the scope and on the user (a
    /// user of another org is not the actor's to name), and granting `owner` or `auditor` needs
    /// `orgs.manage` there too (only an owner: an admin cannot make itself the auditor of the
    /// spend it controls).
    static func grant(_ roleName: String, to user: String, at text: String, _ session: Session) throws(AdminError) -> (Role, ScopeRef) {
        guard let role = Role(rawValue: roleName) else {
            throw .invalid("unknown role '\(roleName)' (owner, admin, auditor, member, viewer)")
        }
        let scope = try scope(text)
        guard scope.kind == .org || scope.kind == .team else { throw .invalid("roles are granted at org:NAME or team:NAME") }
        try session.require(.grantRoles, on: scope)
        try session.require(.grantRoles, on: ScopeRef(.user, user))
        if role == .owner || role == .auditor { try session.require(.manageOrgs, on: scope) }
        return (role, scope)
    }
}
