import Foundation
import Synchronization
import SrooterAudit
import SrooterTestSupport
import SrooterVault
import Testing
@testable import SrooterStore

/// The write-ahead log starts again from its beginning while records are committed one at a time
/// without pause: from the background checkpointer (as under `serve`), and from the writer's own
/// backstop when nothing else checkpoints (as when a busy machine starves the background one).
///
/// A log that started again says so in its header (SQLite's file format, "WAL File Format"): the
/// checkpoint sequence number at byte 12 counts the restarts, read here from the file itself.
@Suite struct WALBoundTests {
    /// Every commit adds about 6 KB of log: 3,000 of them leave 18 MB when it never starts again.
    @Test func theBackgroundCheckpointerStartsTheLogAgainUnderSteadyWrites() async throws {
        let setup = try await WALSetup()
        // No backstop within reach: only the background checkpointer can start the log again.
        try setup.store.deferAutomaticCheckpoints(untilBytes: 1 << 40)
        let limit = 1 << 20
        let checkpointer = try WALCheckpointer(path: setup.path, restartAbove: limit)

        // Both on threads of their own, as the writer and the checkpointer are under `serve` (and
        // so that a busy cooperative pool in a full test run cannot starve one of them). The log
        // starts again at the first commit after a checkpoint that caught up, and how soon the
        // checkpointer (at nice 19) gets the CPU depends on the load of the machine: the writer
        // goes on until the header shows a restart, or 20,000 commits (120 MB of log without one).
        let cap = 20_000
        let (log, store, path) = (setup.log, setup.store, setup.path)
        let writing = WritingFlag()
        let restarts = WritingFlag()
        let finished = DispatchGroup()
        finished.enter()
        Thread {
            var n = 0
            while n < cap, n % 100 != 0 || WALSetup.restarts(inLogOf: path) == 0 {
                n += 1
                try? log.appendBlocking([AuditFixtures.record(n)])
            }
            writing.count.store(n, ordering: .relaxed)
            writing.value.store(false, ordering: .releasing)
            finished.leave()
        }.start()
        finished.enter()
        Thread {
            while writing.value.load(ordering: .acquiring) {
                if checkpointer.checkpointBlocking() {
                    store.catchUpLogBlocking()
                    restarts.count.add(1, ordering: .relaxed)
                }
                usleep(5000)
            }
            finished.leave()
        }.start()
        await OwnThread.run { finished.wait() }
        let written = writing.count.load(ordering: .relaxed)
        #expect(restarts.count.load(ordering: .relaxed) > 0)
        #expect(try setup.restartsInHeader() > 0, "the log never started again in \(written) single-record commits")
        #expect(try await setup.log.verify(trustedKey: setup.signer.publicKey).records == written)
    }

    /// With no background checkpointer at all, the commit that crosses the backstop checkpoints on
    /// the writer's own connection, and the log stays within it and a commit.
    @Test func theBackstopBoundsTheLogWhenNothingElseCheckpoints() async throws {
        let setup = try await WALSetup()
        let backstop = 1 << 20
        try setup.store.deferAutomaticCheckpoints(untilBytes: backstop)
        let records = 1500  // 8.9 MB of log without the backstop
        let log = setup.log
        try await OwnThread.run { for n in 1...records { try log.appendBlocking([AuditFixtures.record(n)]) } }
        #expect(try setup.restartsInHeader() > 0)
        #expect(setup.walBytes() <= 2 * backstop, "the log is \(setup.walBytes()) bytes after \(records) single-record commits")
        #expect(try await setup.log.verify(trustedKey: setup.signer.publicKey).records == records)
    }
}

extension WALBoundTests {
    /// `serve`'s backstop: twice the 64 MiB `journal_size_limit`, in pages of SQLite's default
    /// 4,096 bytes (134,217,728 / 4,096), read back from the connection.
    @Test func theDefaultBackstopIs128MiBOfLog() async throws {
        let setup = try await WALSetup()
        try setup.store.deferAutomaticCheckpoints()
        let pages = try setup.store.performBlocking { connection throws(StoreError) in
            let statement = try connection.prepare("PRAGMA wal_autocheckpoint")
            return try statement.step() ? statement.int(0) : nil
        }
        #expect(pages == 32_768)
    }
}

/// A store, vault and audit log in a folder of their own, with the log's file read directly.
private struct WALSetup {
    let folder = TemporaryDirectory()
    let path: String
    let store: Store
    let signer: AuditSigningKey
    let log: AuditLog

    init() async throws {
        path = folder.file("srooter.db")
        store = try Store(path: path)
        let vault = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder.path))
        signer = try AuditSigningKey.loadOrCreate(path: AuditSigningKey.defaultPath(dataFolder: folder.path))
        log = AuditLog(
            store: store, vault: vault, signer: signer,
            settings: AuditSettings(checkpointEveryRecords: 1_000_000, checkpointEverySeconds: 3600, retentionDays: nil))
    }

    func walBytes() -> Int { ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size]) as? Int) ?? 0 }

    /// The log header's checkpoint sequence number (big-endian, bytes 12–15).
    func restartsInHeader() throws -> UInt32 {
        try #require(FileManager.default.fileExists(atPath: path + "-wal"), "no log to read")
        return Self.restarts(inLogOf: path)
    }

    /// The same number, 0 while there is no log header to read (for the writer thread's loop).
    static func restarts(inLogOf path: String) -> UInt32 {
        guard let header = FileHandle(forReadingAtPath: path + "-wal")?.readData(ofLength: 32), header.count == 32 else { return 0 }
        return header[12..<16].reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// A flag and a count the test's threads share: whether the writer is still writing and how many
/// records it wrote, or how many checkpoints asked the writer to catch up.
private final class WritingFlag: Sendable {
    let value = Atomic<Bool>(true)
    let count = Atomic<Int>(0)
}
