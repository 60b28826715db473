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
/// Opening checks the master key against the stored key check value before anything is
/// written, so a wrong key fails start-up with a clear message and changes nothing; then it
/// attaches the metadata keys to the repository, which seals names with them
/// (`VaultRepository.attach(cipher:)`).
///
/// Example:
/// ```swift
/// let vault = try await Vault.open(store: store, source: MasterKeySource(environment: env, keyFile: nil, dataFolder: "./data"))
/// try await vault.add(name: "anthropic-prod", provider: "anthropic", secret: secret)
/// ```
public final class Vault: Sendable {
    /// Where the vault's settings and sealed credentials are kept.
    public let repository: any VaultRepository
    public let master: MasterKey
    /// Keys for encrypting stored metadata (audit records, names in the store's tables) and blind indexes.
    public let metadata: MetadataKeys

    private init(repository: any VaultRepository, master: MasterKey, metadata: MetadataKeys) {
        self.repository = repository
        self.master = master
        self.metadata = metadata
    }

    /// Loads the master key, checks it, and sets the vault up on a fresh database.
    public static func open(store: any VaultRepository, source: MasterKeySource) async throws(VaultError) -> Vault {
        try await storage { () async throws(StoreError) in try await store.prepareVault() }
        let check = try await storage { () async throws(StoreError) in try await store.vaultValue("master_check") }
        let master = try source.load(expectedCheck: check)
        return try await open(store: store, master: master)
    }

    /// Opens with a key already loaded.
    public static func open(store: any VaultRepository, master: MasterKey) async throws(VaultError) -> Vault {
        try await storage { () async throws(StoreError) in try await store.prepareVault() }
        if try await storage({ () async throws(StoreError) in try await store.vaultValue("master_check") }) == nil {
            let root = SymmetricKey(size: .bits256)
            let wrapped = try wrapMetadataKey(root, master)
            _ = try await storage { () async throws(StoreError) in
                try await store.initializeVault([("master_check", master.checkValue), ("metadata_key", wrapped)])
            }
        }
        guard try await storage({ () async throws(StoreError) in try await store.vaultValue("master_check") }) == master.checkValue else {
            throw VaultError.wrongMasterKey(source: master.source)
        }
        guard let wrapped = try await storage({ () async throws(StoreError) in try await store.vaultValue("metadata_key") }),
              let root = unwrapMetadataKey(wrapped, master)
        else { throw VaultError.corrupted(name: "(the metadata key)") }
        let metadata = MetadataKeys(root: root)
        store.attach(cipher: metadata)  // names in the store's tables are sealed with these keys
        return Vault(repository: store, master: master, metadata: metadata)
    }

    /// Stores a new credential.
    public func add(name: String, provider: String, secret: SecretBytes) async throws(VaultError) {
        try Self.checkName(name, provider)
        let sealed = try Envelope.seal(secret, name: name, provider: provider, master: master)
        let row = SealedCredentialRow(
            name: name, provider: provider, wrappedKey: sealed.wrappedKey, ciphertext: sealed.ciphertext, createdAt: Timestamp.now())
        do { try await repository.saveCredential(row, replace: false) } catch { throw VaultError.duplicateCredential(name: name) }
    }

    /// Replaces a credential's secret (a fresh data key too); the provider stays unless given.
    public func rotate(name: String, provider: String? = nil, secret: SecretBytes) async throws(VaultError) {
        guard let existing = try await rows().first(where: { $0.name == name }) else { throw VaultError.unknownCredential(name: name) }
        let provider = provider ?? existing.provider
        try Self.checkName(name, provider)
        let sealed = try Envelope.seal(secret, name: name, provider: provider, master: master)
        var row = existing
        row.provider = provider
        row.wrappedKey = sealed.wrappedKey
        row.ciphertext = sealed.ciphertext
        row.rotatedAt = Timestamp.now()
        try await Self.storage { () async throws(StoreError) in try await repository.saveCredential(row, replace: true) }
    }

    /// Deletes a credential.
    public func remove(name: String) async throws(VaultError) {
        do { try await repository.removeCredential(name: name) } catch { throw VaultError.unknownCredential(name: name) }
    }

    /// Every credential's name, provider and dates.
    public func list() async throws(VaultError) -> [CredentialInfo] {
        try await rows().map { CredentialInfo(name: $0.name, provider: $0.provider, createdAt: $0.createdAt, rotatedAt: $0.rotatedAt, lastUsedAt: $0.lastUsedAt) }
    }

    /// Decrypts one credential (and notes its use). A corrupted row fails alone.
    public func secret(name: String) async throws(VaultError) -> SecretBytes {
        guard let row = try await rows().first(where: { $0.name == name }) else { throw VaultError.unknownCredential(name: name) }
        let secret = try Envelope.open(row, master: master)
        try? await repository.touchCredential(name: name, at: Timestamp.now())
        return secret
    }

    /// Wraps every data key and the metadata key under `new`, and switches the key check value, in
    /// one transaction. Ciphertexts are untouched; a running gateway keeps working. Returns how many
    /// credentials were rewrapped.
    public func rotateMaster(to new: MasterKey) async throws(VaultError) -> Int {
        let all = try await rows()
        var wrapped: [(name: String, wrappedKey: String)] = []
        for row in all { wrapped.append((row.name, try Envelope.rewrap(row, from: master, to: new))) }
        guard let current = try await Self.storage({ () async throws(StoreError) in try await repository.vaultValue("metadata_key") }),
              let root = Self.unwrapMetadataKey(current, master)
        else { throw VaultError.corrupted(name: "(the metadata key)") }
        let metadataKey = try Self.wrapMetadataKey(root, new)
        try await Self.storage { () async throws(StoreError) in
            try await repository.rewrapVault(wrappedKeys: wrapped, values: [("master_check", new.checkValue), ("metadata_key", metadataKey)])
        }
        return all.count
    }

    private func rows() async throws(VaultError) -> [SealedCredentialRow] {
        try await Self.storage { () async throws(StoreError) in try await repository.credentialRows() }
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

    static func storage<T>(_ body: () async throws(StoreError) -> T) async throws(VaultError) -> T {
        do { return try await body() } catch { throw VaultError.storage(error.description) }
    }
}
