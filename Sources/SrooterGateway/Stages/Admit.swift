extension Pipeline {
    /// The admit stage: policy (roles, allowlist, caps, rate limits, budget reservation priced on
    /// the routed model), then whether the route can serve the request at all. Policy answers
    /// first, so a caller learns nothing about models its policy does not allow.
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
        guard provider.config.kind.wires.contains(call.surface.wire) else {
            throw Refusal(status: 400, outcome: .clientError,
                message: "srooter: model '\(call.requestedModel)' is served by provider '\(route.provider)' (\(provider.config.kind.rawValue)), which does not speak the \(call.surface.wire.rawValue) wire; use that provider's endpoint or another model")
        }
        return Admitted(route: route, provider: provider, edits: edits)
    }

    /// An admitted request: where it goes and the body edits the caps make.
    struct Admitted: Sendable {
        let route: RouteDecision
        let provider: any Provider
        let edits: [BodyRewrite.Edit]
    }
}
