/// One row of the hash-chained audit log as stored: the private fields sealed, the rest plain.
///
/// What an attacker holding only the database file can read: the record id, the timestamp, token
/// counts, cost, latencies, status, the chain hashes and an opaque blind index of the user.
public struct SealedAuditRow: Sendable, Equatable {
    public var seq: Int
    public var version: Int
    public var timestamp: String
    /// Keyed HMAC of the user name (a blind index), so records can be selected by user.
    public var userIndex: String?
    /// Hex of nonce, ciphertext and tag of the private fields (user, key, models, provider, prompt hash...).
    public var sealed: String
    public var inputTokens: Int
    public var outputTokens: Int
    public var cacheReadTokens: Int
    public var cacheWriteTokens: Int
    public var costUSD: Double
    public var latencyMs: Double
    public var firstByteMs: Double?
    public var status: Int
    public var prevHash: String
    public var hash: String

    public init(
        seq: Int, version: Int, timestamp: String, userIndex: String?, sealed: String, inputTokens: Int, outputTokens: Int,
        cacheReadTokens: Int, cacheWriteTokens: Int, costUSD: Double, latencyMs: Double, firstByteMs: Double?, status: Int,
        prevHash: String, hash: String
    ) {
        self.seq = seq
        self.version = version
        self.timestamp = timestamp
        self.userIndex = userIndex
        self.sealed = sealed
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadTokens = cacheReadTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.costUSD = costUSD
        self.latencyMs = latencyMs
        self.firstByteMs = firstByteMs
        self.status = status
        self.prevHash = prevHash
        self.hash = hash
    }
}

/// A signed checkpoint as stored: the chain head at record `seq`, signed with the audit key.
public struct CheckpointRow: Sendable, Equatable {
    public var seq: Int
    public var head: String
    public var timestamp: String
    /// The record id of the previous checkpoint (0 for the first), so a deleted checkpoint is noticed.
    public var previousSeq: Int
    /// Base64 of the Ed25519 public key that signed.
    public var publicKey: String
    /// Base64 of the Ed25519 signature.
    public var signature: String

    public init(seq: Int, head: String, timestamp: String, previousSeq: Int, publicKey: String, signature: String) {
        self.seq = seq
        self.head = head
        self.timestamp = timestamp
        self.previousSeq = previousSeq
        self.publicKey = publicKey
        self.signature = signature
    }
}

/// The end of the chain as the database holds it, read inside the appending transaction.
public struct ChainTail: Sendable, Equatable {
    /// The last record's id and hash, or nil for an empty log.
    public var seq: Int?
    public var hash: String?
    /// The newest checkpoint, if any.
    public var checkpoint: CheckpointRow?

    public init(seq: Int?, hash: String?, checkpoint: CheckpointRow?) {
        self.seq = seq
        self.hash = hash
        self.checkpoint = checkpoint
    }
}

/// Which records an export or a page selects.
public struct AuditRowFilter: Sendable, Equatable {
    /// Inclusive lower bound on the timestamp (RFC 3339, compared as text).
    public var since: String?
    /// Exclusive upper bound on the timestamp.
    public var until: String?
    /// The blind index of the user.
    public var userIndex: String?

    public init(since: String? = nil, until: String? = nil, userIndex: String? = nil) {
        self.since = since
        self.until = until
        self.userIndex = userIndex
    }
}

/// The tables of the hash-chained audit log (created when the store opens; see `prepareAuditChain`).
///
/// `audit_chain` has no secondary index: an index on `timestamp` and one on `user_index` cost
/// every record two more WAL frames on the request path (15.5 KB of log per record instead of
/// 5.6, +12 µs at p50 and +0.5 ms at p99 through the gateway at one connection). Filters by
/// time or user scan the table in `seq` order, as exports read it anyway. Older databases lose
/// the two indexes at start.
enum AuditChainSchema {
    static let sql = """
        CREATE TABLE IF NOT EXISTS audit_chain (
            seq INTEGER PRIMARY KEY,
            version INTEGER NOT NULL,
            timestamp TEXT NOT NULL,
            user_index TEXT,
            sealed TEXT NOT NULL,
            input_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            cache_read_tokens INTEGER NOT NULL,
            cache_write_tokens INTEGER NOT NULL,
            cost_usd REAL NOT NULL,
            latency_ms REAL NOT NULL,
            first_byte_ms REAL,
            status INTEGER NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            charges TEXT
        );
        DROP INDEX IF EXISTS audit_chain_timestamp;
        DROP INDEX IF EXISTS audit_chain_user;
        CREATE TABLE IF NOT EXISTS audit_checkpoints (
            seq INTEGER PRIMARY KEY,
            head TEXT NOT NULL,
            timestamp TEXT NOT NULL,
            previous_seq INTEGER NOT NULL,
            public_key TEXT NOT NULL,
            signature TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS budget_spend_folded (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
        """
    /// Run after `sql` and after the `charges` column exists: rows from before it carry no charges.
    static let foldMarkSQL = "INSERT OR IGNORE INTO budget_spend_folded (id, seq) SELECT 1, IFNULL(MAX(seq), 0) FROM audit_chain"
    /// Budget spend settled by the batch a row closes (`Store+SpendFold`); not part of the chain.
    static let chargesColumn = "charges"

    static let rowColumns = """
        seq, version, timestamp, user_index, sealed, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, \
        cost_usd, latency_ms, first_byte_ms, status, prev_hash, hash
        """
    static let checkpointColumns = "seq, head, timestamp, previous_seq, public_key, signature"
}
