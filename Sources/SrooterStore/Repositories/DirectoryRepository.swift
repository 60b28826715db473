/// The directory: orgs, teams, users and role grants, with names sealed. Implemented by `Store`
/// (SQLite); read whole by the policy engine (`directory()`, policies included), written by the
/// admin API and the CLI. Missing rows are `.notFound`, duplicates `.conflict`, references to
/// missing rows `.danglingReference`.
public protocol DirectoryRepository: ChangeCounting {
    /// Orgs, teams, users, grants and policies, read in one snapshot.
    func directory() async throws(StoreError) -> DirectorySnapshot
    func createOrg(name: String, displayName: String?) async throws(StoreError)
    func updateOrg(name: String, displayName: String?) async throws(StoreError)
    /// Deletes an org with its teams, users, grants and policies.
    func deleteOrg(name: String) async throws(StoreError)
    func createTeam(name: String, org: String, displayName: String?) async throws(StoreError)
    func updateTeam(name: String, displayName: String?) async throws(StoreError)
    func deleteTeam(name: String) async throws(StoreError)
    func createUser(name: String, org: String, team: String?) async throws(StoreError)
    func updateUser(name: String, team: String?) async throws(StoreError)
    func deleteUser(name: String) async throws(StoreError)
    func grantRole(user: String, role: String, scopeKind: String, scopeID: String) async throws(StoreError)
    func revokeRole(user: String, role: String, scopeKind: String, scopeID: String) async throws(StoreError)
}
