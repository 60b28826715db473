import Crypto
import SrooterEncoding
import SrooterStore
import SrooterVault

/// An audit record in the hash chain: its id, the previous record's hash and its own.
///
/// `hash = SHA-256(RFC 8785 canonical JSON of the record's fields, "seq" and "prev_hash")`, in
/// lower-case hex, over the plaintext record (what is stored encrypted is decrypted first). The
/// first record (seq 1) has `prev_hash` of 64 zeros. Field names are the record's in snake case:
/// `cache_read_tokens, cache_write_tokens, cost_usd, first_byte_ms, input_tokens, key_id,
/// latency_ms, note, outcome, output_tokens, prev_hash, prompt_sha256, provider, request_id,
/// requested_model, routing, seq, served_model, status, surface, timestamp, user, version`;
/// absent values are `null`.
public struct ChainedRecord: Sendable, Equatable {
    /// The record id: 1, 2, 3... with no gaps.
    public var seq: Int
    public var record: AuditRecord
    public var prevHash: String
    /// The hash stored with the record (not recomputed).
    public var hash: String

    public init(seq: Int, record: AuditRecord, prevHash: String, hash: String) {
        self.seq = seq
        self.record = record
        self.prevHash = prevHash
        self.hash = hash
    }

    /// Chains `record` after (`seq - 1`, `prevHash`), computing its hash.
    public static func chain(_ record: AuditRecord, seq: Int, prevHash: String) -> ChainedRecord {
        ChainedRecord(seq: seq, record: record, prevHash: prevHash, hash: computeHash(record, seq: seq, prevHash: prevHash))
    }

    /// The hash the record's content gives.
    public var computedHash: String { Self.computeHash(record, seq: seq, prevHash: prevHash) }

    /// The `prev_hash` of the first record.
    public static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 of the canonical JSON, hex.
    public static func computeHash(_ record: AuditRecord, seq: Int, prevHash: String) -> String {
        Hex.encode(SHA256.hash(data: fields(record, seq: seq, prevHash: prevHash).bytes()))
    }

    /// The hashed fields.
    public static func fields(_ record: AuditRecord, seq: Int, prevHash: String) -> CanonicalFields {
        var fields = CanonicalFields()
        fields.add("cache_read_tokens", .int(record.cacheReadTokens))
        fields.add("cache_write_tokens", .int(record.cacheWriteTokens))
        fields.add("cost_usd", .double(record.costUSD))
        fields.add("first_byte_ms", .optional(record.firstByteMs))
        fields.add("input_tokens", .int(record.inputTokens))
        fields.add("key_id", .optional(record.keyID))
        fields.add("latency_ms", .double(record.latencyMs))
        fields.add("note", .optional(record.note))
        fields.add("outcome", .string(record.outcome))
        fields.add("output_tokens", .int(record.outputTokens))
        fields.add("prev_hash", .string(prevHash))
        fields.add("prompt_sha256", .optional(record.promptSHA256))
        fields.add("provider", .optional(record.provider))
        fields.add("request_id", .string(record.requestID))
        fields.add("requested_model", .optional(record.requestedModel))
        fields.add("routing", .string(record.routing))
        fields.add("seq", .int(seq))
        fields.add("served_model", .optional(record.servedModel))
        fields.add("status", .int(record.status))
        fields.add("surface", .string(record.surface))
        fields.add("timestamp", .string(record.timestamp))
        fields.add("user", .optional(record.user))
        fields.add("version", .int(record.version))
        return fields
    }
}
