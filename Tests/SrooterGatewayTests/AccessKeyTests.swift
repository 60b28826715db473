import HTTPTypes
import SrooterEncoding
import SrooterStore
import SrooterTestSupport
import SrooterVault
import Testing
@testable import SrooterGateway

@Suite struct AccessKeyTests {
    @Test func keysAreStoredAsSHA256Only() async throws {
        let folder = TemporaryDirectory()
        let store = try Store(path: folder.file("srooter.db"))
        await #expect(throws: StoreError.self, "names are sealed: no key without the vault") { try await store.createAccessKey(user: "ada", team: nil) }
        _ = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder.path))
        let (key, secret) = try await store.createAccessKey(user: "ada-canary-user", team: "canary-team")
        #expect(secret.hasPrefix("sk-srt-\(key.id)_"))
        #expect(key.sha256 == Hex.encode(AccessKeyFormat.digest(secret)))
        let wal = try #require(WriteAheadLog.bytes(ofDatabase: folder.file("srooter.db")), "no WAL to scan while the store is open")
        let bytes = String(decoding: folder.read("srooter.db") + Array(wal), as: UTF8.self)
        #expect(!bytes.contains(String(secret.split(separator: "_")[1])), "the secret part is never stored")
        #expect(!bytes.contains("canary") && !bytes.contains(key.id), "user, team and key id are sealed")

        let ring = KeyRing(store: store)
        try await ring.reload()
        #expect(ring.principal(for: secret) == Principal(keyID: key.id, user: "ada-canary-user", team: "canary-team"))
        var forged = Array(secret.utf8)
        forged[forged.count - 1] = forged.last == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        #expect(ring.principal(for: String(decoding: forged, as: UTF8.self)) == nil)
        #expect(ring.principal(for: "sk-srt-nope") == nil)

        try await store.revokeAccessKey(id: key.id)
        try await ring.reload()
        #expect(ring.principal(for: secret) == nil)
        await #expect(throws: StoreError.self) { try await store.revokeAccessKey(id: key.id) }
    }

    @Test func constantTimeCompare() {
        #expect(AccessKeyFormat.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!AccessKeyFormat.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!AccessKeyFormat.constantTimeEqual([1, 2], [1, 2, 3]))
    }

    @Test func whereKeysAreRead() {
        let key = "sk-srt-0123456789ab_00"
        var fields = HTTPFields()
        fields[.authorization] = "Bearer sk-ant-oat01-xyz"
        fields[HTTPField.Name("x-srooter-key")!] = key
        let passthrough = PresentedCredentials(headers: fields)
        #expect(passthrough.srooterKey == key)
        guard case .bearer("sk-ant-oat01-xyz")? = passthrough.clientCredential else { Issue.record("bearer not kept"); return }

        var apiKey = HTTPFields()
        apiKey[HTTPField.Name("x-api-key")!] = key
        #expect(PresentedCredentials(headers: apiKey).srooterKey == key)
        #expect(PresentedCredentials(headers: apiKey).clientCredential == nil)

        // The scheme in any case, spaces around the key; another scheme is not a bearer.
        for scheme in ["bearer", "BEARER", "BeArEr"] {
            #expect(PresentedCredentials(headers: [.authorization: "\(scheme)  \(key) "]).srooterKey == key)
        }
        #expect(PresentedCredentials(headers: [.authorization: "Basic \(key)"]).srooterKey == nil)
        #expect(PresentedCredentials(headers: [.authorization: "Bear"]).srooterKey == nil)

        // A repeated credential header is joined, as HTTPFields does, and so matches no key.
        var twice = HTTPFields()
        twice.append(HTTPField(name: .authorization, value: "Bearer \(key)"))
        twice.append(HTTPField(name: .authorization, value: "Bearer sk-srt-other_00"))
        #expect(PresentedCredentials(headers: twice).srooterKey == "\(key), Bearer sk-srt-other_00")
    }

    @Test func redaction() {
        #expect(RedactingLogHandler.redact("key sk-srt-0123_abcdef and sk-ant-oat01-Z9, done") == "key sk-[redacted] and sk-[redacted], done")
    }
}
