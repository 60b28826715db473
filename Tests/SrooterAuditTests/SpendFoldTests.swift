import Foundation
import SrooterAudit
@testable import SrooterStore
import SrooterTestSupport
import SrooterVault
import Testing

/// Budget spend is committed on the audit rows that settled it and folded into `budget_spend`
/// by the WAL checkpointer about once a second: the spend read back is exact before a fold, after
/// one, and after a process that never folded its last charges is gone.
@Suite struct SpendFoldTests {
    struct Setup {
        let folder: TemporaryDirectory
        let store: Store
        let log: AuditLog

        init(folder: TemporaryDirectory = TemporaryDirectory()) async throws {
            self.folder = folder
            store = try Store(path: folder.file("srooter.db"))
            let vault = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder.path))
            let signer = try AuditSigningKey.loadOrCreate(path: AuditSigningKey.defaultPath(dataFolder: folder.path))
            log = AuditLog(store: store, vault: vault, signer: signer, settings: AuditSettings(checkpointEveryRecords: 100, checkpointEverySeconds: 60))
        }

        /// `budget_spend` as stored (scopes are blind indexes): total micro-dollars, the fold mark
        /// and the newest row, read on the store's own connection. (Not with the `sqlite3` CLI: a
        /// second process that closes the file while this one has it open was seen to read a stale
        /// log in a full parallel run.)
        func stored() throws -> (total: Int, mark: Int, newest: Int) {
            try store.performBlocking { connection throws(StoreError) in
                let statement = try connection.prepare(
                    "SELECT (SELECT IFNULL(SUM(spent_micros), 0) FROM budget_spend), (SELECT IFNULL(seq, -1) FROM budget_spend_folded), (SELECT IFNULL(MAX(seq), 0) FROM audit_chain)")
                guard try statement.step() else { throw StoreError.query(path: connection.path, reason: "no row") }
                return (statement.int(0) ?? -1, statement.int(1) ?? -1, statement.int(2) ?? -1)
            }
        }

        func spent(_ scope: String, _ period: String) async throws -> Int? {
            try await store.ledgerBalances().first { $0.scope == scope && $0.periodKey == period }?.spentMicros
        }
    }

    private static let day = "day:2026-11-30"

    private func spend(_ micros: Int, user: String = "ada") -> [SpendEntry] {
        [SpendEntry(scope: "user:\(user)", periodKey: Self.day, micros: micros), SpendEntry(scope: "team:platform", periodKey: "month:2026-11", micros: micros)]
    }

    @Test func spendIsExactBeforeAndAfterAFold() async throws {
        let setup = try await Setup()
        // Appends only put the charges on their batch's last row.
        try await setup.log.append([AuditFixtures.record(1)], spend: spend(5))
        try await setup.log.append([AuditFixtures.record(2), AuditFixtures.record(3)], spend: spend(7))
        try await setup.log.append([AuditFixtures.record(4)], spend: spend(11, user: "bob"))
        let before = try setup.stored()
        #expect(before.total == 0 && before.mark == 0 && before.newest == 4, "\(before)")
        #expect(try await setup.spent("user:ada", Self.day) == 12)
        #expect(try await setup.spent("user:bob", Self.day) == 11)
        #expect(try await setup.spent("team:platform", "month:2026-11") == 23)

        // As under `serve`: the checkpointer sums on its own connection, the store adds.
        let checkpointer = try WALCheckpointer(path: setup.folder.file("srooter.db"))
        func fold() async throws {
            if let pending = await checkpointer.unfoldedSpend() { try await setup.store.foldSpend(pending) }
        }
        try await fold()
        let after = try setup.stored()
        #expect(after.total == 2 * 23 && after.mark == 4, "\(after)")
        #expect(try await setup.spent("user:ada", Self.day) == 12)
        #expect(try await setup.spent("team:platform", "month:2026-11") == 23)
        #expect(await checkpointer.unfoldedSpend() == nil)  // nothing new: nothing to add twice
        try await fold()
        #expect(try setup.stored().total == 2 * 23)

        try await setup.log.append([AuditFixtures.record(5)], spend: spend(100))
        try await setup.log.append([AuditFixtures.record(6)])  // no spend: no charges
        try await fold()
        let later = try setup.stored()
        #expect(later.total == 2 * 123 && later.mark == 6, "\(later)")
        #expect(try await setup.spent("team:platform", "month:2026-11") == 123)
    }

    @Test("the checkpointer reads each row once: a second sum before a fold adds only the rows after the first")
    func sumsContinueWithoutCountingTwice() async throws {
        let setup = try await Setup()
        let checkpointer = try WALCheckpointer(path: setup.folder.file("srooter.db"))
        try await setup.log.append([AuditFixtures.record(1)], spend: spend(5))
        let first = try #require(await checkpointer.unfoldedSpend())
        #expect(first.totals.values.reduce(0, +) == 2 * 5 && first.head == 1)
        try await setup.log.append([AuditFixtures.record(2)], spend: spend(7))
        try await setup.log.append([AuditFixtures.record(3)])
        let second = try #require(await checkpointer.unfoldedSpend())
        #expect(second.totals.values.reduce(0, +) == 2 * 12 && second.head == 3 && second.mark == 0)
        try await setup.store.foldSpend(second)
        #expect(try setup.stored().total == 2 * 12)
        #expect(await checkpointer.unfoldedSpend() == nil)
        try await setup.log.append([AuditFixtures.record(4)], spend: spend(1))
        let third = try #require(await checkpointer.unfoldedSpend())
        #expect(third.totals.values.reduce(0, +) == 2 && third.mark == 3)
    }

    @Test func chargesNotFoldedSurviveTheProcess() async throws {
        let folder = TemporaryDirectory()
        do {
            let setup = try await Setup(folder: folder)
            for n in 1...20 { try await setup.log.append([AuditFixtures.record(n)], spend: spend(n)) }
            #expect(try setup.stored().total == 0)  // gone before any fold
        }
        let reopened = try await Setup(folder: folder)
        #expect(try await reopened.spent("user:ada", Self.day) == 210)
        try await reopened.log.append([AuditFixtures.record(21)], spend: spend(21))
        try reopened.store.foldSpendNow()
        let stored = try reopened.stored()
        #expect(stored.total == 2 * 231 && stored.mark == 21, "\(stored)")
        #expect(try await reopened.spent("team:platform", "month:2026-11") == 231)
    }

    @Test func aRemovedMarkStartsAgainWithoutCountingTwice() async throws {
        let setup = try await Setup()
        try await setup.log.append([AuditFixtures.record(1)], spend: spend(5))
        try setup.store.foldSpendNow()
        try setup.store.performBlocking { connection throws(StoreError) in try connection.execute("DELETE FROM budget_spend_folded") }
        #expect(try await setup.spent("user:ada", Self.day) == 5)
        try setup.store.foldSpendNow()  // puts the mark back at the newest row
        try await setup.log.append([AuditFixtures.record(2)], spend: spend(7))
        #expect(try await setup.spent("user:ada", Self.day) == 12)
        try setup.store.foldSpendNow()
        #expect(try await setup.spent("user:ada", Self.day) == 12)
        #expect(try setup.stored().total == 2 * 12)
    }
}
