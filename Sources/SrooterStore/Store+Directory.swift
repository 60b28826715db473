/// Orgs, teams, users, role grants and policy documents. Names are the identifiers. Every call
/// runs on the store's queue (`async`, off the cooperative pool).
extension Store {
    /// Runs one write; `what` names the row for a not-found error when nothing changed.
    private func write(_ sql: String, _ values: [String?], mustChange what: String? = nil) async throws(StoreError) {
        try await perform { connection throws(StoreError) in
            let statement = try connection.prepare(sql)
            for (index, value) in values.enumerated() { statement.bind(Int32(index + 1), value) }
            do throws(StoreError) {
                _ = try statement.step()
            } catch {
                if case .query(_, let reason) = error, reason.contains("UNIQUE") || reason.contains("PRIMARY KEY") {
                    throw StoreError.query(path: connection.path, reason: "already exists")
                }
                if case .query(_, let reason) = error, reason.contains("FOREIGN KEY") {
                    throw StoreError.query(path: connection.path, reason: "refers to an org, team or user that does not exist")
                }
                throw error
            }
            if let what, connection.changes == 0 { throw StoreError.notFound(what: what) }
        }
    }

    public func createOrg(name: String, displayName: String?) async throws(StoreError) {
        try await write("INSERT INTO orgs (name, display_name, created_at) VALUES (?, ?, ?)", [name, displayName, Timestamp.now()])
    }

    public func updateOrg(name: String, displayName: String?) async throws(StoreError) {
        try await write("UPDATE orgs SET display_name = ? WHERE name = ?", [displayName, name], mustChange: "org '\(name)'")
    }

    /// Deletes an org with its teams, users (cascade), their grants and the policies attached to them.
    public func deleteOrg(name: String) async throws(StoreError) {
        try await write("DELETE FROM role_grants WHERE scope_kind = 'org' AND scope_id = ?", [name])
        try await write("DELETE FROM policies WHERE scope_kind = 'org' AND scope_id = ?", [name])
        try await write("DELETE FROM orgs WHERE name = ?", [name], mustChange: "org '\(name)'")
    }

    public func createTeam(name: String, org: String, displayName: String?) async throws(StoreError) {
        try await write("INSERT INTO teams (name, org, display_name, created_at) VALUES (?, ?, ?, ?)", [name, org, displayName, Timestamp.now()])
    }

    public func updateTeam(name: String, displayName: String?) async throws(StoreError) {
        try await write("UPDATE teams SET display_name = ? WHERE name = ?", [displayName, name], mustChange: "team '\(name)'")
    }

    public func deleteTeam(name: String) async throws(StoreError) {
        try await write("DELETE FROM role_grants WHERE scope_kind = 'team' AND scope_id = ?", [name])
        try await write("DELETE FROM policies WHERE scope_kind = 'team' AND scope_id = ?", [name])
        try await write("DELETE FROM teams WHERE name = ?", [name], mustChange: "team '\(name)'")
    }

    public func createUser(name: String, org: String, team: String?) async throws(StoreError) {
        try await write("INSERT INTO users (name, org, team, created_at) VALUES (?, ?, ?, ?)", [name, org, team, Timestamp.now()])
    }

    /// Moves a user to another team of the same org (nil: no team).
    public func updateUser(name: String, team: String?) async throws(StoreError) {
        try await write("UPDATE users SET team = ? WHERE name = ?", [team, name], mustChange: "user '\(name)'")
    }

    /// Deletes a user and their grants; their access keys are revoked.
    public func deleteUser(name: String) async throws(StoreError) {
        try await write("UPDATE access_keys SET revoked_at = ? WHERE user = ? AND revoked_at IS NULL", [Timestamp.now(), name])
        try await write("DELETE FROM policies WHERE scope_kind = 'user' AND scope_id = ?", [name])
        try await write("DELETE FROM users WHERE name = ?", [name], mustChange: "user '\(name)'")
    }

    public func grantRole(user: String, role: String, scopeKind: String, scopeID: String) async throws(StoreError) {
        try await write(
            "INSERT OR IGNORE INTO role_grants (user, role, scope_kind, scope_id, created_at) VALUES (?, ?, ?, ?, ?)",
            [user, role, scopeKind, scopeID, Timestamp.now()])
    }

    public func revokeRole(user: String, role: String, scopeKind: String, scopeID: String) async throws(StoreError) {
        try await write(
            "DELETE FROM role_grants WHERE user = ? AND role = ? AND scope_kind = ? AND scope_id = ?", [user, role, scopeKind, scopeID],
            mustChange: "a grant of \(role) to \(user) at \(scopeKind):\(scopeID)")
    }

    /// Sets (replaces) the policy document at a scope.
    public func setPolicy(scopeKind: String, scopeID: String, document: String) async throws(StoreError) {
        try await write(
            "INSERT INTO policies (scope_kind, scope_id, document, updated_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (scope_kind, scope_id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at",
            [scopeKind, scopeID, document, Timestamp.now()])
    }

    public func deletePolicy(scopeKind: String, scopeID: String) async throws(StoreError) {
        try await write(
            "DELETE FROM policies WHERE scope_kind = ? AND scope_id = ?", [scopeKind, scopeID], mustChange: "a policy at \(scopeKind):\(scopeID)")
    }

    /// Every org, team, user, grant and policy, in one read transaction.
    public func directory() async throws(StoreError) -> DirectorySnapshot {
        try await perform { connection throws(StoreError) in
            var snapshot = DirectorySnapshot()
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            var statement = try connection.prepare("SELECT name, display_name, created_at FROM orgs ORDER BY name")
            while try statement.step() {
                snapshot.orgs.append(OrgRecord(name: statement.string(0) ?? "", displayName: statement.string(1), createdAt: statement.string(2) ?? ""))
            }
            statement = try connection.prepare("SELECT name, org, display_name, created_at FROM teams ORDER BY name")
            while try statement.step() {
                snapshot.teams.append(
                    TeamRecord(name: statement.string(0) ?? "", org: statement.string(1) ?? "", displayName: statement.string(2), createdAt: statement.string(3) ?? ""))
            }
            statement = try connection.prepare("SELECT name, org, team, created_at FROM users ORDER BY name")
            while try statement.step() {
                snapshot.users.append(
                    UserRecord(name: statement.string(0) ?? "", org: statement.string(1) ?? "", team: statement.string(2), createdAt: statement.string(3) ?? ""))
            }
            statement = try connection.prepare("SELECT user, role, scope_kind, scope_id, created_at FROM role_grants ORDER BY user, role")
            while try statement.step() {
                snapshot.grants.append(
                    GrantRecord(
                        user: statement.string(0) ?? "", role: statement.string(1) ?? "", scopeKind: statement.string(2) ?? "",
                        scopeID: statement.string(3) ?? "", createdAt: statement.string(4) ?? ""))
            }
            statement = try connection.prepare("SELECT scope_kind, scope_id, document, updated_at FROM policies ORDER BY scope_kind, scope_id")
            while try statement.step() {
                snapshot.policies.append(
                    PolicyRecord(scopeKind: statement.string(0) ?? "", scopeID: statement.string(1) ?? "", document: statement.string(2) ?? "", updatedAt: statement.string(3) ?? ""))
            }
            return snapshot
        }
    }
}
