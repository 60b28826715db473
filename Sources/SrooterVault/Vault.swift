import Crypto
import SrooterEncoding
import SrooterStore

/// What `credentials list` shows: never the secret.
public struct CredentialInfo: Sendable, Equatable {
    public let name: String
    public let provider: String
    public let createdAt: String
    public let rotatedAt: String?
    public let lastUsedAt: String?
}

/// The credential vault over srooter's database: envelope-encrypted provider credentials and the
/// metadata keys, all unlocked by the master key.
///
/// Opening checks the master key against the database's key check value before anything is
/// written, so a wrong key fails start-up with a clear message and changes nothing; then it
/// attaches the metadata keys to the store, which seals names with them (`Store.attach(cipher:)`).
///
/// Example:
/// ```swift
/// let vault = try Vault.open(store: store, source: MasterKeySource(environment: env, keyFile: nil, dataFolder: "./data"))
/// try vault.add(name: "anthropic-prod", provider: "anthropic", secret: secret)
/// ```
public final class Vault: Sendable {
    public let store: Store
    public let master: MasterKey
    /// Keys for encrypting stored metadata (audit records, names in the store's tables) and blind indexes.
    public let metadata: MetadataKeys

    private init(store: Store, master: MasterKey, metadata: MetadataKeys) {
        self.store = store
        self.master = master
        self.metadata = metadata
    }

    /// Loads the master key, checks it, and sets the vault up on a fresh database.
    public static func open(store: Store, source: MasterKeySource) throws(VaultError) -> Vault {
        try storage { () throws(StoreError) in try store.prepareVault() }
        let check = try storage { () throws(StoreError) in try store.vaultValue("master_check") }
        let master = try source.load(expectedCheck: check)
        return try open(store: store, master: master)
    }

    /// Opens with a key already loaded.
    public static func open(store: Store, master: MasterKey) throws(VaultError) -> Vault {
        try storage { () throws(StoreError) in try store.prepareVault() }
        if try storage({ () throws(StoreError) in try store.vaultValue("master_check") }) == nil {
            let root = SymmetricKey(size: .bits256)
            let wrapped = try wrapMetadataKey(root, master)
            _ = try storage { () throws(StoreError) in
                try store.initializeVault([("master_check", master.checkValue), ("metadata_key", wrapped)])
            }
        }
        guard try storage({ () throws(StoreError) in try store.vaultValue("master_check") }) == master.checkValue else {
            throw VaultError.wrongMasterKey(source: master.source)
        }
        guard let wrapped = try storage({ () throws(StoreError) in try store.vaultValue("metadata_key") }),
              let root = unwrapMetadataKey(wrapped, master)
        else { throw VaultError.corrupted(name: "(the metadata key)") }
        let metadata = MetadataKeys(root: root)
        store.attach(cipher: metadata)  // names in the store's tables are sealed with these keys
        return Vault(store: store, master: master, metadata: metadata)
    }

    /// Stores a new credential.
    public func add(name: String, provider: String, secret: SecretBytes) throws(VaultError) {
        try Self.checkName(name, provider)
        let sealed = try Envelope.seal(secret, name: name, provider: provider, master: master)
        let row = SealedCredentialRow(
            name: name, provider: provider, wrappedKey: sealed.wrappedKey, ciphertext: sealed.ciphertext, createdAt: Timestamp.now())
        do { try store.saveCredential(row, replace: false) } catch { throw VaultError.duplicateCredential(name: name) }
    }

    /// Replaces a credential's secret (a fresh data key too); the provider stays unless given.
    public func rotate(name: String, provider: String? = nil, secret: SecretBytes) throws(VaultError) {
        guard let existing = try rows().first(where: { $0.name == name }) else { throw VaultError.unknownCredential(name: name) }
        let provider = provider ?? existing.provider
        try Self.checkName(name, provider)
        let sealed = try Envelope.seal(secret, name: name, provider: provider, master: master)
        var row = existing
        row.provider = provider
        row.wrappedKey = sealed.wrappedKey
        row.ciphertext = sealed.ciphertext
        row.rotatedAt = Timestamp.now()
        try Self.storage { () throws(StoreError) in try store.saveCredential(row, replace: true) }
    }

    /// Deletes a credential.
    public func remove(name: String) throws(VaultError) {
        do { try store.removeCredential(name: name) } catch { throw VaultError.unknownCredential(name: name) }
    }

    /// Every credential's name, provider and dates.
    public func list() throws(VaultError) -> [CredentialInfo] {
        try rows().map { CredentialInfo(name: $0.name, provider: $0.provider, createdAt: $0.createdAt, rotatedAt: $0.rotatedAt, lastUsedAt: $0.lastUsedAt) }
    }

    /// Decrypts one credential (and notes its use). A corrupted row fails alone.
    public func secret(name: String) throws(VaultError) -> SecretBytes {
        guard let row = try rows().first(where: { $0.name == name }) else { throw VaultError.unknownCredential(name: name) }
        let secret = try Envelope.open(row, master: master)
        try? store.touchCredential(name: name, at: Timestamp.now())
        return secret
    }

    /// Wraps every data key and the metadata key under `new`, and switches the key check value, in
    /// one transaction. Ciphertexts are untouched; a running gateway keeps working. Returns how many
    /// credentials were rewrapped.
    public func rotateMaster(to new: MasterKey) throws(VaultError) -> Int {
        let all = try rows()
        var wrapped: [(name: String, wrappedKey: String)] = []
        for row in all { wrapped.append((row.name, try Envelope.rewrap(row, from: master, to: new))) }
        guard let current = try Self.storage({ () throws(StoreError) in try store.vaultValue("metadata_key") }),
              let root = Self.unwrapMetadataKey(current, master)
        else { throw VaultError.corrupted(name: "(the metadata key)") }
        let metadataKey = try Self.wrapMetadataKey(root, new)
        try Self.storage { () throws(StoreError) in
            try store.rewrapVault(wrappedKeys: wrapped, values: [("master_check", new.checkValue), ("metadata_key", metadataKey)])
        }
        return all.count
    }

    private func rows() throws(VaultError) -> [SealedCredentialRow] {
        try Self.storage { () throws(StoreError) in try store.credentialRows() }
    }

    private static func checkName(_ name: String, _ provider: String) throws(VaultError) {
        let allowed = { (text: String) in
            !text.isEmpty && text.utf8.count <= 128
                && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
        }
        guard allowed(name), allowed(provider) else {
            throw VaultError.unusableSecret(reason: "names and providers use letters, digits, '.', '-' and '_' only (up to 128)")
        }
    }

    static func wrapMetadataKey(_ root: SymmetricKey, _ master: MasterKey) throws(VaultError) -> String {
        guard let box = try? root.withUnsafeBytes({ try AES.GCM.seal($0, using: master.key, authenticating: metadataAD) }),
              let combined = box.combined
        else { throw VaultError.storage("cannot wrap the metadata key") }
        return Hex.encode(Array(combined))
    }

    static func unwrapMetadataKey(_ wrapped: String, _ master: MasterKey) -> SymmetricKey? {
        guard let combined = Hex.decode(wrapped), let box = try? AES.GCM.SealedBox(combined: combined),
              var bytes = try? Array(AES.GCM.open(box, using: master.key, authenticating: metadataAD)), bytes.count == 32
        else { return nil }
        defer { SecretBytes.zero(&bytes) }
        return SymmetricKey(data: bytes)
    }

    private static let metadataAD = Array("srooter-vault-v1\0metadata-key".utf8)

    static func storage<T>(_ body: () throws(StoreError) -> T) throws(VaultError) -> T {
        do { return try body() } catch { throw VaultError.storage(error.description) }
    }
}
