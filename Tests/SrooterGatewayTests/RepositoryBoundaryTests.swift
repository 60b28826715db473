import Foundation
@testable import SrooterGateway
import SrooterTestSupport
import SrooterVault
import Synchronization
import Testing
@testable import SrooterStore

/// The gateway, policy, audit and vault modules reach storage through the repository protocols
/// (`AccessKeyRepository`, `DirectoryRepository`, `PolicyRepository`, `BudgetRepository`,
/// `AuditChainRepository`, `VaultRepository`), so another database can stand behind them; only
/// the files that open the SQLite database (or maintain its WAL) name `Store`.
@Suite struct RepositoryBoundaryTests {
    /// Where `Store` may be named, and why.
    static let storeAllowed: Set<String> = [
        "SrooterGateway/Server/GatewayServer.swift",  // opens the database at startup
        "SrooterGateway/Server/GatewaySecurity.swift",  // opens the vault on it at startup
        "SrooterGateway/Server/DatabaseCheckpoints.swift",  // SQLite WAL checkpoints and the spend fold
        "SrooterAudit/AuditLog+Reading.swift",  // opens the database for the CLI's readers
    ]

    @Test func onlyTheFilesThatOpenTheDatabaseNameStore() async throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources").standardized
        var offences: [String] = []
        var scanned = 0
        for module in ["SrooterGateway", "SrooterPolicy", "SrooterAudit", "SrooterVault"] {
            let root = sources.appendingPathComponent(module)
            let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL })
                .filter { $0.pathExtension == "swift" }
            for file in files {
                scanned += 1
                let relative = String(file.standardized.path.dropFirst(sources.path.count + 1))
                guard !Self.storeAllowed.contains(relative) else { continue }
                for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                    let code = line.trimmingCharacters(in: .whitespaces)
                    guard !code.hasPrefix("//") else { continue }
                    if code.range(of: #"(:\s*|\bany\s+|<|\()Store\b(?!Error)|\bStore\("#, options: .regularExpression) != nil {
                        offences.append("\(relative): \(code)")
                    }
                }
            }
        }
        #expect(scanned > 60)
        #expect(offences.isEmpty, "Store named outside the files that open the database: \(offences)")
    }

    /// One name per operation: no `...Async` twin and no `load...` alias in the store's public
    /// API; the blocking calls are the documented few.
    @Test func theStoreHasOneNamePerOperation() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/SrooterStore").standardized
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL })
            .filter { $0.pathExtension == "swift" }
        var names: [String] = []
        for file in files {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                guard let match = line.range(of: #"public func [A-Za-z]+"#, options: .regularExpression) else { continue }
                names.append(String(line[match].dropFirst("public func ".count)))
            }
        }
        #expect(names.contains("appendChained") && names.contains("accessKeys"))
        #expect(names.filter { $0.hasSuffix("Async") || $0.hasPrefix("load") }.isEmpty, "\(names)")
        let blocking = Set(names.filter { $0.hasSuffix("Blocking") })
        #expect(blocking == ["appendChainedBlocking"])
    }

    /// The key ring runs on any `AccessKeyRepository`: here one in memory, holding a key whose
    /// SHA-256 was computed by `sha256sum`.
    @Test func theKeyRingWorksOnAnyAccessKeyRepository() async throws {
        let secret = "sk-srt-0123456789ab_" + String(repeating: "7f", count: 32)
        let stored = AccessKey(
            id: "0123456789ab", sha256: try await IndependentDigest.sha256Hex(secret), user: "ada", team: "platform",
            createdAt: "2026-11-20T10:00:00.000Z", revokedAt: nil)
        let repository = KeysInMemory(keys: [stored])
        let ring = KeyRing(store: repository)
        try await ring.reload()
        #expect(ring.principal(for: secret) == Principal(keyID: "0123456789ab", user: "ada", team: "platform"))
        #expect(ring.principal(for: secret.replacingOccurrences(of: "7f", with: "7e")) == nil)
        try await repository.revokeAccessKey(id: "0123456789ab")
        try await ring.reload()
        #expect(ring.principal(for: secret) == nil)
    }

    /// The vault runs on any `VaultRepository`: here one in memory. The stored key check values
    /// are HMAC-SHA256 of `srooter master key check v1` under each master key, computed by `openssl`.
    @Test func theVaultWorksOnAnyVaultRepository() async throws {
        let oldBytes = (0..<32).map { UInt8($0) }
        let newBytes = (0..<32).map { UInt8(0x20 + $0) }
        let old = try MasterKey(bytes: oldBytes, source: "old key")
        let new = try MasterKey(bytes: newBytes, source: "new key")
        let repository = VaultInMemory()

        let vault = try await Vault.open(store: repository, master: old)
        #expect(repository.setting("master_check") == (try await Self.opensslCheckValue(oldBytes)))
        #expect(repository.isUnlocked, "the vault attaches its metadata cipher")
        var secret = Array("sk-ant-canary-123".utf8)
        try await vault.add(name: "anthropic-prod", provider: "anthropic", secret: SecretBytes(consuming: &secret))
        #expect(!"\(repository.rows())".contains("canary"), "the repository holds the secret in the clear")
        #expect(try await vault.secret(name: "anthropic-prod").text() == "sk-ant-canary-123")
        #expect(try await vault.list().map(\.lastUsedAt).allSatisfy { $0 != nil }, "reading a secret notes its use")

        let ciphertexts = repository.rows().map(\.ciphertext)
        #expect(try await vault.rotateMaster(to: new) == 1)
        #expect(repository.setting("master_check") == (try await Self.opensslCheckValue(newBytes)))
        #expect(repository.rows().map(\.ciphertext) == ciphertexts, "rotation rewraps keys, not ciphertexts")

        let reopened = try await Vault.open(store: repository, master: new)
        #expect(try await reopened.secret(name: "anthropic-prod").text() == "sk-ant-canary-123")
        #expect(reopened.metadata.blindIndex("ada", column: "audit.user") == vault.metadata.blindIndex("ada", column: "audit.user"))
        await #expect(throws: VaultError.wrongMasterKey(source: "old key")) { try await Vault.open(store: repository, master: old) }
    }

    static func opensslCheckValue(_ key: [UInt8]) async throws -> String {
        let hexKey = key.map { String(format: "%02x", $0) }.joined()
        let result = try await CommandRunner.run(
            "openssl", ["dgst", "-sha256", "-mac", "HMAC", "-macopt", "hexkey:\(hexKey)"], stdin: "srooter master key check v1")
        let hex = try #require(result.stdout.split(separator: " ").last).trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(result.status == 0 && hex.count == 64, "openssl: \(result.stdout)\(result.stderr)")
        return hex
    }
}

/// The vault's settings and sealed rows held in memory: a second implementation of `VaultRepository`.
private final class VaultInMemory: VaultRepository {
    private struct State {
        var settings: [String: String] = [:]
        var rows: [String: SealedCredentialRow] = [:]
        var cipher: (any MetadataCipher)?
    }
    private let state = Mutex(State())

    func setting(_ name: String) -> String? { state.withLock { $0.settings[name] } }
    func rows() -> [SealedCredentialRow] { state.withLock { $0.rows.values.sorted { $0.name < $1.name } } }
    var isUnlocked: Bool { state.withLock { $0.cipher != nil } }

    func attach(cipher: any MetadataCipher) { state.withLock { $0.cipher = cipher } }
    func prepareVault() async throws(StoreError) {}
    func vaultValue(_ name: String) async throws(StoreError) -> String? { setting(name) }

    func initializeVault(_ values: [(name: String, value: String)]) async throws(StoreError) -> Bool {
        state.withLock { state in
            guard values.allSatisfy({ state.settings[$0.name] == nil }) else { return false }
            for (name, value) in values { state.settings[name] = value }
            return true
        }
    }

    func rewrapVault(wrappedKeys: [(name: String, wrappedKey: String)], values: [(name: String, value: String)]) async throws(StoreError) {
        state.withLock { state in
            for (name, wrapped) in wrappedKeys { state.rows[name]?.wrappedKey = wrapped }
            for (name, value) in values { state.settings[name] = value }
        }
    }

    func credentialRows() async throws(StoreError) -> [SealedCredentialRow] { rows() }

    func saveCredential(_ row: SealedCredentialRow, replace: Bool) async throws(StoreError) {
        let saved = state.withLock { state in
            guard (state.rows[row.name] != nil) == replace else { return false }
            state.rows[row.name] = row
            return true
        }
        guard saved else { throw replace ? StoreError.notFound(what: row.name) : StoreError.conflict(path: "memory", reason: row.name) }
    }

    func removeCredential(name: String) async throws(StoreError) {
        guard state.withLock({ $0.rows.removeValue(forKey: name) }) != nil else { throw StoreError.notFound(what: name) }
    }

    func touchCredential(name: String, at time: String) async throws(StoreError) {
        state.withLock { $0.rows[name]?.lastUsedAt = time }
    }
}

/// Access keys held in memory: a second implementation of `AccessKeyRepository`.
private final class KeysInMemory: AccessKeyRepository {
    private let keys: Mutex<[AccessKey]>

    init(keys: [AccessKey]) { self.keys = Mutex(keys) }

    func dataVersion() async throws(StoreError) -> Int { 0 }

    func createAccessKey(user: String, team: String?) async throws(StoreError) -> (key: AccessKey, secret: String) {
        throw StoreError.refused(reason: "not used here")
    }

    func accessKeys() async throws(StoreError) -> [AccessKey] { keys.withLock { $0 } }

    func revokeAccessKey(id: String) async throws(StoreError) {
        keys.withLock { keys in
            keys = keys.map { key in
                key.id == id
                    ? AccessKey(id: key.id, sha256: key.sha256, user: key.user, team: key.team, createdAt: key.createdAt, revokedAt: "now")
                    : key
            }
        }
    }
}
