/// The hash-chained audit log as stored: sealed rows and signed checkpoints. Implemented by
/// `Store` (SQLite); used by `SrooterAudit.AuditLog`, which seals, chains and signs.
public protocol AuditChainRepository: Sendable {
    /// Appends in one transaction: `build` sees the tail as stored (so two writers can never fork
    /// the chain) and returns the rows and, optionally, a checkpoint. `spend` (the budget spend the
    /// same requests settled) commits with them, so after a crash the ledger holds exactly the
    /// spend of the records kept.
    func appendChained(
        _ build: @escaping @Sendable (ChainTail) throws(StoreError) -> (rows: [SealedAuditRow], checkpoint: CheckpointRow?),
        spend: [SpendEntry]
    ) async throws(StoreError)

    /// `appendChained` on the caller's thread. The one blocking call: the gateway's group-commit
    /// writer (`AuditWriter`) commits on the thread of the request that leads the commit, because
    /// a hop to another thread and back cost every request two task switches; the CLI's one-off
    /// admin records and the last flush at shutdown use it too.
    func appendChainedBlocking(
        _ build: (ChainTail) throws(StoreError) -> (rows: [SealedAuditRow], checkpoint: CheckpointRow?), spend: [SpendEntry]
    ) throws(StoreError)

    /// Up to `limit` rows with `seq > after` that match `filter`, in chain order.
    func auditChainPage(after: Int, limit: Int, filter: AuditRowFilter) async throws(StoreError) -> [SealedAuditRow]
    /// Checkpoints with `from <= seq <= through`, oldest first.
    func auditCheckpoints(from: Int, through: Int) async throws(StoreError) -> [CheckpointRow]
    /// The chain's tail, read now.
    func auditChainTail() async throws(StoreError) -> ChainTail
    /// Deletes every record up to the newest checkpoint older than `cutoff` (which stays as the
    /// signed anchor) and the checkpoints before it; returns the number of records deleted.
    func pruneAuditChain(olderThan cutoff: String) async throws(StoreError) -> Int
}
