import Crypto
import Logging
import SrooterAudit
import SrooterEncoding
import SrooterStore
import SrooterVault

/// What `serve` unlocks at start (issue 7): the vault (master key checked before anything is
/// written), the hash-chained audit log with its signing key, and the admin key for `/admin`.
public struct GatewaySecurity: Sendable {
    public let vault: Vault
    public let log: AuditLog
    /// SHA-256 of the admin key, or nil when `/admin` is closed.
    let adminKeyDigest: [UInt8]?

    /// Opens everything or fails with one clear line; a wrong master key changes nothing.
    public static func open(config: GatewayConfig, store: Store, environment: [String: String]) async throws(GatewayServer.StartError) -> GatewaySecurity {
        let folder = MasterKeySource.folder(ofDatabase: config.databasePath)
        let vault: Vault
        do {
            vault = try await Vault.open(
                store: store, source: MasterKeySource(environment: environment, keyFile: config.security.masterKeyFile, dataFolder: folder))
        } catch { throw GatewayServer.StartError(description: "vault: \(error.description)") }
        let signer: AuditSigningKey
        do {
            signer = try AuditSigningKey.loadOrCreate(path: config.security.auditKeyFile ?? AuditSigningKey.defaultPath(dataFolder: folder))
        } catch { throw GatewayServer.StartError(description: error.description) }
        let log = AuditLog(store: store, vault: vault, signer: signer, settings: config.security.audit)
        var digest: [UInt8]?
        switch config.security.adminKey {
        case .environment(let name)?:
            if let key = environment[name], !key.isEmpty { digest = Array(SHA256.hash(data: Array(key.utf8))) }
        case .sha256(let hex)?:
            digest = Hex.decode(hex)
        case nil:
            break
        }
        return GatewaySecurity(vault: vault, log: log, adminKeyDigest: digest)
    }

    /// The upstream secret of a provider: from the environment or the vault. A vault credential
    /// that does not decrypt is logged (by name, never content) and that provider alone goes without.
    func secret(for provider: ProviderConfig, environment: [String: String], logger: Logger) async -> String? {
        switch provider.credential {
        case .environment(let variable): return environment[variable]
        case .vault(let name):
            do { return try await vault.secret(name: name).text() } catch {
                logger.error("provider \(provider.name): \(error.description)")
                return nil
            }
        case .none, .passthrough: return nil
        }
    }

    /// Whether a presented admin key is the configured one (compared in constant time).
    func isAdmin(_ presented: String?) -> Bool {
        guard let adminKeyDigest, let presented, !presented.isEmpty else { return false }
        return AccessKeyFormat.constantTimeEqual(Array(SHA256.hash(data: Array(presented.utf8))), adminKeyDigest)
    }
}
