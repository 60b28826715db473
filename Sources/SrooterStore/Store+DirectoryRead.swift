/// Reading the whole directory, opening every sealed row (the policy engine keeps it in memory).
extension Store {
    /// Every org, team, user, grant and policy, in one read transaction, sorted by name.
    public func directory() async throws(StoreError) -> DirectorySnapshot {
        let sealers = try (orgs: sealer("orgs"), teams: sealer("teams"), users: sealer("users"),
                           grants: sealer("role_grants"), policies: sealer("policies"))
        return try await perform { connection throws(StoreError) in
            var snapshot = DirectorySnapshot()
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            let path = connection.path
            var statement = try connection.prepare("SELECT name_index, sealed, created_at FROM orgs")
            while try statement.step() {
                let f = try sealers.orgs.open(statement.string(1), row: statement.string(0) ?? "", count: 2, path: path)
                snapshot.orgs.append(OrgRecord(name: f[0] ?? "", displayName: f[1], createdAt: statement.string(2) ?? ""))
            }
            statement = try connection.prepare("SELECT name_index, sealed, created_at FROM teams")
            while try statement.step() {
                let f = try sealers.teams.open(statement.string(1), row: statement.string(0) ?? "", count: 3, path: path)
                snapshot.teams.append(TeamRecord(name: f[0] ?? "", org: f[1] ?? "", displayName: f[2], createdAt: statement.string(2) ?? ""))
            }
            // A deleted team sets team_index to NULL (ON DELETE SET NULL); the sealed copy is then stale.
            statement = try connection.prepare("SELECT name_index, sealed, created_at, team_index IS NOT NULL FROM users")
            while try statement.step() {
                let f = try sealers.users.open(statement.string(1), row: statement.string(0) ?? "", count: 3, path: path)
                let team = statement.int(3) == 1 ? f[2] : nil
                snapshot.users.append(UserRecord(name: f[0] ?? "", org: f[1] ?? "", team: team, createdAt: statement.string(2) ?? ""))
            }
            statement = try connection.prepare("SELECT grant_index, sealed, created_at FROM role_grants")
            while try statement.step() {
                let f = try sealers.grants.open(statement.string(1), row: statement.string(0) ?? "", count: 4, path: path)
                snapshot.grants.append(
                    GrantRecord(user: f[0] ?? "", role: f[1] ?? "", scopeKind: f[2] ?? "", scopeID: f[3] ?? "", createdAt: statement.string(2) ?? ""))
            }
            statement = try connection.prepare("SELECT scope_index, sealed, updated_at FROM policies")
            while try statement.step() {
                let f = try sealers.policies.open(statement.string(1), row: statement.string(0) ?? "", count: 3, path: path)
                snapshot.policies.append(
                    PolicyRecord(scopeKind: f[0] ?? "", scopeID: f[1] ?? "", document: f[2] ?? "", updatedAt: statement.string(2) ?? ""))
            }
            snapshot.orgs.sort { $0.name < $1.name }
            snapshot.teams.sort { $0.name < $1.name }
            snapshot.users.sort { $0.name < $1.name }
            snapshot.grants.sort { ($0.user, $0.role, $0.scopeKind, $0.scopeID) < ($1.user, $1.role, $1.scopeKind, $1.scopeID) }
            snapshot.policies.sort { ($0.scopeKind, $0.scopeID) < ($1.scopeKind, $1.scopeID) }
            return snapshot
        }
    }
}
