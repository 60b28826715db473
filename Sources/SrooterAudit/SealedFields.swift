import SrooterStore
import SrooterVault
import Synchronization

/// Turns a chained record into the row stored (private fields sealed, user blind-indexed) and back.
///
/// Sealed, with AES-256-GCM under the metadata key and the record id as associated data (so a
/// sealed blob copied to another row fails to open): user, key id, requested and served model,
/// provider, prompt hash, request id, surface, routing, outcome and the policy note, laid out by
/// `SealedFieldLayout` (as the store's rows are). Plain: the id, timestamp, token counts, cost,
/// latencies, status, hashes.
public struct RecordSealer: Sendable {
    let keys: MetadataKeys
    private let userIndexes = UserIndexes()

    public init(keys: MetadataKeys) { self.keys = keys }

    /// The blind index of a user name, as stored in `user_index` (an HMAC, remembered per user:
    /// it was an eighth of a record's cost on the request path).
    public func userIndex(_ user: String) -> String {
        userIndexes.index(user) { keys.blindIndex(user, column: "audit.user") }
    }

    /// The row to store.
    public func seal(_ entry: ChainedRecord) -> SealedAuditRow {
        let record = entry.record
        let plain = SealedFieldLayout.encode([
            record.user, record.keyID, record.requestedModel, record.servedModel, record.provider,
            record.promptSHA256, record.requestID, record.surface, record.routing, record.outcome, record.note,
        ])
        return SealedAuditRow(
            seq: entry.seq, version: record.version, timestamp: record.timestamp, userIndex: record.user.map(userIndex),
            sealed: keys.seal(plain, context: Self.context(entry.seq)), inputTokens: record.inputTokens,
            outputTokens: record.outputTokens, cacheReadTokens: record.cacheReadTokens, cacheWriteTokens: record.cacheWriteTokens,
            costUSD: record.costUSD, latencyMs: record.latencyMs, firstByteMs: record.firstByteMs, status: record.status,
            prevHash: entry.prevHash, hash: entry.hash)
    }

    /// The chained record a stored row holds, or `.unreadable` when its sealed part does not open.
    public func open(_ row: SealedAuditRow) throws(AuditError) -> ChainedRecord {
        guard let plain = keys.open(row.sealed, context: Self.context(row.seq)),
            let fields = SealedFieldLayout.decode(plain, count: 11)
        else { throw AuditError.unreadable(seq: row.seq) }
        var record = AuditRecord(
            timestamp: row.timestamp, requestID: fields[6] ?? "", user: fields[0], keyID: fields[1], surface: fields[7] ?? "",
            requestedModel: fields[2], servedModel: fields[3], provider: fields[4], routing: fields[8] ?? "",
            inputTokens: row.inputTokens, outputTokens: row.outputTokens, cacheReadTokens: row.cacheReadTokens,
            cacheWriteTokens: row.cacheWriteTokens, costUSD: row.costUSD, latencyMs: row.latencyMs, firstByteMs: row.firstByteMs,
            status: row.status, outcome: fields[9] ?? "", promptSHA256: fields[5])
        record.version = row.version
        record.note = fields[10]
        return ChainedRecord(seq: row.seq, record: record, prevHash: row.prevHash, hash: row.hash)
    }

    static func context(_ seq: Int) -> [UInt8] { Array("srooter-audit-v1\0\(seq)".utf8) }
}

/// The user indexes computed so far; past `limit` users it starts again (a bound on memory).
private final class UserIndexes: Sendable {
    static let limit = 10_000
    private let known = Mutex<[String: String]>([:])

    func index(_ user: String, compute: () -> String) -> String {
        if let index = known.withLock({ $0[user] }) { return index }
        let index = compute()
        known.withLock { known in
            if known.count >= Self.limit { known.removeAll() }
            known[user] = index
        }
        return index
    }
}
