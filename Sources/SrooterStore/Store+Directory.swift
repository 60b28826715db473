/// Orgs, teams, users, role grants and policy documents. Names are the identifiers; rows are keyed
/// by their blind indexes and the names, display names, references and documents are sealed (see
/// `PolicySchema`). Every call runs on the store's queue (`async`, off the cooperative pool).
extension Store {
    public func createOrg(name: String, displayName: String?) async throws(StoreError) {
        try StoredName.check(name, "org name")
        try StoredName.check(displayName, "display name", emptyAllowed: true)
        let orgs = try sealer("orgs")
        let row = orgs.index(name, .org)
        try await write("INSERT INTO orgs (name_index, sealed, created_at) VALUES (?, ?, ?)", [row, orgs.seal([name, displayName], row: row), Timestamp.now()])
    }

    public func updateOrg(name: String, displayName: String?) async throws(StoreError) {
        try StoredName.check(displayName, "display name", emptyAllowed: true)
        let orgs = try sealer("orgs")
        let row = orgs.index(name, .org)
        try await write("UPDATE orgs SET sealed = ? WHERE name_index = ?", [orgs.seal([name, displayName], row: row), row], mustChange: "org '\(name)'")
    }

    /// Deletes an org with its teams, users (cascade), their grants and the policies attached to them.
    public func deleteOrg(name: String) async throws(StoreError) {
        let orgs = try sealer("orgs")
        try await write("DELETE FROM role_grants WHERE scope_index = ?", [orgs.index("org:\(name)", .grantScope)])
        try await write("DELETE FROM policies WHERE scope_index = ?", [orgs.index("org:\(name)", .policyScope)])
        try await write("DELETE FROM orgs WHERE name_index = ?", [orgs.index(name, .org)], mustChange: "org '\(name)'")
    }

    public func createTeam(name: String, org: String, displayName: String?) async throws(StoreError) {
        try StoredName.check(name, "team name")
        try StoredName.check(org, "org name")
        try StoredName.check(displayName, "display name", emptyAllowed: true)
        let teams = try sealer("teams")
        let row = teams.index(name, .team)
        try await write(
            "INSERT INTO teams (name_index, org_index, sealed, created_at) VALUES (?, ?, ?, ?)",
            [row, teams.index(org, .org), teams.seal([name, org, displayName], row: row), Timestamp.now()])
    }

    public func updateTeam(name: String, displayName: String?) async throws(StoreError) {
        try StoredName.check(displayName, "display name", emptyAllowed: true)
        let teams = try sealer("teams")
        let row = teams.index(name, .team)
        try await perform { connection throws(StoreError) in
            guard let fields = try Self.openRow(connection, teams, "teams", row: row, count: 3) else {
                throw StoreError.notFound(what: "team '\(name)'")
            }
            try Self.run(connection, "UPDATE teams SET sealed = ? WHERE name_index = ?", [teams.seal([name, fields[1], displayName], row: row), row])
        }
    }

    public func deleteTeam(name: String) async throws(StoreError) {
        let teams = try sealer("teams")
        try await write("DELETE FROM role_grants WHERE scope_index = ?", [teams.index("team:\(name)", .grantScope)])
        try await write("DELETE FROM policies WHERE scope_index = ?", [teams.index("team:\(name)", .policyScope)])
        try await write("DELETE FROM teams WHERE name_index = ?", [teams.index(name, .team)], mustChange: "team '\(name)'")
    }

    /// Creates a user in `org`, and in `team` when given, which must be a team of `org`: the
    /// `users_team_in_org` triggers refuse any other pairing, whoever writes the row.
    public func createUser(name: String, org: String, team: String?) async throws(StoreError) {
        try StoredName.check(name, "user name")
        try StoredName.check(org, "org name")
        try StoredName.check(team, "team name")
        let users = try sealer("users")
        let row = users.index(name, .user)
        do throws(StoreError) {
            try await write(
                "INSERT INTO users (name_index, org_index, team_index, sealed, created_at) VALUES (?, ?, ?, ?, ?)",
                [row, users.index(org, .org), team.map { users.index($0, .team) }, users.seal([name, org, team], row: row), Timestamp.now()])
        } catch .refused {
            throw StoreError.refused(reason: "team '\(team ?? "")' is not a team of org '\(org)' (a user's team must be in the user's org)")
        }
    }

    /// Moves a user to another team of the same org (nil: no team); a team of another org is refused.
    public func updateUser(name: String, team: String?) async throws(StoreError) {
        try StoredName.check(team, "team name")
        let users = try sealer("users")
        let row = users.index(name, .user)
        try await perform { connection throws(StoreError) in
            guard let fields = try Self.openRow(connection, users, "users", row: row, count: 3) else {
                throw StoreError.notFound(what: "user '\(name)'")
            }
            do throws(StoreError) {
                try Self.run(
                    connection, "UPDATE users SET team_index = ?, sealed = ? WHERE name_index = ?",
                    [team.map { users.index($0, .team) }, users.seal([name, fields[1], team], row: row), row])
            } catch .refused {
                throw StoreError.refused(reason: "team '\(team ?? "")' is not a team of org '\(fields[1] ?? "")', the org of user '\(name)'")
            }
        }
    }

    /// Deletes a user and their grants; their access keys are revoked.
    public func deleteUser(name: String) async throws(StoreError) {
        let users = try sealer("users")
        try await write(
            "UPDATE access_keys SET revoked_at = ? WHERE user_index = ? AND revoked_at IS NULL", [Timestamp.now(), users.index(name, .keyUser)])
        try await write("DELETE FROM policies WHERE scope_index = ?", [users.index("user:\(name)", .policyScope)])
        try await write("DELETE FROM users WHERE name_index = ?", [users.index(name, .user)], mustChange: "user '\(name)'")
    }

    public func grantRole(user: String, role: String, scopeKind: String, scopeID: String) async throws(StoreError) {
        try StoredName.check(scopeID, "scope name")
        let grants = try sealer("role_grants")
        let row = grants.index("\(user)\0\(role)\0\(scopeKind)\0\(scopeID)", .grant)
        try await write(
            "INSERT OR IGNORE INTO role_grants (grant_index, user_index, scope_index, sealed, created_at) VALUES (?, ?, ?, ?, ?)",
            [row, grants.index(user, .user), grants.index("\(scopeKind):\(scopeID)", .grantScope),
             grants.seal([user, role, scopeKind, scopeID], row: row), Timestamp.now()])
    }

    public func revokeRole(user: String, role: String, scopeKind: String, scopeID: String) async throws(StoreError) {
        let grants = try sealer("role_grants")
        try await write(
            "DELETE FROM role_grants WHERE grant_index = ?", [grants.index("\(user)\0\(role)\0\(scopeKind)\0\(scopeID)", .grant)],
            mustChange: "a grant of \(role) to \(user) at \(scopeKind):\(scopeID)")
    }

    /// Sets (replaces) the policy document at a scope.
    public func setPolicy(scopeKind: String, scopeID: String, document: String) async throws(StoreError) {
        try StoredName.check(scopeID, "scope name")
        let policies = try sealer("policies")
        let row = policies.index("\(scopeKind):\(scopeID)", .policyScope)
        try await write(
            "INSERT INTO policies (scope_index, sealed, updated_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (scope_index) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at",
            [row, policies.seal([scopeKind, scopeID, document], row: row), Timestamp.now()])
    }

    public func deletePolicy(scopeKind: String, scopeID: String) async throws(StoreError) {
        let policies = try sealer("policies")
        try await write(
            "DELETE FROM policies WHERE scope_index = ?", [policies.index("\(scopeKind):\(scopeID)", .policyScope)],
            mustChange: "a policy at \(scopeKind):\(scopeID)")
    }

    /// Runs one write; `what` names the row for a not-found error when nothing changed.
    private func write(_ sql: String, _ values: [String?], mustChange what: String? = nil) async throws(StoreError) {
        try await perform { connection throws(StoreError) in try Self.run(connection, sql, values, mustChange: what) }
    }

    /// One statement with string bindings; constraint failures become short, readable reasons.
    static func run(_ connection: SQLiteConnection, _ sql: String, _ values: [String?], mustChange what: String? = nil) throws(StoreError) {
        let statement = try connection.prepare(sql)
        for (index, value) in values.enumerated() { statement.bind(Int32(index + 1), value) }
        do throws(StoreError) {
            _ = try statement.step()
        } catch {
            if case .query(_, let reason) = error, reason.contains("UNIQUE") || reason.contains("PRIMARY KEY") {
                throw StoreError.conflict(path: connection.path, reason: "already exists")
            }
            if case .query(_, let reason) = error, reason.contains(PolicySchema.teamOutsideOrg) {
                throw StoreError.refused(reason: "a user's team must be in the user's org")
            }
            if case .query(_, let reason) = error, reason.contains("FOREIGN KEY") {
                throw StoreError.danglingReference(path: connection.path, reason: "refers to an org, team or user that does not exist")
            }
            throw error
        }
        if let what, connection.changes == 0 { throw StoreError.notFound(what: what) }
    }

    /// The opened fields of the row keyed `row` in `table` (whose key column is `name_index`), or nil when there is none.
    private static func openRow(_ connection: SQLiteConnection, _ sealer: SealedFields, _ table: String, row: String, count: Int) throws(StoreError) -> [String?]? {
        let statement = try connection.prepare("SELECT sealed FROM \(table) WHERE name_index = ?")
        statement.bind(1, row)
        guard try statement.step() else { return nil }
        return try sealer.open(statement.string(0), row: row, count: count, path: connection.path)
    }
}
