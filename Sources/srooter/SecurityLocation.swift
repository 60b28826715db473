import ArgumentParser
import SrooterAudit
import SrooterGateway
import SrooterStore
import SrooterSupplyChain
import SrooterVault

/// Where the database, the master key and the audit key are, for `audit`, `credentials` and `vault`.
struct SecurityLocation: ParsableArguments {
    @Option(help: "The gateway configuration file (its database:, vault: and audit: sections are used).")
    var config = "srooter.yaml"

    @Option(name: [.customLong("db"), .customLong("database")], help: "The database file (overrides the configuration's).")
    var database: String?

    @Flag(help: "Open a database that users other than its owner may read (normally refused: chmod 600 it and its -wal and -shm).")
    var allowInsecurePermissions = false

    /// The database path and the security settings.
    func settings() throws -> (databasePath: String, security: SecurityConfig) {
        var path = database ?? "./data/srooter.db"
        var security = SecurityConfig()
        if FileReader.exists(config) {
            let text = String(decoding: try FileReader.read(config, limit: 4 << 20), as: UTF8.self)
            let read = ConfigLoader.security(text: text)
            if database == nil, let configured = read.databasePath { path = configured }
            security = read.security
        }
        return (path, security)
    }

    /// The database folder (where master.key and audit.key live by default).
    func dataFolder() throws -> String { MasterKeySource.folder(ofDatabase: try settings().databasePath) }

    func openStore() throws -> Store {
        let path = try settings().databasePath
        guard FileReader.exists(path) || database == nil else { throw UsageError(description: "\(path) does not exist") }
        return try openNewStore()
    }

    /// Opens the database, creating it when missing.
    func openNewStore() throws -> Store {
        let path = try settings().databasePath
        switch Result(catching: { () throws(StoreError) -> Store in
            if !allowInsecurePermissions { try DatabaseFiles.checkPrivate(path) }
            return try Store(path: path)
        }) {
        case .success(let store): return store
        case .failure(let error): throw UsageError(description: error.description)
        }
    }

    func openVault() async throws -> Vault {
        try await openVault(on: try openStore())
    }

    /// The vault on a store already open.
    func openVault(on store: Store) async throws -> Vault {
        let (path, security) = try settings()
        let source = MasterKeySource(
            environment: ProcessInfoLite.environment, keyFile: security.masterKeyFile, dataFolder: MasterKeySource.folder(ofDatabase: path))
        return try await Vault.open(store: store, source: source)
    }

    func auditKeyPath() throws -> String {
        let (_, security) = try settings()
        if let file = security.auditKeyFile { return file }
        return AuditSigningKey.defaultPath(dataFolder: try dataFolder())
    }

    func openLog() async throws -> AuditLog {
        let store = try openStore()
        let vault = try await openVault(on: store)
        let signer = try AuditSigningKey.loadOrCreate(path: try auditKeyPath())
        return AuditLog(store: store, vault: vault, signer: signer, settings: try settings().security.audit)
    }
}

extension VaultError: SrooterError {
    public var kind: FailureKind {
        switch self {
        case .wrongMasterKey, .corrupted: .verificationFailed
        default: .unusableInput
        }
    }
}

extension AuditError: SrooterError {
    public var kind: FailureKind {
        switch self {
        case .unreadable: .verificationFailed
        default: .unusableInput
        }
    }
}
