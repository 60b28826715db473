/// Policy documents (JSON) attached to an org, team, user or key. Implemented by `Store`
/// (SQLite); written by the admin API and the CLI, read with the directory
/// (`DirectoryRepository.directory()`'s `policies`), since the engine needs both at once.
public protocol PolicyRepository: Sendable {
    /// Sets (or replaces) the policy of a scope.
    func setPolicy(scopeKind: String, scopeID: String, document: String) async throws(StoreError)
    /// Deletes the policy of a scope; `.notFound` when it has none.
    func deletePolicy(scopeKind: String, scopeID: String) async throws(StoreError)
}
