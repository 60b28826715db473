import SrooterEncoding
import SrooterStore

/// The export formats: JSON Lines (verifiable by `srooter audit verify FILE`) and CSV (for
/// spreadsheets; same columns, not re-verifiable).
///
/// JSONL: a header line `{"type":"srooter-audit-export",...}`, then each record as the canonical
/// JSON of its hashed fields plus `"hash"` and `"type":"record"`, with each checkpoint line
/// (`"type":"checkpoint"`) right after the record it covers (an anchor checkpoint first).
public enum ExportFormat: String, Sendable, CaseIterable {
    case jsonl
    case csv

    /// The first line(s).
    public func header(scope: ChainVerifier.Scope, since: String?, until: String?, user: String?, publicKey: String) -> String {
        switch self {
        case .jsonl:
            var fields = CanonicalFields()
            fields.add("type", .string("srooter-audit-export"))
            fields.add("version", .int(1))
            fields.add("scope", .string(scope.rawValue))
            fields.add("since", .optional(since))
            fields.add("until", .optional(until))
            fields.add("user", .optional(user))
            fields.add("public_key", .string(publicKey))
            return String(decoding: fields.bytes(), as: UTF8.self) + "\n"
        case .csv:
            return Self.csvColumns.joined(separator: ",") + "\r\n"
        }
    }

    /// One record's line.
    public func line(_ entry: ChainedRecord) -> String {
        switch self {
        case .jsonl:
            var fields = ChainedRecord.fields(entry.record, seq: entry.seq, prevHash: entry.prevHash)
            fields.add("hash", .string(entry.hash))
            fields.add("type", .string("record"))
            return String(decoding: fields.bytes(), as: UTF8.self) + "\n"
        case .csv:
            let r = entry.record
            let values: [String?] = [
                "record", String(entry.seq), r.timestamp, r.requestID, r.user, r.keyID, r.surface, r.requestedModel, r.servedModel,
                r.provider, r.routing, String(r.inputTokens), String(r.outputTokens), String(r.cacheReadTokens),
                String(r.cacheWriteTokens), CanonicalJSONText.number(r.costUSD), CanonicalJSONText.number(r.latencyMs),
                r.firstByteMs.map(CanonicalJSONText.number), String(r.status), r.outcome, r.promptSHA256, entry.prevHash, entry.hash,
                nil, nil, nil, String(r.version), r.note,
            ]
            return values.map { Self.csvField($0) }.joined(separator: ",") + "\r\n"
        }
    }

    /// One checkpoint's line.
    public func line(_ checkpoint: CheckpointRow) -> String {
        switch self {
        case .jsonl:
            var fields = CanonicalFields()
            fields.add("type", .string("checkpoint"))
            fields.add("seq", .int(checkpoint.seq))
            fields.add("head", .string(checkpoint.head))
            fields.add("previous_seq", .int(checkpoint.previousSeq))
            fields.add("timestamp", .string(checkpoint.timestamp))
            fields.add("public_key", .string(checkpoint.publicKey))
            fields.add("signature", .string(checkpoint.signature))
            return String(decoding: fields.bytes(), as: UTF8.self) + "\n"
        case .csv:
            var values = [String?](repeating: nil, count: Self.csvColumns.count)
            values[0] = "checkpoint"
            values[1] = String(checkpoint.seq)
            values[2] = checkpoint.timestamp
            values[22] = checkpoint.head
            values[23] = String(checkpoint.previousSeq)
            values[24] = checkpoint.publicKey
            values[25] = checkpoint.signature
            return values.map { Self.csvField($0) }.joined(separator: ",") + "\r\n"
        }
    }

    static let csvColumns = [
        "type", "seq", "timestamp", "request_id", "user", "key_id", "surface", "requested_model", "served_model", "provider",
        "routing", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cost_usd", "latency_ms",
        "first_byte_ms", "status", "outcome", "prompt_sha256", "prev_hash", "hash", "previous_seq", "public_key", "signature",
        "version", "note",
    ]

    /// RFC 4180 quoting; absent values are empty. A cell a spreadsheet would read as a formula
    /// (beginning with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'` and is
    /// quoted, as OWASP's CSV injection guidance says; srooter's own numbers are never negative,
    /// so only names and notes can begin that way.
    static func csvField(_ value: String?) -> String {
        guard let value else { return "" }
        let formula = value.utf8.first.map { [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains($0) } ?? false
        guard formula || value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return value }
        var out = formula ? "\"'" : "\""
        for char in value { out += char == "\"" ? "\"\"" : String(char) }
        return out + "\""
    }
}
