import Foundation
import SrooterStore
import SrooterTestSupport
import SrooterVault
import Testing

@Suite struct VaultTests {
    static func secret(_ text: String) -> SecretBytes {
        var bytes = Array(text.utf8)
        return SecretBytes(consuming: &bytes)
    }

    static func open(_ folder: TemporaryDirectory, environment: [String: String] = [:]) async throws -> Vault {
        let store = try Store(path: folder.file("srooter.db"))
        return try await Vault.open(store: store, source: MasterKeySource(environment: environment, keyFile: nil, dataFolder: folder.path))
    }

    @Test func roundTripAndListNeverShowsTheSecret() async throws {
        let folder = TemporaryDirectory()
        let vault = try await Self.open(folder)
        try await vault.add(name: "anthropic-prod", provider: "anthropic", secret: Self.secret("sk-ant-canary-123"))
        try await vault.add(name: "openai-prod", provider: "openai", secret: Self.secret("sk-openai-canary-456"))
        #expect(try await vault.secret(name: "anthropic-prod").text() == "sk-ant-canary-123")
        #expect(try await vault.secret(name: "openai-prod").text() == "sk-openai-canary-456")
        let listed = try await vault.list()
        #expect(listed.map(\.name) == ["anthropic-prod", "openai-prod"])
        #expect(listed[0].lastUsedAt != nil)
        #expect(!"\(listed)".contains("canary"))
        await #expect(throws: VaultError.duplicateCredential(name: "openai-prod")) {
            try await vault.add(name: "openai-prod", provider: "openai", secret: Self.secret("x"))
        }
    }

    @Test func theMasterKeyIsGeneratedWithMode0600AndTheDatabaseHoldsNoSecret() async throws {
        let folder = TemporaryDirectory()
        let vault = try await Self.open(folder)
        try await vault.add(name: "anthropic-prod", provider: "anthropic", secret: Self.secret("sk-ant-canary-123"))
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.file("master.key"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let wal = try #require(WriteAheadLog.bytes(ofDatabase: folder.file("srooter.db")), "no WAL to scan while the vault is open")
        for (name, bytes) in [("srooter.db", folder.read("srooter.db")), ("srooter.db-wal", Array(wal))] {
            #expect(bytes.firstRange(of: Array("canary".utf8)) == nil, "\(name) holds the secret")
        }
    }

    @Test func aCiphertextMovedToAnotherRowDoesNotOpen() async throws {
        let folder = TemporaryDirectory()
        let vault = try await Self.open(folder)
        try await vault.add(name: "a", provider: "anthropic", secret: Self.secret("secret-a"))
        let key = vault.master
        let rows = try await vault.repository.credentialRows()
        var moved = rows[0]
        moved.name = "b"
        #expect(throws: VaultError.corrupted(name: "b")) { try Envelope.open(moved, master: key) }
        var otherProvider = rows[0]
        otherProvider.provider = "openai"
        #expect(throws: VaultError.corrupted(name: "a")) { try Envelope.open(otherProvider, master: key) }
    }

    @Test func aCorruptedCiphertextFailsOnlyThatCredential() async throws {
        let folder = TemporaryDirectory()
        let vault = try await Self.open(folder)
        try await vault.add(name: "good", provider: "openai", secret: Self.secret("secret-good"))
        try await vault.add(name: "bad", provider: "openai", secret: Self.secret("secret-bad"))
        let stored = try await vault.repository.credentialRows()
        var row = try #require(stored.first { $0.name == "bad" })
        var bytes = Array(row.ciphertext.utf8)
        bytes[40] = bytes[40] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        row.ciphertext = String(decoding: bytes, as: UTF8.self)
        try await vault.repository.saveCredential(row, replace: true)
        let thrown = await #expect(throws: VaultError.self) { try await vault.secret(name: "bad") }
        #expect(thrown == VaultError.corrupted(name: "bad"))
        // The message the vault actually threw names the credential and holds nothing of its secret.
        let message = try #require(thrown).description
        #expect(message.contains("bad") && !message.contains("secret-bad"), "\(message)")
        #expect(try await vault.secret(name: "good").text() == "secret-good")
    }

    @Test func aWrongMasterKeyFailsAndChangesNothing() async throws {
        let folder = TemporaryDirectory()
        let vault = try await Self.open(folder)
        try await vault.add(name: "a", provider: "anthropic", secret: Self.secret("secret-a"))
        let before = try await vault.repository.credentialRows()
        let keyFile = folder.read("master.key")
        let wrong = MasterKey.generate(source: "test").base64()
        await #expect(throws: VaultError.wrongMasterKey(source: "SROOTER_MASTER_KEY")) {
            try await Self.open(folder, environment: ["SROOTER_MASTER_KEY": wrong])
        }
        await #expect(throws: VaultError.badMasterKey(source: "SROOTER_MASTER_KEY", reason: "it is 3 bytes, not 32")) {
            try await Self.open(folder, environment: ["SROOTER_MASTER_KEY": "AAAA"])
        }
        #expect(try await vault.repository.credentialRows() == before)
        #expect(folder.read("master.key") == keyFile)
        // Without the key file, the database's data is not reachable and no key is generated over it.
        try FileManager.default.removeItem(atPath: folder.file("master.key"))
        await #expect(throws: VaultError.missingMasterKey(expected: folder.file("master.key"))) { try await Self.open(folder) }
        #expect(!FileManager.default.fileExists(atPath: folder.file("master.key")))
    }

    @Test func aKeyFileOthersCanReadIsRefused() async throws {
        let folder = TemporaryDirectory()
        let path = folder.write("loose.key", MasterKey.generate(source: "t").base64())
        chmod(path, 0o644)
        let store = try Store(path: folder.file("srooter.db"))
        await #expect(throws: VaultError.keyFileTooOpen(path: path, mode: 0o644)) {
            try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: path, dataFolder: folder.path))
        }
    }

    @Test func masterKeyRotationRewrapsEveryDataKey() async throws {
        let folder = TemporaryDirectory()
        let vault = try await Self.open(folder)
        for index in 0..<5 { try await vault.add(name: "c\(index)", provider: "openai", secret: Self.secret("secret-\(index)")) }
        let ciphertexts = try await vault.repository.credentialRows().map(\.ciphertext)
        let new = MasterKey.generate(source: "SROOTER_MASTER_KEY")
        #expect(try await vault.rotateMaster(to: new) == 5)
        #expect(try await vault.repository.credentialRows().map(\.ciphertext) == ciphertexts)
        let reopened = try await Self.open(folder, environment: ["SROOTER_MASTER_KEY": new.base64()])
        for index in 0..<5 { #expect(try await reopened.secret(name: "c\(index)").text() == "secret-\(index)") }
        // The metadata key survives too: encrypted audit records stay readable and searchable.
        #expect(reopened.metadata.blindIndex("ada", column: "audit.user") == vault.metadata.blindIndex("ada", column: "audit.user"))
        await #expect(throws: VaultError.wrongMasterKey(source: folder.file("master.key"))) { try await Self.open(folder) }
    }
}
