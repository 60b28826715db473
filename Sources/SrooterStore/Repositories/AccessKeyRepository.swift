/// The access keys callers present (`sk-srt-...`): only each key's SHA-256 is stored, with its
/// user and team sealed. Implemented by `Store` (SQLite); read by the gateway's key ring, written
/// by the admin API and the CLI.
public protocol AccessKeyRepository: ChangeCounting {
    /// Creates a key for `user` and returns it with its secret, which is not stored and cannot be shown again.
    func createAccessKey(user: String, team: String?) async throws(StoreError) -> (key: AccessKey, secret: String)
    /// Every key, revoked ones included, oldest first.
    func accessKeys() async throws(StoreError) -> [AccessKey]
    /// Revokes the key with this id; `.notFound` when there is none.
    func revokeAccessKey(id: String) async throws(StoreError)
}
