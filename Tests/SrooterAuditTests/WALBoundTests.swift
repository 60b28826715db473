import Foundation
import Synchronization
import SrooterAudit
import SrooterTestSupport
import SrooterVault
import Testing
@testable import SrooterStore

/// The write-ahead log stays bounded while records are committed one at a time without pause and
/// checkpoints run from another connection, as under `serve`.
@Suite struct WALBoundTests {
    @Test func theLogStartsAgainUnderSteadyWrites() async throws {
        let folder = TemporaryDirectory()
        let path = folder.file("srooter.db")
        let store = try Store(path: path)
        try store.disableAutomaticCheckpoints()
        let vault = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder.path))
        let signer = try AuditSigningKey.loadOrCreate(path: AuditSigningKey.defaultPath(dataFolder: folder.path))
        let log = AuditLog(
            store: store, vault: vault, signer: signer,
            settings: AuditSettings(checkpointEveryRecords: 1_000_000, checkpointEverySeconds: 3600, retentionDays: nil))
        let limit = 1 << 20
        let checkpointer = try WALCheckpointer(path: path, restartAbove: limit)

        func walBytes() -> Int { ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size]) as? Int) ?? 0 }

        // Both on threads of their own, as the writer and the checkpointer are under `serve` (and
        // so that a busy cooperative pool in a full test run cannot starve one of them).
        let records = 3000
        let writing = WritingFlag()
        let restarts = WritingFlag()
        let finished = DispatchGroup()
        finished.enter()
        Thread {
            for n in 1...records { try? log.appendBlocking([AuditFixtures.record(n)]) }
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
        let restartCount = restarts.count.load(ordering: .relaxed)
        // Every commit adds about 12 KiB: 3000 of them leave a 36 MiB log when it never starts again.
        #expect(restartCount > 0)
        #expect(walBytes() <= 8 * limit, "the log is \(walBytes()) bytes after \(records) single-record commits")
        #expect(try await log.verify(trustedKey: signer.publicKey).records == records)
    }
}

/// Whether the writer thread is still writing, and how many checkpoints started the log again.
private final class WritingFlag: Sendable {
    let value = Atomic<Bool>(true)
    let count = Atomic<Int>(0)
}
