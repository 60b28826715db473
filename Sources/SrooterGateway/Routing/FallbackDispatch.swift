import HTTPTypes
import Hummingbird
import SrooterRouting

extension Pipeline {
    /// Dispatch with a fallback route's chain: each candidate in order until one answers with
    /// something other than 429 or 5xx and without a connect error or timeout. All of it
    /// happens before the response head goes to the client, so nothing the client got is ever
    /// sent twice; once a response is handed to relay, no other candidate is tried. A provider
    /// whose circuit is open is skipped; a `retry-after` up to the route's limit is waited out
    /// before the same provider is tried again, a longer one skips that provider. The last
    /// candidate's error response goes to the client as it came. A council is dispatched by
    /// ``dispatchCouncil``; any other request (no fallback plan) is dispatched once, as before.
    func dispatchAttempts(
        _ call: GatewayRequest, _ admitted: Admitted, request: Request, hangUp: HangUp?, trail: inout Trail
    ) async throws(Refusal) -> Dispatched {
        if let seats = admitted.route.council {
            return try await dispatchCouncil(call, admitted, seats: seats, request: request, hangUp: hangUp, trail: &trail)
        }
        guard let plan = admitted.route.fallback else { return try await dispatch(call, admitted, request: request, hangUp: hangUp) }
        let first = admitted.route
        let chain = [first.model] + plan.alternates
        let breaker = plan.settings.breaker
        var attempts: [String] = []
        var failure: Refusal?
        var pause: (provider: String, seconds: Double)?
        var skipped: Set<String> = []
        defer { trail.attempts = attempts }
        for (index, model) in chain.enumerated() {
            guard let provider = providers[model.provider] else {
                attempts.append("\(model.name) skipped (no provider \(model.provider))")
                continue
            }
            if skipped.contains(model.provider) {
                attempts.append("\(model.name) skipped (retry-after over \(plan.settings.maxRetryAfterSeconds) s)")
                continue
            }
            guard plan.breakers.allows(model.provider, breaker) else {
                attempts.append("\(model.name) skipped (circuit open for \(model.provider))")
                continue
            }
            if let wait = pause, wait.provider == model.provider, wait.seconds > 0 {
                try? await Task.sleep(for: .milliseconds(Int(wait.seconds * 1000)))
            }
            var decision = first
            if index > 0 {
                decision = RouteDecision(
                    model: model, kind: .fallback, reason: "route \(first.route ?? first.model.name): fallback to candidate \(index + 1)", route: first.route)
            }
            trail.route = decision
            let isLast = index == chain.count - 1
            do throws(Refusal) {
                let sent = try await dispatch(call, Admitted(route: decision, provider: provider, edits: admitted.edits, upstreamWire: provider.config.kind.upstreamWire(for: call.surface.wire)), request: request, hangUp: hangUp)
                let status = sent.upstream.status
                guard RetryRule.retries(status: status) else {
                    plan.breakers.succeeded(model.provider, breaker)
                    attempts.append("\(model.name) served (\(status))")
                    return sent
                }
                plan.breakers.failed(model.provider, breaker)
                attempts.append("\(model.name) \(status)")
                if isLast { return sent }
                sent.upstream.body.cancel()
                if let value = sent.upstream.headers.first(where: { $0.name == "retry-after" })?.value,
                   let seconds = RetryRule.retryAfterSeconds(value)
                {
                    if seconds <= plan.settings.maxRetryAfterSeconds { pause = (model.provider, seconds) } else { skipped.insert(model.provider) }
                }
                failure = Refusal(status: status == 429 ? 429 : 503, outcome: .upstreamError,
                    message: "srooter: every candidate of route '\(first.route ?? "")' failed or was unavailable; retry shortly")
            } catch {
                // A client that left, or a missing passthrough credential, is not the provider's failure.
                guard error.outcome == .timeout || error.outcome == .upstreamError else {
                    attempts.append("\(model.name) \(error.outcome.rawValue)")
                    throw error
                }
                plan.breakers.failed(model.provider, breaker)
                attempts.append("\(model.name) \(error.outcome.rawValue) (\(error.status))")
                failure = error
            }
        }
        throw failure ?? Refusal(status: 503, outcome: .upstreamError,
            message: "srooter: every candidate of route '\(first.route ?? "")' is unavailable (\(attempts.joined(separator: ", "))); retry shortly",
            headers: [HTTPField(name: .retryAfter, value: String(Int(breaker.cooldownSeconds.rounded(.up))))])
    }
}
