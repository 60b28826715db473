import Logging
import SrooterAudit
import SrooterGateway
import Testing

/// The gateway's audit writer under concurrency: requests lead the group commits themselves.
@Suite struct AuditWriterTests {
    @Test func concurrentWritesAreEachCommittedOnceInOneChain() async throws {
        let setup = try await AuditLogTests.Setup()
        let writer = AuditWriter(log: setup.log, logger: Logger(label: "test"))
        await withTaskGroup(of: Void.self) { group in
            for index in 1...400 {
                group.addTask { await writer.write(AuditFixtures.record(index)) }
            }
        }
        // Every write returned only once committed: all 400 are there, each once, and chained.
        let back = try await setup.log.records(after: 0, limit: 1000).map(\.record)
        #expect(back.count == 400)
        #expect(Set(back.map(\.requestID)) == Set((1...400).map { AuditFixtures.record($0).requestID }))
        try setup.log.appendBlocking([], checkpoint: true)
        let report = try await setup.log.verify(trustedKey: setup.log.signer.publicKey)
        #expect(report.ok && report.records == 400, "\(report.problems)")
    }
}
