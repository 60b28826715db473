import HTTPTypes
import SrooterPolicy

/// The policy stage of the request path, between authenticate and route: role check, model
/// allowlist, reasoning and output caps (as in-place byte edits), rate limits, budget
/// reservation. Either the request proceeds with its edits and a ticket to settle, or the
/// gateway answers it with a refusal in the client's wire.
struct PolicyStage: Sendable {
    let engine: PolicyEngine

    /// What the stage decided.
    enum Admission: Sendable {
        case proceed(PolicyPass)
        /// Refused; `charged` holds a rate charge already made, for the finish stage to settle (to nothing).
        case refuse(Refusal, charged: PolicyPass? = nil)
    }

    /// Admits `call`, its budget estimate priced on the routed model (nil: an unknown model,
    /// refused after the policy's own checks).
    func admit(_ call: GatewayRequest, requestID: String, route: RouteDecision?) -> Admission {
        let principal = call.principal, summary = call.summary, surface = call.surface, model = route?.model
        let caller = engine.caller(keyID: principal.keyID, user: principal.user, keyTeam: principal.team)
        guard caller.mayCallModels else {
            let where_ = engine.directory.users[principal.user] == nil ? "is not in the directory" : "has no role that may call models"
            return .refuse(Refusal(status: 403, outcome: .policyDenied,
                message: "srooter: user '\(principal.user)' \(where_); an admin can grant one: srooter user grant \(principal.user) member --org ORG"))
        }
        let policy = caller.policy
        if let scope = policy.refusingScope(for: summary.model) {
            let patterns = policy.allowlists.first(where: { $0.scope == scope })?.patterns.map(\.text).joined(separator: ", ") ?? ""
            return .refuse(Refusal(status: 403, outcome: .policyDenied,
                message: "srooter: model '\(summary.model)' is not allowed by the policy of \(scope) (allowed there: \(patterns.isEmpty ? "none" : patterns))"))
        }
        // The allowlist applies to the model that serves, too (a route's candidate).
        if let served = model?.name, served != summary.model, let scope = policy.refusingScope(for: served) {
            return .refuse(Refusal(status: 403, outcome: .policyDenied,
                message: "srooter: model '\(summary.model)' would be served by '\(served)', which the policy of \(scope) does not allow"))
        }
        var pass = PolicyPass()
        guard surface != .anthropicCountTokens else {
            // It reaches the provider, so it is a request like any other for the request-rate
            // limit; it generates no tokens and spends no budget.
            if let refusal = admitRate(policy, tokens: 0, surface: surface, pass: &pass) { return .refuse(refusal) }
            pass.rate = nil  // the count it answers is not tokens used: nothing to correct
            return .proceed(pass)
        }

        // reasoning and output caps
        let fields = call.limits
        if policy.hasCaps {
            if let odd = CapRewrite.unjudgeable(in: summary.root, surface: surface, policy: policy) {
                return .refuse(Refusal(status: 400, outcome: .clientError,
                    message: "srooter: \(odd.field) must be a whole number from 0 to \(CapRewrite.largestCount) written in digits (an effort: a string), since the policy of \(odd.scope) caps it"))
            }
            let changes = ReasoningCap.changes(for: fields, policy: policy)
            pass.edits = CapRewrite.edits(for: changes, root: summary.root)
            pass.note = ReasoningCap.note(changes)
        }
        let cappedOutput = Swift.min(fields.requestedOutputTokens ?? Int.max, policy.maxOutputTokens?.value ?? Int.max)
        let estimate = BudgetEstimate.reservation(
            for: route, bodyBytes: call.bodySize, requestedOutput: cappedOutput == Int.max ? nil : cappedOutput,
            outputCap: policy.estimateOutputTokens)

        // rate limits
        if let refusal = admitRate(policy, tokens: estimate.inputTokens + estimate.outputTokens, surface: surface, pass: &pass) {
            return .refuse(refusal)
        }

        // budgets (only for models with a price: an unknown model is refused by route)
        guard model != nil, !policy.budgets.isEmpty else { return .proceed(pass) }
        switch engine.reserve(policy.budgets, estimateUSD: estimate.usd, requestID: requestID) {
        case .success(let ticket): pass.ticket = ticket
        case .failure(let refusal):
            return .refuse(Refusal.overBudget(refusal, wire: surface.wire), charged: PolicyPass(rate: pass.rate))
        }
        return .proceed(pass)
    }

    /// Charges one request and `tokens` to the caller's rate limits; the refusal when a limit is reached.
    private func admitRate(_ policy: EffectivePolicy, tokens: Int, surface: Surface, pass: inout PolicyPass) -> Refusal? {
        switch engine.limiter.admit(policy.rateLimits, tokens: tokens, now: PolicyStage.clock()) {
        case .failure(let refusal):
            return Refusal.rateLimited(refusal, wire: surface.wire)
        case .success(let snapshot):
            if !policy.rateLimits.isEmpty {
                pass.rate = RateCharge(limits: policy.rateLimits, estimatedTokens: tokens, limiter: engine.limiter)
                pass.headers = Refusal.rateLimitHeaders(snapshot, wire: surface.wire)
            }
            return nil
        }
    }

    /// The origin of the rate limiter's clock.
    static let origin = ContinuousClock.now

    /// Seconds since `origin` (the rate limiter's time).
    static func clock() -> Double {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// What an admitted request carries to its end: body edits, the audit note, the reservation and
/// the token charge to correct.
struct PolicyPass: Sendable {
    var edits: [BodyRewrite.Edit] = []
    var note: String?
    var ticket: BudgetTicket?
    var rate: RateCharge?
    /// srooter's own rate-limit headers (the provider's names), on every response to a rate-limited caller.
    var headers: [HTTPField] = []
}

/// A token-per-minute charge made at admission, corrected to the real count at the end.
struct RateCharge: Sendable {
    let limits: [EffectivePolicy.RateLimit]
    let estimatedTokens: Int
    let limiter: RateLimiter

    func settle(actualTokens: Int) {
        guard actualTokens != estimatedTokens else { return }
        limiter.settleTokens(limits, estimated: estimatedTokens, actual: actualTokens, now: PolicyStage.clock())
    }
}

extension Pipeline {
    /// Whether `principal` may use the public model `name` (for `GET /v1/models`).
    func allowed(_ name: String, _ principal: Principal) -> Bool {
        guard let engine = policy?.engine else { return true }
        let caller = engine.caller(keyID: principal.keyID, user: principal.user, keyTeam: principal.team)
        return caller.mayCallModels && caller.policy.allows(name)
    }
}
