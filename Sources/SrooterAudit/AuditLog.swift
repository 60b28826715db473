import SrooterStore
import SrooterVault

/// How often checkpoints are signed and how long records are kept (`audit:` in the config).
public struct AuditSettings: Sendable, Equatable {
    /// Sign a checkpoint once this many records have been appended since the last one.
    public var checkpointEveryRecords = 1000
    /// ...or once this many seconds have passed with unsigned records.
    public var checkpointEverySeconds: Double = 60
    /// Delete records older than this many days (nil: keep everything).
    public var retentionDays: Int?

    public init(checkpointEveryRecords: Int = 1000, checkpointEverySeconds: Double = 60, retentionDays: Int? = nil) {
        self.checkpointEveryRecords = checkpointEveryRecords
        self.checkpointEverySeconds = checkpointEverySeconds
        self.retentionDays = retentionDays
    }
}

/// The audit trail over the database: appends records to the hash chain (sealed, blind-indexed),
/// signs checkpoints, reads records back decrypted, prunes with a signed anchor.
///
/// Storage is any `AuditChainRepository` (today SQLite's `Store`); appends run in one transaction
/// that reads the chain's tail, so two writers cannot fork it.
///
/// Example:
/// ```swift
/// let log = AuditLog(store: store, vault: vault, signer: try AuditSigningKey.loadOrCreate(path: "./data/audit.key"))
/// try await log.append([record])
/// ```
public final class AuditLog: Sendable {
    public let store: any AuditChainRepository
    public let sealer: RecordSealer
    public let signer: AuditSigningKey
    public let settings: AuditSettings

    public init(store: any AuditChainRepository, vault: Vault, signer: AuditSigningKey, settings: AuditSettings = AuditSettings()) {
        self.store = store
        self.sealer = RecordSealer(keys: vault.metadata)
        self.signer = signer
        self.settings = settings
    }

    /// Appends records to the chain (and a checkpoint when one is due) in one transaction.
    /// `spend`, the budget spend these requests settled, is stored in the same transaction.
    public func append(_ records: [AuditRecord], spend: [SpendEntry] = []) async throws(AuditError) {
        guard !records.isEmpty || !spend.isEmpty else { return }
        let build = builder(records, force: false)
        do { try await store.appendChained(build, spend: spend) } catch { throw AuditError.storage(error.description) }
    }

    /// Appends, blocking the caller; with `checkpoint`, signs the head even if not due (shutdown).
    /// For the group-commit writer, which commits on the leading request's thread (see
    /// `AuditChainRepository.appendChainedBlocking`), and the CLI's one-off admin records.
    public func appendBlocking(_ records: [AuditRecord], spend: [SpendEntry] = [], checkpoint: Bool = false) throws(AuditError) {
        guard !records.isEmpty || !spend.isEmpty || checkpoint else { return }
        do { try store.appendChainedBlocking(builder(records, force: checkpoint), spend: spend) } catch {
            throw AuditError.storage(error.description)
        }
    }

    /// Signs the head if records were appended since the last checkpoint (the timer's tick).
    public func checkpointNow() async throws(AuditError) {
        do { try await store.appendChained(builder([], force: true), spend: []) } catch { throw AuditError.storage(error.description) }
    }

    private func builder(_ records: [AuditRecord], force: Bool) -> @Sendable (ChainTail) throws(StoreError) -> (rows: [SealedAuditRow], checkpoint: CheckpointRow?) {
        let sealer = sealer
        let signer = signer
        let every = max(1, settings.checkpointEveryRecords)
        return { tail in
            // After pruning everything, the chain continues from the anchor checkpoint.
            var seq = tail.seq ?? tail.checkpoint?.seq ?? 0
            var prev = tail.hash ?? tail.checkpoint?.head ?? ChainedRecord.genesis
            var rows: [SealedAuditRow] = []
            rows.reserveCapacity(records.count)
            for record in records {
                seq += 1
                let entry = ChainedRecord.chain(record, seq: seq, prevHash: prev)
                prev = entry.hash
                rows.append(sealer.seal(entry))
            }
            let signedThrough = tail.checkpoint?.seq ?? 0
            let unsigned = seq - signedThrough
            guard unsigned > 0, unsigned >= every || force else { return (rows, nil) }
            let checkpoint = signer.checkpoint(seq: seq, head: prev, previousSeq: signedThrough, timestamp: Timestamp.now())
            return (rows, checkpoint)
        }
    }

    /// Decrypted records with `seq > after` matching `filter`, up to `limit`, in chain order.
    public func records(after: Int, limit: Int, filter: AuditRowFilter = AuditRowFilter()) async throws(AuditError) -> [ChainedRecord] {
        let rows: [SealedAuditRow]
        do { rows = try await store.auditChainPage(after: after, limit: limit, filter: filter) } catch { throw AuditError.storage(error.description) }
        var out: [ChainedRecord] = []
        out.reserveCapacity(rows.count)
        for row in rows { out.append(try sealer.open(row)) }
        return out
    }

    /// The filter selecting one user's records (by blind index).
    public func filter(since: String?, until: String?, user: String?) -> AuditRowFilter {
        AuditRowFilter(since: since, until: until, userIndex: user.map(sealer.userIndex))
    }

    /// Verifies the whole stored chain, page by page (flat memory). A record whose sealed part does
    /// not open counts as altered.
    public func verify(trustedKey: String?, pageSize: Int = 4096) async throws(AuditError) -> ChainReport {
        var verifier = ChainVerifier(trustedKey: trustedKey, scope: .complete)
        var checkpoints: [CheckpointRow]
        do { checkpoints = try await store.auditCheckpoints(from: 0, through: Int.max) } catch { throw AuditError.storage(error.description) }
        var next = 0
        var after = 0
        while true {
            let rows: [SealedAuditRow]
            do { rows = try await store.auditChainPage(after: after, limit: pageSize, filter: AuditRowFilter()) } catch { throw AuditError.storage(error.description) }
            if rows.isEmpty { break }
            for row in rows {
                while next < checkpoints.count, checkpoints[next].seq < row.seq { verifier.checkpoint(checkpoints[next]); next += 1 }
                do {
                    verifier.record(try sealer.open(row))
                } catch {
                    let unreadable = ChainedRecord(seq: row.seq, record: AuditRecord.unreadable(row), prevHash: row.prevHash, hash: row.hash)
                    verifier.record(unreadable)
                }
            }
            after = rows[rows.count - 1].seq
        }
        while next < checkpoints.count { verifier.checkpoint(checkpoints[next]); next += 1 }
        checkpoints.removeAll()
        return verifier.finish()
    }

    /// Deletes records older than the retention, cutting at the newest checkpoint before the
    /// limit (which stays as the signed anchor). Returns how many records were deleted.
    public func prune(now seconds: Int) async throws(AuditError) -> Int {
        guard let days = settings.retentionDays else { return 0 }
        let cutoff = Timestamp.format(seconds: seconds - days * 86_400, milliseconds: 0)
        do { return try await store.pruneAuditChain(olderThan: cutoff) } catch { throw AuditError.storage(error.description) }
    }
}

extension AuditRecord {
    /// A stand-in for a row whose sealed part does not open: it cannot hash to the stored hash.
    static func unreadable(_ row: SealedAuditRow) -> AuditRecord {
        AuditRecord(
            timestamp: row.timestamp, requestID: "(unreadable)", user: nil, keyID: nil, surface: "", requestedModel: nil,
            servedModel: nil, provider: nil, routing: "", inputTokens: row.inputTokens, outputTokens: row.outputTokens,
            cacheReadTokens: row.cacheReadTokens, cacheWriteTokens: row.cacheWriteTokens, costUSD: row.costUSD,
            latencyMs: row.latencyMs, firstByteMs: row.firstByteMs, status: row.status, outcome: "", promptSHA256: nil)
    }
}
