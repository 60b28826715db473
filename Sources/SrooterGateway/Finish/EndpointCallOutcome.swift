import SrooterEncoding
import SrooterStore

/// How one call to an endpoint that is not a model call ended (a score posted to
/// `POST /v1/srooter/feedback`, a call on `/mcp`): who called, what (a note, never the arguments,
/// the score's request or the answer's content) and with which status. It reaches the audit trail
/// only through ``Finish/deliver(_:)-(EndpointCallOutcome)``, like a model call's
/// ``RequestOutcome``; such a call spends nothing, so there is nothing to settle.
struct EndpointCallOutcome: Sendable {
    enum Endpoint: Sendable {
        /// Surface and routing `feedback`, request ids `fb_…`; note `feedback req_… score 0.5`
        /// or `feedback refused: <reason>`.
        case feedback
        /// Surface `mcp`, routing `cortex`, request ids `mcp_…`; note `mcp METHOD [TOOL repo:NAME]`.
        case mcp
    }

    let endpoint: Endpoint
    let principal: Principal
    let note: String
    let status: Int
    let start: ContinuousClock.Instant
}

extension Finish {
    /// Records `call`; returns once the record is committed.
    func deliver(_ call: EndpointCallOutcome) async {
        await audit.recorder.write(AuditSink.record(for: call), spend: [])
    }
}

extension AuditSink {
    /// The audit record of an endpoint call (``AuditRecord/endpointCall(surface:routing:user:keyID:requestID:note:status:latencyMs:timestamp:)``).
    static func record(for call: EndpointCallOutcome) -> AuditRecord {
        let elapsed = ContinuousClock.now - call.start
        let (surface, routing, prefix) = switch call.endpoint {
        case .feedback: ("feedback", "feedback", "fb_")
        case .mcp: ("mcp", "cortex", "mcp_")
        }
        return .endpointCall(
            surface: surface, routing: routing, user: call.principal.user, keyID: call.principal.keyID,
            requestID: prefix + Hex.encode(SecureRandom.unique(12)), note: call.note, status: call.status,
            latencyMs: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }
}
