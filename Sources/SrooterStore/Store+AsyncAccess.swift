
/// Async forms of the access-key and audit calls, for the admin API (off the cooperative pool).
extension Store {
    /// `createAccessKey`, from an async context.
    public func createAccessKeyAsync(user: String, team: String?) async throws(StoreError) -> (key: AccessKey, secret: String) {
        let (id, secret) = AccessKeyFormat.generate()
        let key = AccessKey(
            id: id, sha256: AccessKeyFormat.hex(AccessKeyFormat.digest(secret)), user: user, team: team, createdAt: Timestamp.now(), revokedAt: nil)
        try await perform { connection throws(StoreError) in
            let statement = try connection.prepare("INSERT INTO access_keys (id, sha256, user, team, created_at) VALUES (?, ?, ?, ?, ?)")
            statement.bind(1, key.id)
            statement.bind(2, key.sha256)
            statement.bind(3, key.user)
            statement.bind(4, key.team)
            statement.bind(5, key.createdAt)
            _ = try statement.step()
        }
        return (key, secret)
    }

    /// `revokeAccessKey`, from an async context.
    public func revokeAccessKeyAsync(id: String) async throws(StoreError) {
        try await perform { connection throws(StoreError) in
            let statement = try connection.prepare("UPDATE access_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
            statement.bind(1, Timestamp.now())
            statement.bind(2, id)
            _ = try statement.step()
            guard connection.changes == 1 else { throw StoreError.notFound(what: "an active access key with id \(id)") }
        }
    }
}
