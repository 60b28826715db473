/// Async forms of the access-key calls, for the admin API (off the cooperative pool).
extension Store {
    /// `createAccessKey`, from an async context.
    public func createAccessKeyAsync(user: String, team: String?) async throws(StoreError) -> (key: AccessKey, secret: String) {
        let (key, secret) = Self.newKey(user: user, team: team)
        let sealer = try self.sealer(Self.keyTable)
        try await perform { connection throws(StoreError) in try Self.insert(key, connection, sealer) }
        return (key, secret)
    }

    /// `revokeAccessKey`, from an async context.
    public func revokeAccessKeyAsync(id: String) async throws(StoreError) {
        let sealer = try self.sealer(Self.keyTable)
        try await perform { connection throws(StoreError) in try Self.revoke(id: id, connection, sealer) }
    }
}
