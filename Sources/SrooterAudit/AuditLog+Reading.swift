import SrooterStore
import SrooterVault

extension AuditLog {
    /// Opens the audit log of an embedded-default database (SQLite, opened here) for reading:
    /// the master key and the audit key from the database's folder (or `SROOTER_MASTER_KEY` in `environment`).
    public static func reader(databasePath: String, environment: [String: String] = [:]) async throws -> AuditLog {
        let folder = MasterKeySource.folder(ofDatabase: databasePath)
        let store = try Store(path: databasePath)
        let vault = try await Vault.open(store: store, source: MasterKeySource(environment: environment, keyFile: nil, dataFolder: folder))
        let signer = try AuditSigningKey.loadOrCreate(path: AuditSigningKey.defaultPath(dataFolder: folder))
        return AuditLog(store: store, vault: vault, signer: signer)
    }

    /// The newest `limit` records, decrypted, oldest first.
    public func latest(limit: Int) async throws(AuditError) -> [AuditRecord] {
        let tail: ChainTail
        do { tail = try await store.auditChainTail() } catch { throw AuditError.storage(error.description) }
        let after = max(0, (tail.seq ?? 0) - limit)
        return try await records(after: after, limit: limit).map(\.record)
    }
}
