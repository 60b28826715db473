import SrooterStore
import SrooterTestSupport
import SrooterVault
import Testing
@testable import SrooterGateway

/// Admin errors take their HTTP status from the store error's case, not its text: a real store
/// refusing a duplicate and a dangling reference.
@Suite struct AdminErrorStatusTests {
    @Test func storeFailuresMapByCase() async throws {
        let folder = TemporaryDirectory()
        let store = try Store(path: folder.file("srooter.db"))
        _ = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder.path))
        try await store.createOrg(name: "acme", displayName: nil)

        let duplicate = await #expect(throws: StoreError.self) { try await store.createOrg(name: "acme", displayName: nil) }
        let conflict = AdminError.store(try #require(duplicate))
        #expect(conflict.status == 409 && conflict.message == "already exists")

        let dangling = await #expect(throws: StoreError.self) { try await store.createTeam(name: "red", org: "nonesuch", displayName: nil) }
        let missing = AdminError.store(try #require(dangling))
        #expect(missing.status == 400 && missing.message == "refers to an org, team or user that does not exist")

        // A row that does not exist is 403, like one the caller may not touch: the API does not reveal what exists.
        let absent = await #expect(throws: StoreError.self) { try await store.revokeAccessKey(id: "0123456789ab") }
        let hidden = AdminError.store(try #require(absent))
        #expect(hidden.status == 403 && hidden.message == "not permitted on this target")
    }
}
