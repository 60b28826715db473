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
        return .endpointCall(
            surface: "mcp", routing: "cortex", user: call.principal.user, keyID: call.principal.keyID,
            requestID: "mcp_" + Hex.encode(SecureRandom.unique(12)), note: call.note, status: call.status,
            latencyMs: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }
}
