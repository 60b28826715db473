/// A sealed provider credential as stored: never the secret, only ciphertext and a wrapped data key.
public struct SealedCredentialRow: Sendable, Equatable {
    public var name: String
    public var provider: String
    /// Hex of nonce, ciphertext and tag of the credential's own data key, sealed by the master key.
    public var wrappedKey: String
    /// Hex of nonce, ciphertext and tag of the secret, sealed by the data key.
    public var ciphertext: String
    public var createdAt: String
    public var rotatedAt: String?
    public var lastUsedAt: String?

    public init(
        name: String, provider: String, wrappedKey: String, ciphertext: String, createdAt: String, rotatedAt: String? = nil,
        lastUsedAt: String? = nil
    ) {
        self.name = name
        self.provider = provider
        self.wrappedKey = wrappedKey
        self.ciphertext = ciphertext
        self.createdAt = createdAt
        self.rotatedAt = rotatedAt
        self.lastUsedAt = lastUsedAt
    }
}

/// `vault_credentials` is keyed by the blind index of the credential's name; name and provider are
/// sealed in `sealed` (the row key as associated data). The secret's own envelope binds them too.
enum VaultSchema {
    static let sql = """
        CREATE TABLE IF NOT EXISTS vault_meta (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS vault_credentials (
            name_index TEXT PRIMARY KEY,
            sealed TEXT NOT NULL,
            wrapped_key TEXT NOT NULL,
            ciphertext TEXT NOT NULL,
            created_at TEXT NOT NULL,
            rotated_at TEXT,
            last_used_at TEXT
        );
        """
}

extension Store {
    // `VaultRepository`, on SQLite.

    /// Creates the vault's tables if missing.
    public func prepareVault() async throws(StoreError) {
        try await perform { connection throws(StoreError) in
            try Schema.refuseLegacy(connection)
            try connection.execute(VaultSchema.sql)
        }
    }

    /// A vault setting (the master key check value, the wrapped metadata key), or nil.
    public func vaultValue(_ name: String) async throws(StoreError) -> String? {
        try await perform { connection throws(StoreError) in
            let statement = try connection.prepare("SELECT value FROM vault_meta WHERE name = ?")
            statement.bind(1, name)
            return try statement.step() ? statement.string(0) : nil
        }
    }

    /// Sets vault settings only where they are not set yet (first start); returns false, changing
    /// nothing, when any of them is already set.
    public func initializeVault(_ values: [(name: String, value: String)]) async throws(StoreError) -> Bool {
        try await perform { connection throws(StoreError) in
            try connection.execute("BEGIN IMMEDIATE")
            do throws(StoreError) {
                let insert = try connection.prepare("INSERT OR IGNORE INTO vault_meta (name, value) VALUES (?, ?)")
                for (name, value) in values {
                    insert.bind(1, name)
                    insert.bind(2, value)
                    _ = try insert.step()
                    insert.reset()
                    guard connection.changes == 1 else {
                        try connection.execute("ROLLBACK")
                        return false
                    }
                }
                try connection.execute("COMMIT")
                return true
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Every credential row, by name.
    public func credentialRows() async throws(StoreError) -> [SealedCredentialRow] {
        let sealer = try self.sealer(Self.credentialTable)
        return try await perform { connection throws(StoreError) in
            let statement = try connection.prepare(
                "SELECT name_index, sealed, wrapped_key, ciphertext, created_at, rotated_at, last_used_at FROM vault_credentials")
            var rows: [SealedCredentialRow] = []
            while try statement.step() {
                let fields = try sealer.open(statement.string(1), row: statement.string(0) ?? "", count: 2, path: connection.path)
                rows.append(
                    SealedCredentialRow(
                        name: fields[0] ?? "", provider: fields[1] ?? "", wrappedKey: statement.string(2) ?? "",
                        ciphertext: statement.string(3) ?? "", createdAt: statement.string(4) ?? "", rotatedAt: statement.string(5),
                        lastUsedAt: statement.string(6)))
            }
            return rows.sorted { $0.name < $1.name }
        }
    }

    static let credentialTable = "vault_credentials"

    /// The stored key of a credential name (its blind index); `.locked` without a cipher.
    private func credentialIndex(_ name: String) throws(StoreError) -> String {
        try sealer(Self.credentialTable).index(name, .credential)
    }

    /// Inserts a credential; with `replace`, an existing one of that name must exist and is overwritten.
    public func saveCredential(_ row: SealedCredentialRow, replace: Bool) async throws(StoreError) {
        try StoredName.check(row.name, "credential name")
        try StoredName.check(row.provider, "provider name")
        let sealer = try self.sealer(Self.credentialTable)
        let index = sealer.index(row.name, .credential)
        let path = path
        try await perform { connection throws(StoreError) in
            let sql = replace
                ? "UPDATE vault_credentials SET sealed = ?2, wrapped_key = ?3, ciphertext = ?4, rotated_at = ?6 WHERE name_index = ?1"
                : "INSERT OR IGNORE INTO vault_credentials (name_index, sealed, wrapped_key, ciphertext, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"
            let statement = try connection.prepare(sql)
            statement.bind(1, index)
            statement.bind(2, sealer.seal([row.name, row.provider], row: index))
            statement.bind(3, row.wrappedKey)
            statement.bind(4, row.ciphertext)
            statement.bind(5, row.createdAt)
            statement.bind(6, row.rotatedAt)
            _ = try statement.step()
            guard connection.changes == 1 else {
                throw replace ? StoreError.notFound(what: "a credential named \(row.name)")
                    : StoreError.conflict(path: path, reason: "a credential named \(row.name) already exists (use `credentials rotate`)")
            }
        }
    }

    /// Removes a credential by name.
    public func removeCredential(name: String) async throws(StoreError) {
        let index = try credentialIndex(name)
        try await perform { connection throws(StoreError) in
            let statement = try connection.prepare("DELETE FROM vault_credentials WHERE name_index = ?")
            statement.bind(1, index)
            _ = try statement.step()
            guard connection.changes == 1 else { throw StoreError.notFound(what: "a credential named \(name)") }
        }
    }

    /// Notes that a credential was used now.
    public func touchCredential(name: String, at time: String) async throws(StoreError) {
        let index = try credentialIndex(name)
        try await perform { connection throws(StoreError) in
            let statement = try connection.prepare("UPDATE vault_credentials SET last_used_at = ? WHERE name_index = ?")
            statement.bind(1, time)
            statement.bind(2, index)
            _ = try statement.step()
        }
    }

    /// Replaces every wrapped key and the vault settings in one transaction (master key rotation):
    /// all of it or nothing.
    public func rewrapVault(wrappedKeys: [(name: String, wrappedKey: String)], values: [(name: String, value: String)]) async throws(StoreError) {
        var indexed: [(index: String, wrappedKey: String)] = []
        for (name, wrapped) in wrappedKeys { indexed.append((try credentialIndex(name), wrapped)) }
        let rows = indexed
        try await perform { connection throws(StoreError) in
            try connection.execute("BEGIN IMMEDIATE")
            do throws(StoreError) {
                let update = try connection.prepare("UPDATE vault_credentials SET wrapped_key = ? WHERE name_index = ?")
                for (index, wrapped) in rows {
                    update.bind(1, wrapped)
                    update.bind(2, index)
                    _ = try update.step()
                    update.reset()
                }
                let set = try connection.prepare("INSERT OR REPLACE INTO vault_meta (name, value) VALUES (?, ?)")
                for (name, value) in values {
                    set.bind(1, name)
                    set.bind(2, value)
                    _ = try set.step()
                    set.reset()
                }
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }
}
