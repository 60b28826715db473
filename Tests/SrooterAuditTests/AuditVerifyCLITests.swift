import Foundation
import SrooterAudit
import SrooterTestSupport
import Testing

/// `srooter audit verify` as an auditor runs it: the real binary on a real database and on a
/// JSONL export. Exit 0 intact, 1 tampered (naming the record), 2 unusable input.
@Suite struct AuditVerifyCLITests {
    /// 400 records with a checkpoint every 100, written in process; `srooter` finds master.key
    /// and audit.key beside the database.
    static func populated() async throws -> AuditLogTests.Setup {
        let setup = try await AuditLogTests.Setup(every: 100)
        try await setup.log.append((1...400).map { AuditFixtures.record($0) })
        return setup
    }

    static func verify(_ setup: AuditLogTests.Setup, _ arguments: [String]) async throws -> CommandResult {
        try await CommandRunner.srooter(["audit", "verify"] + arguments + ["--config", setup.folder.file("none.yaml")])
    }

    static func verifyDatabase(_ setup: AuditLogTests.Setup) async throws -> CommandResult {
        try await verify(setup, ["--db", setup.folder.file("srooter.db")])
    }

    func expectTampered(_ result: CommandResult, _ needle: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "stdout: \(result.stdout) stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.hasPrefix("TAMPERED"), "\(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").first?.contains(needle) == true, "\(needle) not first in: \(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func aTamperedDatabaseRowExitsOneNamingItsRecord() async throws {
        let setup = try await Self.populated()
        let intact = try await Self.verifyDatabase(setup)
        #expect(intact.status == 0 && intact.stdout.hasPrefix("OK: 400 records"), "\(intact.stdout) \(intact.stderr)")
        try await setup.sqlite("UPDATE audit_chain SET input_tokens = input_tokens + 1 WHERE seq = 137")
        expectTampered(try await Self.verifyDatabase(setup), "record 137 was altered")
    }

    @Test func aTamperedExportLineExitsOneNamingItsRecord() async throws {
        let setup = try await Self.populated()
        let path = setup.folder.file("export.jsonl")
        let exported = try await CommandRunner.srooter(
            ["audit", "export", "--db", setup.folder.file("srooter.db"), "--config", setup.folder.file("none.yaml"), "--output", path])
        try #require(exported.status == 0, "\(exported.stderr)")
        let key = setup.log.signer.publicKey
        let intact = try await Self.verify(setup, [path, "--public-key", key])
        #expect(intact.status == 0 && intact.stdout.hasPrefix("OK: 400 records"), "\(intact.stdout) \(intact.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "\"req_77\"", with: "\"req_78\"")
        #expect(edited != text)
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        expectTampered(try await Self.verify(setup, [path, "--public-key", key]), "record 77 was altered")
    }

    @Test func deletingTheFirstRecordsOfANeverPrunedLogIsTampering() async throws {
        let setup = try await Self.populated()
        try await setup.sqlite("DELETE FROM audit_chain WHERE seq <= 5")
        expectTampered(try await Self.verifyDatabase(setup), "records 1 to 5 are missing")
    }

    @Test func garbageInputExitsTwo() async throws {
        let setup = try await AuditLogTests.Setup()
        let garbage = setup.folder.write("garbage.jsonl", "this is not an audit export\n{\"half\": \n")
        let result = try await Self.verify(setup, [garbage])
        #expect(result.status == 2, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains("line 1"), "\(result.stderr)")
        let missing = try await Self.verify(setup, [setup.folder.file("no-such.jsonl")])
        #expect(missing.status == 2 && missing.stderr.contains("no-such.jsonl"), "\(missing.stderr)")
    }
}
