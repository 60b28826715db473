import Foundation
@testable import SrooterGateway
import SrooterTestSupport
import Synchronization
import Testing
@testable import SrooterStore

/// The gateway, policy and audit modules reach storage through the repository protocols
/// (`AccessKeyRepository`, `DirectoryRepository`, `PolicyRepository`, `BudgetRepository`,
/// `AuditChainRepository`), so another database can stand behind them; only the files that open
/// the SQLite database (or maintain its WAL) name `Store`.
@Suite struct RepositoryBoundaryTests {
    /// Where `Store` may be named, and why.
    static let storeAllowed: Set<String> = [
        "SrooterGateway/Server/GatewayServer.swift",  // opens the database at startup
        "SrooterGateway/Server/GatewaySecurity.swift",  // opens the vault on it at startup
        "SrooterGateway/Server/DatabaseCheckpoints.swift",  // SQLite WAL checkpoints and the spend fold
        "SrooterAudit/AuditLog+Reading.swift",  // opens the database for the CLI's readers
    ]

    @Test func onlyTheFilesThatOpenTheDatabaseNameStore() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources").standardized
        var offences: [String] = []
        var scanned = 0
        for module in ["SrooterGateway", "SrooterPolicy", "SrooterAudit"] {
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
    @Test func theStoreHasOneNamePerOperation() throws {
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
            id: "0123456789ab", sha256: try IndependentDigest.sha256Hex(secret), user: "ada", team: "platform",
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
