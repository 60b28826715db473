import Foundation
import SrooterAudit
import SrooterStore
import SrooterTestSupport
import SrooterVault
import Testing

/// The audit log over a real database: chained, sealed, checkpointed, exported, pruned.
@Suite struct AuditLogTests {
    struct Setup {
        let folder = TemporaryDirectory()
        let log: AuditLog

        init(every: Int = 100, retentionDays: Int? = nil) async throws {
            let store = try Store(path: folder.file("srooter.db"))
            let vault = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder.path))
            let signer = try AuditSigningKey.loadOrCreate(path: AuditSigningKey.defaultPath(dataFolder: folder.path))
            log = AuditLog(
                store: store, vault: vault, signer: signer,
                settings: AuditSettings(checkpointEveryRecords: every, checkpointEverySeconds: 60, retentionDays: retentionDays))
        }

        func sqlite(_ sql: String) async throws {
            let result = try await CommandRunner.run("sqlite3", [folder.file("srooter.db"), sql])
            #expect(result.status == 0, "\(result.stderr)")
        }
    }

    /// The audit table carries no secondary index (each cost every record two WAL frames on the
    /// request path); a database made by an older version loses them at start, and filters still work.
    @Test func olderIndexesAreDroppedAndFiltersStillWork() async throws {
        let folder = TemporaryDirectory()
        let path = folder.file("srooter.db")
        // The older version's table, with its two indexes, made before srooter opens the file.
        let older = try await CommandRunner.run("sqlite3", [path, """
            CREATE TABLE audit_chain (seq INTEGER PRIMARY KEY, version INTEGER NOT NULL, timestamp TEXT NOT NULL, user_index TEXT,
                sealed TEXT NOT NULL, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cache_read_tokens INTEGER NOT NULL,
                cache_write_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL, latency_ms REAL NOT NULL, first_byte_ms REAL,
                status INTEGER NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
            CREATE INDEX audit_chain_timestamp ON audit_chain(timestamp);
            CREATE INDEX audit_chain_user ON audit_chain(user_index);
            """])
        #expect(older.status == 0, "\(older.stderr)")
        let store = try Store(path: path)
        let vault = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder.path))
        let signer = try AuditSigningKey.loadOrCreate(path: AuditSigningKey.defaultPath(dataFolder: folder.path))
        let log = AuditLog(store: store, vault: vault, signer: signer, settings: AuditSettings(checkpointEveryRecords: 100, checkpointEverySeconds: 60))
        try await log.append((1...40).map { AuditFixtures.record($0) })
        let indexes = try await CommandRunner.run("sqlite3", [path, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_chain'"])
        #expect(indexes.status == 0 && indexes.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(indexes.stdout)")
        let user3 = try await log.records(after: 0, limit: 100, filter: log.filter(since: nil, until: nil, user: "user3")).map(\.record)
        #expect(user3 == (1...40).map { AuditFixtures.record($0) }.filter { $0.user == "user3" })
    }

    @Test func appendedRecordsVerifyAndReadBack() async throws {
        let setup = try await Setup()
        for batch in 0..<10 { try await setup.log.append((0..<55).map { AuditFixtures.record(batch * 55 + $0 + 1) }) }
        try setup.log.appendBlocking([], checkpoint: true)
        let report = try await setup.log.verify(trustedKey: setup.log.signer.publicKey)
        #expect(report.ok, "\(report.problems)")
        #expect(report.records == 550)
        #expect(report.lastCheckpoint?.seq == 550)
        let back = try await setup.log.records(after: 0, limit: 1000)
        #expect(back.map(\.record) == (1...550).map { AuditFixtures.record($0) })
        let keyMode = try FileManager.default.attributesOfItem(atPath: setup.folder.file("audit.key"))[.posixPermissions] as? Int
        #expect(keyMode == 0o600)
    }

    @Test(arguments: [
        ("UPDATE audit_chain SET input_tokens = input_tokens + 1 WHERE seq = 137", 137),
        ("DELETE FROM audit_chain WHERE seq = 222", 222),
        ("UPDATE audit_chain SET sealed = (SELECT sealed FROM audit_chain WHERE seq = 11) WHERE seq = 12", 12),
        ("UPDATE audit_chain SET seq = seq + 1000 WHERE seq = 300", 300),
    ])
    func tamperingInTheDatabaseIsDetected(sql: String, seq: Int) async throws {
        let setup = try await Setup()
        try await setup.log.append((1...400).map { AuditFixtures.record($0) })
        try await setup.sqlite(sql)
        let report = try await setup.log.verify(trustedKey: setup.log.signer.publicKey)
        #expect(report.problems.first?.seq == seq, "\(report.problems.prefix(3))")
    }

    @Test func deletingTheTailAfterACheckpointIsDetected() async throws {
        let setup = try await Setup()
        try await setup.log.append((1...400).map { AuditFixtures.record($0) })
        try await setup.sqlite("DELETE FROM audit_chain WHERE seq > 350")
        let report = try await setup.log.verify(trustedKey: setup.log.signer.publicKey)
        #expect(report.problems.first == .truncated(checkpoint: 400, lastRecord: 350))
    }

    @Test func exportsVerifyAndFilterByUser() async throws {
        let setup = try await Setup()
        for batch in 0..<7 { try await setup.log.append((1...100).map { AuditFixtures.record(batch * 100 + $0) }) }
        for (user, scope, expected) in [(nil as String?, ChainVerifier.Scope.complete, 700), ("user3", .subset, 100)] {
            let path = setup.folder.file("export-\(user ?? "all").jsonl")
            var text = ""
            let exporter = AuditExporter(log: setup.log, format: .jsonl, since: nil, until: nil, user: user)
            try await exporter.stream { text += $0 }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let result = try ExportVerification.verify(path: path, trustedKey: setup.log.signer.publicKey)
            #expect(result.report.ok, "\(result.report.problems)")
            #expect(result.scope == scope)
            #expect(result.report.records == expected)
            if let user { #expect(text.components(separatedBy: "\"user\":").dropFirst().allSatisfy { $0.hasPrefix("\"\(user)\"") }) }
            // An edited line is caught, with its record id.
            let edited = text.replacingOccurrences(of: "\"req_77\"", with: "\"req_78\"")
            try edited.write(toFile: path, atomically: true, encoding: .utf8)
            if user == nil {
                let tampered = try ExportVerification.verify(path: path, trustedKey: setup.log.signer.publicKey)
                #expect(tampered.report.problems.first?.seq == 77)
            }
        }
        let range = AuditExporter(log: setup.log, format: .csv, since: AuditFixtures.record(101).timestamp, until: AuditFixtures.record(201).timestamp, user: nil)
        var csv = ""
        try await range.stream { csv += $0 }
        #expect(csv.split(separator: "\r\n").filter { $0.hasPrefix("record,") }.count == 100)
        #expect(csv.contains("checkpoint,100,"))
        #expect(csv.contains("checkpoint,200,"))
    }

    @Test func pruningKeepsASignedAnchorAndTheChainVerifies() async throws {
        let setup = try await Setup(every: 100, retentionDays: 30)
        for batch in 0..<10 { try await setup.log.append((1...100).map { AuditFixtures.record(batch * 100 + $0) }) }
        // Records are 1 s apart from 1_790_000_001; cut at record 650: the newest checkpoint before is 600.
        let now = 1_790_000_650 + 30 * 86_400
        #expect(try await setup.log.prune(now: now) == 600)
        let report = try await setup.log.verify(trustedKey: setup.log.signer.publicKey)
        #expect(report.ok, "\(report.problems)")
        #expect(report.firstSeq == 601)
        try await setup.log.append([AuditFixtures.record(1001)])
        #expect(try await setup.log.verify(trustedKey: setup.log.signer.publicKey).ok)
        // Deleting the anchor is noticed.
        try await setup.sqlite("DELETE FROM audit_checkpoints WHERE seq = 600")
        #expect(try await setup.log.verify(trustedKey: setup.log.signer.publicKey).problems.first == .gap(expected: 1, found: 601))
    }

    @Test func theDatabaseAndItsWALHoldNoCanaryMetadata() async throws {
        let setup = try await Setup()
        let canaries = ["canary-user-7f3a", "canary-model-91bc", "canary-provider-55d0", "canary-key-0e1f", "c0ffee" + String(repeating: "42", count: 29)]
        let records = (1...500).map { index in
            var record = AuditFixtures.record(index, user: canaries[0], model: canaries[1])
            record.provider = canaries[2]
            record.keyID = canaries[3]
            record.promptSHA256 = canaries[4]
            return record
        }
        try await setup.log.append(records)
        // The log is still open, so its WAL holds the newest pages.
        let wal = try #require(WriteAheadLog.bytes(ofDatabase: setup.folder.file("srooter.db")), "no WAL to scan")
        for (name, bytes) in [("srooter.db", setup.folder.read("srooter.db")), ("srooter.db-wal", Array(wal))] {
            for canary in canaries {
                #expect(bytes.firstRange(of: Array(canary.utf8)) == nil, "\(name) holds \(canary)")
                #expect(bytes.firstRange(of: Array(canary.prefix(12).utf8)) == nil, "\(name) holds part of \(canary)")
            }
        }
        // The export is meant to show them, decrypted; search by user works through the blind index.
        var text = ""
        try await AuditExporter(log: setup.log, format: .jsonl, since: nil, until: nil, user: canaries[0]).stream { text += $0 }
        #expect(text.components(separatedBy: canaries[0]).count == 502)  // the header names the filter, then 500 records
    }
}
