extension Store {
    /// Creates the audit chain's tables if missing and upgrades older ones (at every open).
    static func prepareAuditChain(_ connection: SQLiteConnection) throws(StoreError) {
        try connection.execute(AuditChainSchema.sql)
        // Databases from before budget spend rode on audit rows: add the column. Another
        // process may add it between the check and the ALTER; then the check afterwards holds.
        if try !Self.hasChargesColumn(connection) {
            do throws(StoreError) {
                try connection.execute("ALTER TABLE audit_chain ADD COLUMN \(AuditChainSchema.chargesColumn) TEXT")
            } catch {
                guard try Self.hasChargesColumn(connection) else { throw error }
            }
        }
        try connection.execute(AuditChainSchema.foldMarkSQL)
    }

    private static func hasChargesColumn(_ connection: SQLiteConnection) throws(StoreError) -> Bool {
        let statement = try connection.prepare("SELECT COUNT(*) FROM pragma_table_info('audit_chain') WHERE name = ?")
        statement.bind(1, AuditChainSchema.chargesColumn)
        return try statement.step() && statement.int(0) == 1
    }

    /// Appends to the chain in one `BEGIN IMMEDIATE` transaction: `build` sees the tail as the
    /// database holds it (so two writers can never fork the chain) and returns the rows to append
    /// and, optionally, a checkpoint to store with them. Runs off the cooperative pool.
    ///
    /// `spend` (the budget ledger's settled costs of the same requests) is committed in the same
    /// transaction, on the last row (see `Store+SpendFold`), so after a crash the ledger holds
    /// exactly the spend of the records kept.
    public func appendChained(
        _ build: @escaping @Sendable (ChainTail) throws(StoreError) -> (rows: [SealedAuditRow], checkpoint: CheckpointRow?),
        spend: [SpendEntry]
    ) async throws(StoreError) {
        try await perform { connection throws(StoreError) in try self.appendChained(build, spend: spend, connection) }
    }

    /// `appendChained` on the caller's thread (see `AuditChainRepository.appendChainedBlocking` for why).
    public func appendChainedBlocking(
        _ build: (ChainTail) throws(StoreError) -> (rows: [SealedAuditRow], checkpoint: CheckpointRow?), spend: [SpendEntry]
    ) throws(StoreError) {
        try performBlocking { connection throws(StoreError) in try self.appendChained(build, spend: spend, connection) }
    }

    /// Up to `limit` rows with `seq > after` that match `filter`, in chain order.
    public func auditChainPage(after: Int, limit: Int, filter: AuditRowFilter) async throws(StoreError) -> [SealedAuditRow] {
        try await perform { connection throws(StoreError) in try Self.page(after: after, limit: limit, filter: filter, connection) }
    }

    /// Checkpoints with `from <= seq <= through`, oldest first.
    public func auditCheckpoints(from: Int, through: Int) async throws(StoreError) -> [CheckpointRow] {
        try await perform { connection throws(StoreError) in try Self.checkpoints(from: from, through: through, connection) }
    }

    /// The chain's tail, read now.
    public func auditChainTail() async throws(StoreError) -> ChainTail {
        try await perform { connection throws(StoreError) in try Self.tail(connection) }
    }

    /// Deletes every record up to and including the newest checkpoint whose record is older than
    /// `cutoff`, and the checkpoints before it. That checkpoint stays as the signed anchor the
    /// remaining chain starts from. Returns the number of records deleted.
    public func pruneAuditChain(olderThan cutoff: String) async throws(StoreError) -> Int {
        try await perform { connection throws(StoreError) in
            try connection.execute("BEGIN IMMEDIATE")
            do throws(StoreError) {
                let find = try connection.prepare("""
                    SELECT c.seq FROM audit_checkpoints c JOIN audit_chain r ON r.seq = c.seq
                    WHERE r.timestamp < ? ORDER BY c.seq DESC LIMIT 1
                    """)
                find.bind(1, cutoff)
                guard try find.step(), let cut = find.int(0) else {
                    try connection.execute("COMMIT")
                    return 0
                }
                let delete = try connection.prepare("DELETE FROM audit_chain WHERE seq <= ?")
                delete.bind(1, cut)
                _ = try delete.step()
                let deleted = connection.changes
                let deleteCheckpoints = try connection.prepare("DELETE FROM audit_checkpoints WHERE seq < ?")
                deleteCheckpoints.bind(1, cut)
                _ = try deleteCheckpoints.step()
                try connection.execute("COMMIT")
                return deleted
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    private func appendChained(
        _ build: (ChainTail) throws(StoreError) -> (rows: [SealedAuditRow], checkpoint: CheckpointRow?), spend: [SpendEntry],
        _ connection: SQLiteConnection
    ) throws(StoreError) {
        try connection.cached("BEGIN IMMEDIATE").run()
        do throws(StoreError) {
            let (rows, checkpoint) = try build(try Self.tail(connection))
            if !rows.isEmpty {
                let charges = try charges(spend, connection)
                let insert = try connection.cached(
                    "INSERT INTO audit_chain (\(AuditChainSchema.rowColumns), \(AuditChainSchema.chargesColumn)) "
                        + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                for (position, row) in rows.enumerated() {
                    insert.bind(1, row.seq)
                    insert.bind(2, row.version)
                    insert.bind(3, row.timestamp)
                    insert.bind(4, row.userIndex)
                    insert.bind(5, row.sealed)
                    insert.bind(6, row.inputTokens)
                    insert.bind(7, row.outputTokens)
                    insert.bind(8, row.cacheReadTokens)
                    insert.bind(9, row.cacheWriteTokens)
                    insert.bind(10, row.costUSD)
                    insert.bind(11, row.latencyMs)
                    insert.bind(12, row.firstByteMs)
                    insert.bind(13, row.status)
                    insert.bind(14, row.prevHash)
                    insert.bind(15, row.hash)
                    insert.bind(16, position == rows.count - 1 ? charges : nil)
                    _ = try insert.step()
                    insert.reset()
                }
            }
            if let checkpoint {
                let insert = try connection.prepare(
                    "INSERT INTO audit_checkpoints (\(AuditChainSchema.checkpointColumns)) VALUES (?,?,?,?,?,?)")
                insert.bind(1, checkpoint.seq)
                insert.bind(2, checkpoint.head)
                insert.bind(3, checkpoint.timestamp)
                insert.bind(4, checkpoint.previousSeq)
                insert.bind(5, checkpoint.publicKey)
                insert.bind(6, checkpoint.signature)
                _ = try insert.step()
            }
            if rows.isEmpty { try addSpend(spend, connection) }  // no row to carry it
            try connection.cached("COMMIT").run()
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    private static func tail(_ connection: SQLiteConnection) throws(StoreError) -> ChainTail {
        let last = try connection.cached("SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1")
        var tail = ChainTail(seq: nil, hash: nil, checkpoint: nil)
        if try last.step() {
            tail.seq = last.int(0)
            tail.hash = last.string(1)
        }
        let checkpoint = try connection.cached(
            "SELECT \(AuditChainSchema.checkpointColumns) FROM audit_checkpoints ORDER BY seq DESC LIMIT 1")
        if try checkpoint.step() { tail.checkpoint = readCheckpoint(checkpoint) }
        last.reset()
        checkpoint.reset()
        return tail
    }

    private static func page(after: Int, limit: Int, filter: AuditRowFilter, _ connection: SQLiteConnection) throws(StoreError) -> [SealedAuditRow] {
        var sql = "SELECT \(AuditChainSchema.rowColumns) FROM audit_chain WHERE seq > ?"
        if filter.since != nil { sql += " AND timestamp >= ?" }
        if filter.until != nil { sql += " AND timestamp < ?" }
        if filter.userIndex != nil { sql += " AND user_index = ?" }
        sql += " ORDER BY seq LIMIT ?"
        let statement = try connection.prepare(sql)
        var position: Int32 = 1
        statement.bind(position, after)
        for value in [filter.since, filter.until, filter.userIndex] where value != nil {
            position += 1
            statement.bind(position, value)
        }
        statement.bind(position + 1, limit)
        var rows: [SealedAuditRow] = []
        rows.reserveCapacity(min(limit, 4096))
        while try statement.step() {
            rows.append(
                SealedAuditRow(
                    seq: statement.int(0) ?? 0, version: statement.int(1) ?? 0, timestamp: statement.string(2) ?? "",
                    userIndex: statement.string(3), sealed: statement.string(4) ?? "", inputTokens: statement.int(5) ?? 0,
                    outputTokens: statement.int(6) ?? 0, cacheReadTokens: statement.int(7) ?? 0,
                    cacheWriteTokens: statement.int(8) ?? 0, costUSD: statement.double(9) ?? 0,
                    latencyMs: statement.double(10) ?? 0, firstByteMs: statement.double(11), status: statement.int(12) ?? 0,
                    prevHash: statement.string(13) ?? "", hash: statement.string(14) ?? ""))
        }
        return rows
    }

    private static func checkpoints(from: Int, through: Int, _ connection: SQLiteConnection) throws(StoreError) -> [CheckpointRow] {
        let statement = try connection.prepare(
            "SELECT \(AuditChainSchema.checkpointColumns) FROM audit_checkpoints WHERE seq >= ? AND seq <= ? ORDER BY seq")
        statement.bind(1, from)
        statement.bind(2, through)
        var rows: [CheckpointRow] = []
        while try statement.step() { rows.append(readCheckpoint(statement)) }
        return rows
    }

    private static func readCheckpoint(_ statement: Statement) -> CheckpointRow {
        CheckpointRow(
            seq: statement.int(0) ?? 0, head: statement.string(1) ?? "", timestamp: statement.string(2) ?? "",
            previousSeq: statement.int(3) ?? 0, publicKey: statement.string(4) ?? "", signature: statement.string(5) ?? "")
    }
}
