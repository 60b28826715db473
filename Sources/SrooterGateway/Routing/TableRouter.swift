import SrooterRouting
import SrooterStore

/// The router `serve` runs: a model asked for by its own name goes to it (`direct`); a route's
/// name (`routes:` in srooter.yaml) is planned by ``RoutePlanner`` over the route's candidates
/// the caller's policy allows.
public struct TableRouter: ModelRouter {
    let models: [String: ModelConfig]
    let providers: [String: ProviderConfig]
    let table: RoutingTable
    let affinity: SessionAffinity
    let breakers: CircuitBreakers
    /// How each recent conversation's requests ended (the learned routes' session feature).
    let sessions = SessionOutcomes()
    /// Each learned route's weights, by route name.
    let weights: [String: LiveWeights]

    /// - Parameters:
    ///   - affinity: which model each conversation was served by (shared by the routes).
    ///   - breakers: one circuit per provider (default: on the gateway's monotonic clock).
    ///   - weightsKey: the key learned routes' weights files are sealed with (the metadata key;
    ///     nil: no weights load and learned routes serve their default).
    ///   - report: told, in one line, why a weights file was refused.
    public init(config: GatewayConfig, affinity: SessionAffinity = SessionAffinity(), breakers: CircuitBreakers? = nil,
                weightsKey: (any MetadataCipher)? = nil, report: @escaping @Sendable (String) -> Void = { _ in }) {
        models = config.models
        providers = config.providers
        table = config.routes
        self.affinity = affinity
        self.breakers = breakers ?? CircuitBreakers(clock: { PolicyStage.clock() })
        var weights: [String: LiveWeights] = [:]
        for route in config.routes.routes.values where route.strategy == .learned {
            if let path = route.learned.weightsFile { weights[route.name] = LiveWeights(path: path, key: weightsKey, report: report) }
        }
        self.weights = weights
    }

    public func route(requested: String, surface: Surface) -> RouteDecision? {
        models[requested].map { RouteDecision(model: $0, kind: .direct, reason: "the configured model") }
    }

    public func route(_ request: RouteRequest) throws(RouteDenial) -> RouteDecision? {
        guard let route = table[request.requested] else { return route(requested: request.requested, surface: request.surface) }
        let configured = table.models(of: route).compactMap { models[$0] }
        // Every candidate can serve any client: a provider of another wire is translated for (admit).
        let candidates = configured.map {
            Candidate(model: $0.name, provider: $0.provider, price: $0.prices.input + $0.prices.output, allowed: request.allows($0.name))
        }
        var features = route.strategy == .fallback ? RequestFeatures() : request.features
        if route.strategy == .learned, let key = features.sessionKey {
            (features.sessionRequests, features.sessionFailures) = sessions.counts(key)
        }
        let plan = try RoutePlanner.plan(
            route, candidates: candidates, features: features, affinity: route.strategy == .trivial ? affinity : nil,
            learned: weights[route.name]?.current())
        guard let model = models[plan.model] else { return nil }
        let kind: RouteKind = switch plan.kind {
        case .trivial: .trivial
        case .learned: .learned
        case .direct: .direct
        case .council: .council
        }
        var decision = RouteDecision(model: model, kind: kind, reason: "route \(route.name): \(plan.reason)", route: route.name)
        decision.plan = plan
        decision.sessionKey = features.sessionKey
        if let council = plan.council {
            // A token count is the chair's to answer: nothing is generated.
            if request.surface == .anthropicCountTokens {
                decision.kind = .direct
                decision.reason = "route \(route.name): council: a token count goes to the chair \(council.chair)"
            } else {
                decision.council = CouncilSeats(
                    members: council.members.compactMap { models[$0] }, deniedMembers: council.deniedMembers,
                    memberTimeoutSeconds: route.council.memberTimeoutSeconds)
            }
        }
        if route.strategy == .trivial || route.strategy == .learned { decision.features = features }
        if route.strategy == .fallback, !plan.alternates.isEmpty {
            decision.fallback = FallbackPlan(alternates: plan.alternates.compactMap { models[$0] }, settings: route.fallback, breakers: breakers)
        }
        return decision
    }
}

extension TableRouter: OutcomeLearner {
    func learn(sessionKey: String, failed: Bool) { sessions.record(sessionKey, failed: failed) }
}
