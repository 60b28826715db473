import SrooterAudit
import SrooterStore
import SrooterTestSupport
import Testing

/// Every kind of edit to a 10,000-record chain is detected, at the right record id.
@Suite struct TamperMatrixTests {
    static let signer = AuditSigningKey.generate()
    static let fixture = AuditFixtures.chain(count: 10_000, every: 1000, signer: signer)
    static var key: String { signer.publicKey }

    /// Positions: the first record, one in the middle, one right after a checkpoint, the last.
    static let positions = [1, 4321, 7001, 10_000]

    @Test func untouchedChainVerifies() {
        let report = AuditFixtures.verify(Self.fixture.records, Self.fixture.checkpoints, trustedKey: Self.key)
        #expect(report.ok, "\(report.problems)")
        #expect(report.records == 10_000)
        #expect(report.checkpoints == 10)
        #expect(report.lastCheckpoint?.seq == 10_000)
        #expect(report.unsignedTail == 0)
    }

    @Test(arguments: positions) func editIsDetected(at seq: Int) {
        var records = Self.fixture.records
        records[seq - 1].record.inputTokens += 1
        let report = AuditFixtures.verify(records, Self.fixture.checkpoints, trustedKey: Self.key)
        #expect(report.problems.first == .altered(seq: seq, expected: Self.fixture.records[seq - 1].hash, found: records[seq - 1].computedHash))
    }

    /// One vector from outside the code: the first record's stored hash and the hash its edited
    /// content gives are SHA-256 (by `sha256sum`) of canonical text written out in the test.
    @Test func anEditOfTheFirstRecordReportsIndependentlyComputedHashes() async throws {
        var records = Self.fixture.records
        records[0].record.inputTokens += 1
        let report = AuditFixtures.verify(records, Self.fixture.checkpoints, trustedKey: Self.key)
        let stored = try await IndependentDigest.sha256Hex(CanonicalTextVectors.record1())
        let edited = try await IndependentDigest.sha256Hex(CanonicalTextVectors.record1(inputTokens: 4))
        #expect(report.problems.first == .altered(seq: 1, expected: stored, found: edited), "\(report.problems.prefix(2))")
    }

    @Test(arguments: positions.filter { $0 < 10_000 }) func editWithRecomputedHashBreaksTheNextLink(at seq: Int) {
        var records = Self.fixture.records
        records[seq - 1].record.user = "mallory"
        records[seq - 1].hash = records[seq - 1].computedHash
        let report = AuditFixtures.verify(records, Self.fixture.checkpoints, trustedKey: Self.key)
        #expect(report.problems.first?.seq == (seq % 1000 == 0 ? seq : seq + 1))
        #expect(!report.ok)
    }

    @Test(arguments: positions) func rewritingTheRestOfTheChainIsCaughtByTheNextCheckpoint(at seq: Int) {
        var records = Self.fixture.records
        records[seq - 1].record.costUSD = 0
        var prev = records[seq - 1].prevHash
        for index in (seq - 1)..<records.count {
            records[index] = ChainedRecord.chain(records[index].record, seq: records[index].seq, prevHash: prev)
            prev = records[index].hash
        }
        let report = AuditFixtures.verify(records, Self.fixture.checkpoints, trustedKey: Self.key)
        let covering = (seq + 999) / 1000 * 1000
        guard case .checkpointMismatch(let at, _, _)? = report.problems.first else {
            Issue.record("expected a checkpoint mismatch, got \(report.problems)")
            return
        }
        #expect(at == covering)
    }

    @Test(arguments: positions) func deletionIsDetected(at seq: Int) {
        var records = Self.fixture.records
        records.remove(at: seq - 1)
        let report = AuditFixtures.verify(records, Self.fixture.checkpoints, trustedKey: Self.key)
        if seq == 10_000 {
            #expect(report.problems.first == .truncated(checkpoint: 10_000, lastRecord: 9_999))
        } else {
            #expect(report.problems.first == .gap(expected: seq, found: seq + 1))
        }
    }

    @Test(arguments: positions.filter { $0 < 10_000 }) func reorderingIsDetected(at seq: Int) {
        var records = Self.fixture.records
        records.swapAt(seq - 1, seq)
        let report = AuditFixtures.verify(records, Self.fixture.checkpoints, trustedKey: Self.key)
        #expect(report.problems.first?.seq == seq, "\(report.problems.prefix(2))")
        #expect(!report.ok)
    }

    @Test(arguments: positions) func insertionIsDetected(at seq: Int) {
        var records = Self.fixture.records
        // A well-formed record claiming the next id, chained after record `seq`.
        let forged = ChainedRecord.chain(AuditFixtures.record(99_999), seq: seq + 1, prevHash: records[seq - 1].hash)
        records.insert(forged, at: seq)
        let report = AuditFixtures.verify(records, Self.fixture.checkpoints, trustedKey: Self.key)
        if seq == 10_000 {
            // Appended after the last checkpoint: consistent, but reported as unsigned.
            #expect(report.ok)
            #expect(report.unsignedTail == 1)
        } else if seq % 1000 == 0 {
            #expect(report.problems.first?.seq == seq + 1)
        } else {
            #expect(report.problems.first == .outOfOrder(seq: seq + 1, after: seq + 1))
        }
    }

    @Test func tailTruncationUpToTheLastCheckpointIsDetected() {
        let records = Array(Self.fixture.records.prefix(9_500))
        let report = AuditFixtures.verify(records, Self.fixture.checkpoints, trustedKey: Self.key)
        #expect(report.problems == [.truncated(checkpoint: 10_000, lastRecord: 9_500)])
    }

    @Test func truncatingRecordsAndTheirCheckpointsIsVisibleOnlyAsAnOlderHead() {
        let records = Array(Self.fixture.records.prefix(9_500))
        let checkpoints = Array(Self.fixture.checkpoints.prefix(9))
        let report = AuditFixtures.verify(records, checkpoints, trustedKey: Self.key)
        #expect(report.ok)
        #expect(report.lastCheckpoint?.seq == 9_000)
        #expect(report.unsignedTail == 500)
    }

    @Test func deletingACheckpointIsDetected() {
        var checkpoints = Self.fixture.checkpoints
        checkpoints.remove(at: 4)
        let report = AuditFixtures.verify(Self.fixture.records, checkpoints, trustedKey: Self.key)
        #expect(report.problems.first == .checkpointGap(seq: 6_000, expectedPrevious: 4_000, foundPrevious: 5_000))
    }

    @Test func aCheckpointSignedByAnotherKeyIsRejected() {
        var checkpoints = Self.fixture.checkpoints
        let other = AuditSigningKey.generate()
        checkpoints[2] = other.checkpoint(seq: 3_000, head: checkpoints[2].head, previousSeq: 2_000, timestamp: checkpoints[2].timestamp)
        let report = AuditFixtures.verify(Self.fixture.records, checkpoints, trustedKey: Self.key)
        #expect(report.problems.first == .untrustedKey(seq: 3_000, key: other.publicKey))
    }

    @Test func aForgedSignatureIsRejected() {
        var checkpoints = Self.fixture.checkpoints
        checkpoints[7].head = Self.fixture.records[7_998].hash
        let report = AuditFixtures.verify(Self.fixture.records, checkpoints, trustedKey: Self.key)
        #expect(report.problems.first == .badSignature(seq: 8_000))
    }

    @Test func aPrunedChainVerifiesFromItsAnchor() {
        let records = Array(Self.fixture.records.dropFirst(3_000))
        let checkpoints = Array(Self.fixture.checkpoints.dropFirst(2))
        let report = AuditFixtures.verify(records, checkpoints, trustedKey: Self.key)
        #expect(report.ok, "\(report.problems)")
        #expect(report.firstSeq == 3_001)
    }
}
