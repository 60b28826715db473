import Foundation
import SrooterAudit
import SrooterStore
import SrooterTestSupport
import SrooterVault
import Testing

/// A store closes its database when its last reference goes, also after the hot paths' cached
/// statements ran: SQLite then folds the write-ahead log into the database and deletes it.
///
/// Before, a cached statement held its connection and the connection its cache, so no database
/// that had taken an audit record was ever closed: each leaked three descriptors, and every CLI
/// command that writes an admin record exited with its log unfolded.
@Suite struct DatabaseCloseTests {
    /// Descriptors of this process open on a path starting with `prefix` (read from /proc).
    static func openDescriptors(under prefix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)") }
            .filter { $0.hasPrefix(prefix) }
    }

    @Test func aReleasedStoreClosesItsDatabaseAfterAnAuditAppend() async throws {
        let folder = TemporaryDirectory()
        let path = folder.file("srooter.db")
        do {
            let store = try Store(path: path)
            let vault = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder.path))
            let signer = try AuditSigningKey.loadOrCreate(path: AuditSigningKey.defaultPath(dataFolder: folder.path))
            let log = AuditLog(
                store: store, vault: vault, signer: signer,
                settings: AuditSettings(checkpointEveryRecords: 100, checkpointEverySeconds: 60, retentionDays: nil))
            try await log.append([AuditFixtures.record(1)])
            try log.appendBlocking([AuditFixtures.record(2)], checkpoint: true)
            #expect(!Self.openDescriptors(under: path).isEmpty, "the store has its database open while in use")
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        }
        #expect(Self.openDescriptors(under: path).isEmpty, "the released store left its database open")
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "the write-ahead log was not folded in")
        // Read by Debian's sqlite3, not srooter: both records are in the database file itself.
        let count = try await CommandRunner.run("sqlite3", [path, "SELECT COUNT(*) FROM audit_chain"])
        #expect(count.status == 0 && count.stdout == "2\n", "\(count.stdout)\(count.stderr)")
    }
}

extension DatabaseCloseTests {
    /// A CLI command that writes an admin record (`access create`) exits with the database closed:
    /// no write-ahead log beside it, the key and its record in the file.
    @Test func theCLIExitsWithTheLogFoldedIn() async throws {
        let folder = TemporaryDirectory()
        let created = try await CommandRunner.srooter(["access", "create", "--user", "ada", "--database", folder.file("srooter.db")])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("srooter.db-wal")), "srooter exited with the log unfolded")
        let rows = try await CommandRunner.run("sqlite3", [folder.file("srooter.db"), "SELECT (SELECT COUNT(*) FROM access_keys) || ' ' || (SELECT COUNT(*) FROM audit_chain)"])
        #expect(rows.stdout == "1 1\n", "\(rows.stdout)\(rows.stderr)")
    }
}
