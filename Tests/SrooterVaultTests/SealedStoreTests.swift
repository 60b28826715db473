import Foundation
import SrooterTestSupport
import SrooterVault
import Testing
@testable import SrooterStore

/// Names in the store's tables (access keys, directory, budget scopes, credential providers) are
/// sealed under the metadata key, bound to their row, and looked up by blind index.
@Suite struct SealedStoreTests {
    static func open(_ folder: TemporaryDirectory, environment: [String: String] = [:]) async throws -> Store {
        let store = try Store(path: folder.file("srooter.db"))
        _ = try await Vault.open(store: store, source: MasterKeySource(environment: environment, keyFile: nil, dataFolder: folder.path))
        return store
    }

    /// Writes one row of every kind, every name holding `tag`.
    static func populate(_ store: Store, _ tag: String) async throws -> AccessKey {
        try await store.createOrg(name: "org-\(tag)", displayName: "Org \(tag)")
        try await store.createTeam(name: "team-\(tag)", org: "org-\(tag)", displayName: nil)
        try await store.createUser(name: "user-\(tag)", org: "org-\(tag)", team: "team-\(tag)")
        try await store.createUser(name: "other-\(tag)", org: "org-\(tag)", team: nil)
        try await store.grantRole(user: "user-\(tag)", role: "member", scopeKind: "org", scopeID: "org-\(tag)")
        try await store.setPolicy(scopeKind: "team", scopeID: "team-\(tag)", document: #"{"models":["model-\#(tag)-*"]}"#)
        try await store.addSpend([SpendEntry(scope: "user:user-\(tag)", periodKey: "day:2026-11-29", micros: 7)])
        return try await store.createAccessKey(user: "user-\(tag)", team: "team-\(tag)").key
    }

    @Test func rowsRoundTripAndTheFileHoldsNoName() async throws {
        let folder = TemporaryDirectory()
        let tag = "canary\(UInt32.random(in: 1...UInt32.max))"
        let store = try await Self.open(folder)
        let key = try await Self.populate(store, tag)
        let vault = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder.path))
        try await vault.add(name: "cred-\(tag)", provider: "provider-\(tag)", secret: { var b = Array("s3cret".utf8); return SecretBytes(consuming: &b) }())

        let directory = try await store.directory()
        #expect(directory.orgs.map(\.name) == ["org-\(tag)"] && directory.orgs[0].displayName == "Org \(tag)")
        #expect(directory.teams.map(\.org) == ["org-\(tag)"])
        #expect(directory.users.map(\.name) == ["other-\(tag)", "user-\(tag)"] && directory.users[1].team == "team-\(tag)")
        #expect(directory.grants.map(\.scopeID) == ["org-\(tag)"] && directory.grants[0].role == "member")
        #expect(directory.policies.first?.document.contains("model-\(tag)") == true)
        let keys = try await store.accessKeys()
        #expect(keys.map(\.id) == [key.id] && keys[0].user == "user-\(tag)")
        let balances = try await store.ledgerBalances()
        #expect(balances.map(\.scope) == ["user:user-\(tag)"] && balances[0].spentMicros == 7)
        #expect(try await vault.list().map(\.provider) == ["provider-\(tag)"])
        #expect(try await vault.secret(name: "cred-\(tag)").text() == "s3cret", "the envelope still binds name and provider")

        // Lookups by name still work through the blind indexes.
        try await store.updateUser(name: "other-\(tag)", team: "team-\(tag)")
        try await store.updateTeam(name: "team-\(tag)", displayName: "T")
        #expect(try await store.directory().users.allSatisfy { $0.team == "team-\(tag)" })
        await #expect(throws: StoreError.self) { try await store.createOrg(name: "org-\(tag)", displayName: nil) }
        try await store.revokeAccessKey(id: key.id)
        #expect(try await store.accessKeys()[0].revokedAt != nil)

        let wal = try #require(WriteAheadLog.bytes(ofDatabase: folder.file("srooter.db")), "no WAL to scan while the store is open")
        let bytes = String(decoding: folder.read("srooter.db") + Array(wal), as: UTF8.self)
        #expect(!bytes.contains(tag), "a name is stored in the clear")
        #expect(!bytes.contains(key.id), "the key id is stored in the clear")
        #expect(!bytes.contains("member") && !bytes.contains("provider-"))

        // Deleting by name cascades through the indexes.
        try await store.deleteOrg(name: "org-\(tag)")
        let emptied = try await store.directory()
        #expect(emptied.orgs.isEmpty && emptied.teams.isEmpty && emptied.users.isEmpty && emptied.grants.isEmpty)
    }

    @Test func deletingAUserRevokesTheirKeysThroughTheIndex() async throws {
        let folder = TemporaryDirectory()
        let store = try await Self.open(folder)
        _ = try await Self.populate(store, "d")
        let other = try await store.createAccessKey(user: "other-d", team: nil).key
        try await store.deleteUser(name: "user-d")
        let keys = try await store.accessKeys()
        #expect(keys.filter { $0.user == "user-d" }.allSatisfy { $0.revokedAt != nil })
        #expect(keys.first { $0.id == other.id }?.revokedAt == nil, "another user's key stays active")
        #expect(try await store.directory().users.map(\.name) == ["other-d"])
    }

    @Test func aSealedBlobCopiedToAnotherRowDoesNotOpen() async throws {
        let folder = TemporaryDirectory()
        let store = try await Self.open(folder)
        _ = try await Self.populate(store, "a")
        _ = try await store.createAccessKey(user: "user-b", team: nil)
        try await store.createOrg(name: "org-b", displayName: nil)
        try store.performBlocking { connection throws(StoreError) in
            try connection.execute("UPDATE access_keys SET sealed = (SELECT sealed FROM access_keys ORDER BY rowid LIMIT 1)")
            try connection.execute("UPDATE orgs SET sealed = (SELECT sealed FROM orgs ORDER BY rowid LIMIT 1)")
        }
        await #expect(throws: StoreError.self) { try await store.accessKeys() }
        await #expect(throws: StoreError.self) { try await store.directory() }
        // Across tables too: a user's blob in a team's row.
        let other = TemporaryDirectory()
        let second = try await Self.open(other)
        _ = try await Self.populate(second, "c")
        try second.performBlocking { connection throws(StoreError) in
            try connection.execute("UPDATE teams SET sealed = (SELECT sealed FROM users LIMIT 1)")
        }
        do {
            _ = try await second.directory()
            Issue.record("a moved blob opened")
        } catch {
            #expect(String(describing: error).contains("cannot be decrypted"), "\(error)")
        }
    }

    @Test func aWrongOrMissingMasterKeyFailsClearly() async throws {
        let folder = TemporaryDirectory()
        let store = try await Self.open(folder)
        _ = try await Self.populate(store, "k")

        let locked = try Store(path: folder.file("srooter.db"))
        do {
            _ = try await locked.accessKeys()
            Issue.record("read names without the master key")
        } catch {
            #expect(String(describing: error).contains("master key"), "\(error)")
        }
        let wrong = MasterKey.generate(source: MasterKeySource.variable).base64()
        await #expect(throws: VaultError.wrongMasterKey(source: MasterKeySource.variable)) {
            try await Vault.open(store: locked, source: MasterKeySource(environment: [MasterKeySource.variable: wrong], keyFile: nil, dataFolder: folder.path))
        }
        #expect(!locked.isUnlocked, "a wrong key attaches nothing")
        try FileManager.default.removeItem(atPath: folder.file("master.key"))
        await #expect(throws: VaultError.missingMasterKey(expected: folder.file("master.key"))) {
            try await Vault.open(store: locked, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder.path))
        }
    }

    @Test func aDatabaseWithPlainTextTablesIsRefused() async throws {
        let folder = TemporaryDirectory()
        let legacy = try SQLiteConnection(path: folder.file("srooter.db"))
        try legacy.execute("CREATE TABLE access_keys (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, user TEXT NOT NULL, team TEXT, created_at TEXT NOT NULL, revoked_at TEXT)")
        do {
            _ = try Store(path: folder.file("srooter.db"))
            Issue.record("opened a plain-text layout")
        } catch {
            guard case .legacyLayout(_, let table) = error else { Issue.record("\(error)"); return }
            #expect(table == "access_keys" && error.description.contains("move"))
        }
    }
}
