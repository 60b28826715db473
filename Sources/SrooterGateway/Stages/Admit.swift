import SrooterWire

extension Pipeline {
    /// The admit stage: policy (roles, allowlist, caps, rate limits, budget reservation priced on
    /// the routed model), then whether the route can serve the request at all, and in which wire
    /// (a provider of another wire gets a translation). Policy answers first, so a caller learns
    /// nothing about models its policy does not allow.
    /// - Parameter routed: the route stage's decision, or its refusal (every candidate denied),
    ///   thrown only once policy has passed.
    func admit(_ call: GatewayRequest, route routed: Result<RouteDecision?, Refusal>, trail: inout Trail) throws(Refusal) -> Admitted {
        var edits: [BodyRewrite.Edit] = []
        if let policy {
            switch policy.admit(call, requestID: trail.requestID, route: try? routed.get()) {
            case .refuse(let refusal, let charged):
                trail.policy = charged
                throw refusal
            case .proceed(let pass):
                edits = pass.edits
                trail.policy = pass
            }
        }
        let route = try routed.get()
        guard let route, let provider = providers[route.provider] else {
            throw Refusal(status: 404, outcome: .clientError,
                message: "srooter: unknown model '\(call.requestedModel)'; GET /v1/models lists the models you may use")
        }
        trail.route = route
        return Admitted(route: route, provider: provider, edits: edits, upstreamWire: provider.config.kind.upstreamWire(for: call.surface.wire))
    }

    /// An admitted request: where it goes and the body edits the caps make.
    struct Admitted: Sendable {
        let route: RouteDecision
        let provider: any Provider
        let edits: [BodyRewrite.Edit]
        /// The wire the provider is spoken to in: the client's (same wire, relayed byte for byte) or
        /// the provider's own (translated both ways).
        let upstreamWire: Wire
    }
}
