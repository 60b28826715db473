import SrooterEncoding
import SrooterStore

/// How one MCP call on `/mcp` ended: who called, what (method, tool and repository, never the
/// arguments or the answer) and with which status. It reaches the audit trail only through
/// ``Finish/deliver(_:)-(ToolCallOutcome)``, like a model call's ``RequestOutcome``; a tool call
/// spends nothing, so there is nothing to settle.
struct ToolCallOutcome: Sendable {
    let principal: Principal
    /// `mcp METHOD [TOOL repo:NAME]`.
    let note: String
    let status: Int
    let start: ContinuousClock.Instant
}

extension Finish {
    /// Records `call` (surface `mcp`, routing `cortex`); returns once the record is committed.
    func deliver(_ call: ToolCallOutcome) async {
        await audit.recorder.write(AuditSink.record(for: call), spend: [])
    }
}

extension AuditSink {
    /// The audit record of an MCP call.
    static func record(for call: ToolCallOutcome) -> AuditRecord {
        let elapsed = ContinuousClock.now - call.start
        var record = AuditRecord(
            timestamp: Timestamp.now(), requestID: "mcp_" + Hex.encode(SecureRandom.unique(12)),
            user: call.principal.user, keyID: call.principal.keyID, surface: "mcp", requestedModel: nil, servedModel: nil,
            provider: nil, routing: "cortex", inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0,
            costUSD: 0, latencyMs: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15,
            firstByteMs: nil, status: call.status,
            outcome: call.status == 200 ? "ok" : call.status == 403 ? "forbidden" : "client_error", promptSHA256: nil)
        record.note = call.note
        return record
    }
}
