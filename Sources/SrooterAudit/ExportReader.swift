import SrooterStore

/// One line of a JSONL export, read back.
public enum ExportLine: Sendable, Equatable {
    case header(scope: ChainVerifier.Scope, publicKey: String?)
    case record(ChainedRecord)
    case checkpoint(CheckpointRow)

    /// Parses one line (`number` is 1-based, for messages).
    public static func parse(_ line: some Collection<UInt8>, number: Int) throws(AuditError) -> ExportLine {
        let members: [String: FlatJSON.Value]
        do { members = try FlatJSON.parse(line) } catch { throw AuditError.malformedExport(line: number, reason: error.reason) }
        let reader = Fields(members: members, line: number)
        switch try reader.string("type") {
        case "srooter-audit-export":
            let scopeText = try reader.string("scope")
            guard let scope = ChainVerifier.Scope(rawValue: scopeText) else {
                throw AuditError.malformedExport(line: number, reason: "unknown scope \(scopeText)")
            }
            return .header(scope: scope, publicKey: try reader.optionalString("public_key"))
        case "checkpoint":
            return .checkpoint(
                CheckpointRow(
                    seq: try reader.int("seq"), head: try reader.string("head"), timestamp: try reader.string("timestamp"),
                    previousSeq: try reader.int("previous_seq"), publicKey: try reader.string("public_key"),
                    signature: try reader.string("signature")))
        case "record":
            var record = AuditRecord(
                timestamp: try reader.string("timestamp"), requestID: try reader.string("request_id"),
                user: try reader.optionalString("user"), keyID: try reader.optionalString("key_id"),
                surface: try reader.string("surface"), requestedModel: try reader.optionalString("requested_model"),
                servedModel: try reader.optionalString("served_model"), provider: try reader.optionalString("provider"),
                routing: try reader.string("routing"), inputTokens: try reader.int("input_tokens"),
                outputTokens: try reader.int("output_tokens"), cacheReadTokens: try reader.int("cache_read_tokens"),
                cacheWriteTokens: try reader.int("cache_write_tokens"), costUSD: try reader.double("cost_usd"),
                latencyMs: try reader.double("latency_ms"), firstByteMs: try reader.optionalDouble("first_byte_ms"),
                status: try reader.int("status"), outcome: try reader.string("outcome"),
                promptSHA256: try reader.optionalString("prompt_sha256"))
            record.version = try reader.int("version")
            record.note = try reader.optionalString("note")
            return .record(
                ChainedRecord(seq: try reader.int("seq"), record: record, prevHash: try reader.string("prev_hash"), hash: try reader.string("hash")))
        case let other:
            throw AuditError.malformedExport(line: number, reason: "unknown line type \(other)")
        }
    }

    private struct Fields {
        let members: [String: FlatJSON.Value]
        let line: Int

        func string(_ key: String) throws(AuditError) -> String {
            guard case .string(let text) = members[key] else { throw missing(key, "a string") }
            return text
        }

        func optionalString(_ key: String) throws(AuditError) -> String? {
            switch members[key] {
            case .string(let text): return text
            case .null, nil: return nil
            default: throw missing(key, "a string or null")
            }
        }

        func int(_ key: String) throws(AuditError) -> Int {
            guard case .number(let text) = members[key], let value = Int(text) else { throw missing(key, "an integer") }
            return value
        }

        func double(_ key: String) throws(AuditError) -> Double {
            guard case .number(let text) = members[key], let value = Double(text) else { throw missing(key, "a number") }
            return value
        }

        func optionalDouble(_ key: String) throws(AuditError) -> Double? {
            if case .null = members[key] { return nil }
            if members[key] == nil { return nil }
            return try double(key)
        }

        func missing(_ key: String, _ what: String) -> AuditError {
            AuditError.malformedExport(line: line, reason: "\"\(key)\" must be \(what)")
        }
    }
}
