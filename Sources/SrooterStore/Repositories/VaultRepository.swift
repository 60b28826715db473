/// The credential vault as stored: its settings (the master key check value, the wrapped metadata
/// key) and sealed credential rows (ciphertext and a wrapped data key, never a secret).
/// Implemented by `Store` (SQLite); used by `SrooterVault.Vault`, which seals, wraps and checks
/// the master key. Missing credentials are `.notFound`, duplicates `.conflict`.
public protocol VaultRepository: Sendable {
    /// Hands the repository the keys that seal names in its tables (credential names among them).
    /// Synchronous because it only keeps the cipher in memory; the vault calls it once the master
    /// key checked out, and until then calls that touch names fail with `.locked`.
    func attach(cipher: any MetadataCipher)

    /// Creates the vault's storage if missing.
    func prepareVault() async throws(StoreError)
    /// A vault setting, or nil when it is not set.
    func vaultValue(_ name: String) async throws(StoreError) -> String?
    /// Sets vault settings only where none is set yet (first start); returns false, changing
    /// nothing, when any of them is already set.
    func initializeVault(_ values: [(name: String, value: String)]) async throws(StoreError) -> Bool
    /// Replaces the wrapped keys of the named credentials and sets the vault settings, all of it
    /// or nothing (master key rotation).
    func rewrapVault(wrappedKeys: [(name: String, wrappedKey: String)], values: [(name: String, value: String)]) async throws(StoreError)

    /// Every credential row, by name.
    func credentialRows() async throws(StoreError) -> [SealedCredentialRow]
    /// Inserts a credential (`.conflict` when the name is taken); with `replace`, overwrites the one
    /// of that name (`.notFound` when there is none), keeping its creation time.
    func saveCredential(_ row: SealedCredentialRow, replace: Bool) async throws(StoreError)
    /// Removes a credential by name; `.notFound` when there is none.
    func removeCredential(name: String) async throws(StoreError)
    /// Notes that a credential was used at `time`.
    func touchCredential(name: String, at time: String) async throws(StoreError)
}
