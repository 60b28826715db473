import SrooterStore
import SrooterTestSupport
import Testing
@testable import SrooterAudit

/// `audit verify FILE` reports exactly what the in-memory verifier reports for the same chain,
/// whether a line takes the fast path (canonical, hashed from its bytes) or the full parse.
@Suite struct ExportVerificationTests {
    static let signer = AuditSigningKey.generate()
    static let fixture = AuditFixtures.chain(count: 3_000, every: 1_000, signer: signer)
    static var key: String { signer.publicKey }

    /// The JSONL lines of an export of `records` and `checkpoints`, in export order.
    static func lines(_ records: [ChainedRecord], _ checkpoints: [CheckpointRow], scope: ChainVerifier.Scope = .complete) -> [String] {
        var out = [ExportFormat.jsonl.header(scope: scope, since: nil, until: nil, user: nil, publicKey: key)]
        var next = 0
        for entry in records {
            while next < checkpoints.count, checkpoints[next].seq < entry.seq { out.append(ExportFormat.jsonl.line(checkpoints[next])); next += 1 }
            out.append(ExportFormat.jsonl.line(entry))
            while next < checkpoints.count, checkpoints[next].seq == entry.seq { out.append(ExportFormat.jsonl.line(checkpoints[next])); next += 1 }
        }
        while next < checkpoints.count { out.append(ExportFormat.jsonl.line(checkpoints[next])); next += 1 }
        return out
    }

    static func verify(_ lines: [String], chunkSize: Int = ExportVerification.defaultChunkSize) throws -> ChainReport {
        let folder = TemporaryDirectory()
        let path = folder.write("export.jsonl", Array(lines.joined().utf8))
        return try ExportVerification.verify(path: path, trustedKey: key, chunkSize: chunkSize).report
    }

    static func expectSame(_ file: ChainReport, _ memory: ChainReport, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(file.records == memory.records, sourceLocation: sourceLocation)
        #expect(file.checkpoints == memory.checkpoints, sourceLocation: sourceLocation)
        #expect(file.firstSeq == memory.firstSeq && file.lastSeq == memory.lastSeq, sourceLocation: sourceLocation)
        #expect(file.lastCheckpoint == memory.lastCheckpoint, sourceLocation: sourceLocation)
        #expect(file.problems == memory.problems, sourceLocation: sourceLocation)
        #expect(file.problemCount == memory.problemCount, sourceLocation: sourceLocation)
    }

    /// Tampering done to the chain itself, then exported: the file's report equals the in-memory one.
    static let tamperings: [(String, @Sendable (inout [ChainedRecord], inout [CheckpointRow]) -> Void)] = [
        ("untouched", { _, _ in }),
        ("edit 1", { records, _ in records[0].record.inputTokens += 1 }),
        ("edit 1001", { records, _ in records[1000].record.costUSD = 9.5 }),
        ("edit 3000", { records, _ in records[2999].record.note = "edited" }),
        ("edit with rehash", { records, _ in records[776].record.user = "mallory"; records[776].hash = records[776].computedHash }),
        ("delete 500", { records, _ in records.remove(at: 499) }),
        ("delete the last", { records, _ in records.removeLast() }),
        ("reorder 700", { records, _ in records.swapAt(699, 700) }),
        ("insert after 1500", { records, _ in
            records.insert(ChainedRecord.chain(AuditFixtures.record(99_999), seq: 1501, prevHash: records[1499].hash), at: 1500)
        }),
        ("forged checkpoint", { records, checkpoints in checkpoints[1].head = records[10].hash }),
        ("checkpoint of another key", { _, checkpoints in
            checkpoints[0] = AuditSigningKey.generate().checkpoint(seq: 1000, head: checkpoints[0].head, previousSeq: 0, timestamp: checkpoints[0].timestamp)
        }),
        ("delete a checkpoint", { _, checkpoints in checkpoints.remove(at: 1) }),
        ("pruned", { records, checkpoints in records.removeFirst(1000); checkpoints.removeFirst(0) }),
        ("pruned without anchor", { records, checkpoints in records.removeFirst(1000); checkpoints.removeFirst(1) }),
    ]

    @Test(arguments: tamperings.indices) func fileReportEqualsTheInMemoryReport(tampering index: Int) async throws {
        var records = Self.fixture.records
        var checkpoints = Self.fixture.checkpoints
        Self.tamperings[index].1(&records, &checkpoints)
        let memory = AuditFixtures.verify(records, checkpoints, trustedKey: Self.key)
        Self.expectSame(try Self.verify(Self.lines(records, checkpoints)), memory)
        if index == 0 { #expect(memory.ok && memory.records == 3_000) }
    }

    @Test(arguments: [1, 7, 600, 4096]) func linesSplitAcrossReadsVerify(chunkSize: Int) async throws {
        let chain = AuditFixtures.chain(count: 300, every: 100, signer: Self.signer)
        var lines = Self.lines(chain.records, chain.checkpoints)
        Self.expectSame(try Self.verify(lines, chunkSize: chunkSize), AuditFixtures.verify(chain.records, chain.checkpoints, trustedKey: Self.key))
        // The last line without its newline, and an edit near the end.
        lines[lines.count - 1].removeLast()
        var edited = chain.records
        edited[289].record.outputTokens += 1
        let editedLines = Self.lines(edited, chain.checkpoints)
        let at = lines.firstIndex { $0.contains("\"request_id\":\"req_290\"") }!
        lines[at] = editedLines[at]
        let report = try Self.verify(lines, chunkSize: chunkSize)
        #expect(report.problems.first == .altered(seq: 290, expected: chain.records[289].hash, found: edited[289].computedHash))
    }

    @Test func exportedRecordLinesTakeTheFastPathAndNoChangedByteDoes() {
        let entry = Self.fixture.records[41]
        let line = Array(ExportFormat.jsonl.line(entry).utf8.dropLast())
        let fast = line.withUnsafeBufferPointer { CanonicalRecordLine.verified($0) }
        #expect(fast?.seq == 42 && fast?.prevHash == entry.prevHash && fast?.hash == entry.hash)
        for position in line.indices {
            var changed = line
            changed[position] = changed[position] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
            #expect(changed.withUnsafeBufferPointer { CanonicalRecordLine.verified($0) } == nil, "byte \(position)")
        }
        for other in [
            ExportFormat.jsonl.line(Self.fixture.checkpoints[0]), ExportFormat.jsonl.header(scope: .complete, since: nil, until: nil, user: nil, publicKey: Self.key),
            String(decoding: line, as: UTF8.self).replacingOccurrences(of: ",", with: ", "),
        ] {
            #expect(Array(other.utf8).withUnsafeBufferPointer { CanonicalRecordLine.verified($0) } == nil)
        }
    }

    /// Lines that are not byte-for-byte canonical but mean the same take the full parse, as before.
    @Test func equivalentNonCanonicalLinesStillVerify() async throws {
        var lines = Self.lines(Self.fixture.records, Self.fixture.checkpoints)
        let expected = AuditFixtures.verify(Self.fixture.records, Self.fixture.checkpoints, trustedKey: Self.key)
        func rewrite(_ seq: Int, _ change: (String) -> String) {
            let index = lines.firstIndex { $0.contains("\"seq\":\(seq),") && $0.contains("\"type\":\"record\"") }!
            lines[index] = change(lines[index])
        }
        rewrite(10) { $0.replacingOccurrences(of: ",", with: ", ").replacingOccurrences(of: "\":", with: "\" : ") }
        rewrite(11) { "{\"type\":\"record\"," + $0.replacingOccurrences(of: ",\"type\":\"record\"", with: "").dropFirst() }
        rewrite(12) { $0.replacingOccurrences(of: "\"req_12\"", with: "\"\\u0072eq_12\"") }
        rewrite(13) { $0.replacingOccurrences(of: "\"latency_ms\":14.125", with: "\"latency_ms\":14.1250") }
        rewrite(14) { $0.replacingOccurrences(of: "\n", with: "\r\n") }
        rewrite(15) { line in
            let value = line.range(of: "\"prev_hash\":\"")!.upperBound
            return line.replacingCharacters(in: value...value, with: "\\u00" + String(line[value].asciiValue!, radix: 16))
        }
        Self.expectSame(try Self.verify(lines), expected)
    }

    /// One vector from outside the code: an edited first line reports hashes that `sha256sum`
    /// gives for canonical text written out in the test.
    @Test func anEditedFirstLineReportsIndependentlyComputedHashes() async throws {
        var lines = Self.lines(Self.fixture.records, Self.fixture.checkpoints)
        let index = try #require(lines.firstIndex { $0.contains("\"request_id\":\"req_1\"") })
        #expect(lines[index].contains("\"input_tokens\":3,"))
        lines[index] = lines[index].replacingOccurrences(of: "\"input_tokens\":3,", with: "\"input_tokens\":4,")
        let stored = try await IndependentDigest.sha256Hex(CanonicalTextVectors.record1())
        let edited = try await IndependentDigest.sha256Hex(CanonicalTextVectors.record1(inputTokens: 4))
        #expect(try Self.verify(lines).problems.first == .altered(seq: 1, expected: stored, found: edited))
    }

    @Test func anEditedLineReportsTheStoredAndTheRecomputedHash() async throws {
        var lines = Self.lines(Self.fixture.records, Self.fixture.checkpoints)
        let index = lines.firstIndex { $0.contains("\"request_id\":\"req_77\"") }!
        lines[index] = lines[index].replacingOccurrences(of: "\"req_77\"", with: "\"req_78\"")
        var edited = Self.fixture.records[76]
        edited.record.requestID = "req_78"
        let report = try Self.verify(lines)
        #expect(report.problems == [.altered(seq: 77, expected: Self.fixture.records[76].hash, found: edited.computedHash)])
        #expect(report.problems.first?.description.contains(Self.fixture.records[76].hash) == true)
    }

    @Test func aLoneHighSurrogateIsReplacedAndTheNextEscapeKept() async throws {
        let line = ExportFormat.jsonl.line(Self.fixture.records[0])
            .replacingOccurrences(of: "\"note\":null", with: #""note":"\ud83d\u0041\ud83d\ude00""#)
        guard case .record(let parsed) = try ExportLine.parse(Array(line.utf8.dropLast()), number: 2) else {
            Issue.record("not a record line")
            return
        }
        #expect(parsed.record.note == "\u{FFFD}A\u{1F600}")
    }

    @Test func aRepeatedHashMemberIsMalformed() async throws {
        var lines = Self.lines(Self.fixture.records, Self.fixture.checkpoints)
        let record = Self.fixture.records[4]
        lines[5] = lines[5].replacingOccurrences(of: ",\"type\":\"record\"", with: ",\"type\":\"record\",\"hash\":\"\(record.hash)\"")
        #expect(throws: AuditError.self) { try Self.verify(lines) }
    }
}
