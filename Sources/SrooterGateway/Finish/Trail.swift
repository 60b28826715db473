import SrooterEncoding
import SrooterStore

/// What is learnt about a request as it moves along the stages, for its ``RequestOutcome``.
struct Trail: Sendable {
    let surface: Surface
    let requestID = "req_" + Hex.encode(SecureRandom.unique(12))
    let timestamp = Timestamp.now()
    let start = ContinuousClock.now
    var principal: Principal?
    var requestedModel: String?
    var promptSHA256: String?
    /// Where the request was routed, once admitted (a request refused earlier has no route in its record).
    var route: RouteDecision?
    /// A fallback route's attempts, in order (`claude-a 529`, `claude-b served (200)`).
    var attempts: [String] = []
    /// A council's member calls (council routes): charged and recorded with the chair's.
    var council: CouncilLedger?
    /// What the policy stage admitted the request with (caps noted, reservation to settle).
    var policy: PolicyPass?
    /// The request body's size (a stream cut before its usage is charged from it; see `UsageCapture.charge`).
    var requestBytes = 0

    /// Notes what decode read.
    mutating func read(_ call: GatewayRequest) {
        requestedModel = call.requestedModel
        requestBytes = call.bodySize
        promptSHA256 = call.summary.promptSHA256
    }
}
