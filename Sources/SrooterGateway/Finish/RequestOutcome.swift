/// How a request ended (the audit record's `outcome`).
public enum Outcome: String, Sendable, CaseIterable {
    case ok
    /// The provider answered with an error, or its stream reported one.
    case upstreamError = "upstream_error"
    case clientError = "client_error"
    case unauthenticated
    /// The gateway held too many bytes in memory (`limits.max_buffered_body_bytes`).
    case overloaded
    case timeout
    case clientDisconnected = "client_disconnected"
    /// A stream that ended before its proper end, without an error.
    case incomplete
    case policyDenied = "policy_denied"
    case rateLimited = "rate_limited"
    case overBudget = "over_budget"
}

/// Everything known about one request when it ends, delivered once, in order, to the finish
/// sinks (``Finish``): budget settlement, audit, metrics, router feedback.
struct RequestOutcome: Sendable {
    /// What was learnt about the request on its way in (id, caller, model, policy pass).
    let trail: Trail
    /// The status the client got (200 for a stream, whatever happened in it).
    let status: Int
    let outcome: Outcome
    /// The usage to charge: the provider's, or srooter's estimate (`usageEstimated`).
    let usage: Usage
    let usageEstimated: Bool
    /// When the first byte of the response body arrived from the provider.
    let firstByte: ContinuousClock.Instant?
    /// When the request ended.
    let end: ContinuousClock.Instant
    /// How a request served across wires was translated, for the audit note (nil: same wire).
    let translationNote: String?

    init(trail: Trail, status: Int, outcome: Outcome, usage: Usage = Usage(), usageEstimated: Bool = false,
         firstByte: ContinuousClock.Instant? = nil, end: ContinuousClock.Instant = .now, translationNote: String? = nil) {
        self.trail = trail
        self.status = status
        self.outcome = outcome
        self.usage = usage
        self.usageEstimated = usageEstimated
        self.firstByte = firstByte
        self.end = end
        self.translationNote = translationNote
    }

    /// Where the request was routed (nil: it ended before admission).
    var route: RouteDecision? { trail.route }

    /// The cost of `usage` at the routed model's prices (0 before routing), plus a council's
    /// member calls, each at its own model's prices.
    var costUSD: Double { (route?.model.prices.cost(of: usage) ?? 0) + (trail.council?.costUSD ?? 0) }

    /// The tokens charged and recorded: `usage`, plus a council's member calls.
    var totalUsage: Usage {
        guard let council = trail.council else { return usage }
        var total = usage
        total.add(council.usage)
        return total
    }
}
