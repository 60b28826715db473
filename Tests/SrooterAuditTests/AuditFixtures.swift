import SrooterAudit
import SrooterStore

/// Records and chains for the audit tests.
enum AuditFixtures {
    static func record(_ index: Int, user: String? = nil, model: String = "claude-sonnet-4-5") -> AuditRecord {
        AuditRecord(
            timestamp: Timestamp.format(seconds: 1_790_000_000 + index, milliseconds: index % 1000),
            requestID: "req_\(index)", user: user ?? "user\(index % 7)", keyID: "k\(index % 3)", surface: "anthropic-messages",
            requestedModel: model, servedModel: model + "-1", provider: "anthropic", routing: "direct",
            inputTokens: index * 3, outputTokens: index % 500, cacheReadTokens: 0, cacheWriteTokens: index % 2,
            costUSD: Double(index) * 0.000_015 + 0.1, latencyMs: 12.5 + Double(index % 100) / 8, firstByteMs: index % 5 == 0 ? nil : 3.25,
            status: 200, outcome: "ok", promptSHA256: String(repeating: "ab", count: 32))
    }

    /// A chain of `count` records with a checkpoint after every `every`-th record.
    static func chain(count: Int, every: Int, signer: AuditSigningKey) -> (records: [ChainedRecord], checkpoints: [CheckpointRow]) {
        var records: [ChainedRecord] = []
        records.reserveCapacity(count)
        var checkpoints: [CheckpointRow] = []
        var prev = ChainedRecord.genesis
        for seq in 1...count {
            let entry = ChainedRecord.chain(record(seq), seq: seq, prevHash: prev)
            prev = entry.hash
            records.append(entry)
            if seq % every == 0 {
                checkpoints.append(signer.checkpoint(seq: seq, head: prev, previousSeq: checkpoints.last?.seq ?? 0, timestamp: entry.record.timestamp))
            }
        }
        return (records, checkpoints)
    }

    /// Feeds records and checkpoints in export order (each checkpoint after its record).
    static func verify(
        _ records: [ChainedRecord], _ checkpoints: [CheckpointRow], trustedKey: String?, scope: ChainVerifier.Scope = .complete
    ) -> ChainReport {
        var verifier = ChainVerifier(trustedKey: trustedKey, scope: scope)
        var next = 0
        for entry in records {
            while next < checkpoints.count, checkpoints[next].seq < entry.seq { verifier.checkpoint(checkpoints[next]); next += 1 }
            verifier.record(entry)
            while next < checkpoints.count, checkpoints[next].seq == entry.seq { verifier.checkpoint(checkpoints[next]); next += 1 }
        }
        while next < checkpoints.count { verifier.checkpoint(checkpoints[next]); next += 1 }
        return verifier.finish()
    }
}
