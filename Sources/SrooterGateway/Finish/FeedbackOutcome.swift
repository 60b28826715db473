import SrooterEncoding
import SrooterStore

/// How one `POST /v1/srooter/feedback` call ended: who called, which request it scored and the
/// score (or why it was refused). It reaches the audit trail only through
/// ``Finish/deliver(_:)-(FeedbackOutcome)``, like a model call's ``RequestOutcome``.
struct FeedbackOutcome: Sendable {
    let principal: Principal
    /// `feedback req_… score 0.5`, or `feedback refused: <reason>`; never text of a prompt.
    let note: String
    let status: Int
    let start: ContinuousClock.Instant
}

extension Finish {
    /// Records `call` (surface and routing `feedback`); returns once the record is committed.
    func deliver(_ call: FeedbackOutcome) async {
        await audit.recorder.write(AuditSink.record(for: call), spend: [])
    }
}

extension AuditSink {
    /// The audit record of a feedback call.
    static func record(for call: FeedbackOutcome) -> AuditRecord {
        let elapsed = ContinuousClock.now - call.start
        return .endpointCall(
            surface: "feedback", routing: "feedback", user: call.principal.user, keyID: call.principal.keyID,
            requestID: "fb_" + Hex.encode(SecureRandom.unique(12)), note: call.note, status: call.status,
            latencyMs: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }
}
