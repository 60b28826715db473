import SrooterRouting

/// How a route was chosen (the audit record's `routing`).
public enum RouteKind: String, Sendable, CaseIterable {
    /// The configured model, as requested.
    case direct
    /// A cheap model for a request judged trivial.
    case trivial
    /// Several models asked, one answer chosen.
    case council
    /// A model chosen from past outcomes.
    case learned
    /// Another model, because the first choice is unavailable.
    case fallback
}

/// Where one request goes: the provider, the model it is served by, and why.
public struct RouteDecision: Sendable {
    /// The configured model the request is served by (its provider, upstream name and prices).
    public var model: ModelConfig
    public var kind: RouteKind
    /// A short, content-free reason (for logs and router feedback, never the prompt).
    public var reason: String

    /// The route the client named (nil: a model asked for by its own name).
    public var route: String?
    /// The plan behind a route's decision, with every feature and threshold (for `route explain`).
    public var plan: RoutePlan?
    /// The candidates tried next when this one fails before the client got a byte (fallback routes).
    public var fallback: FallbackPlan?
    /// The conversation's key (trivial and learned routes), for the session's outcomes.
    public var sessionKey: String?
    /// The members of a council (council routes); ``model`` is its chair.
    public var council: CouncilSeats?
    /// What the route measured of the request (trivial and learned routes), stored by the finish
    /// stage's feature sink for `srooter router train --from-audit`.
    public var features: RequestFeatures?

    public init(model: ModelConfig, kind: RouteKind, reason: String, route: String? = nil) {
        self.model = model
        self.kind = kind
        self.reason = reason
        self.route = route
    }

    /// The prices the budget reservation is made at: the dearest of the models this request may
    /// be served by (the first and its fallbacks), so that a fallback never serves more than
    /// was reserved. The spend settled is priced on the model that served.
    public var reservationPrices: ModelConfig.Prices {
        var prices = model.prices
        for alternate in fallback?.alternates ?? [] {
            prices.input = max(prices.input, alternate.prices.input)
            prices.output = max(prices.output, alternate.prices.output)
        }
        return prices
    }

    /// The provider's name in the configuration.
    public var provider: String { model.provider }
    /// The model name sent upstream.
    public var upstreamModel: String { model.upstreamModel }
}

/// The route stage: chooses the model a request is served by. Named `ModelRouter`, not `Router`,
/// so that it does not shadow Hummingbird's HTTP `Router` inside this module.
public protocol ModelRouter: Sendable {
    /// The decision for a request for `requested` on `surface`, or nil when no configured model
    /// can serve it (the client is told the model is unknown).
    func route(requested: String, surface: Surface) -> RouteDecision?

    /// The decision for `request` (its features and the caller's allowlist at hand); throws when
    /// the caller's policy denies every candidate of the route. By default, the decision for
    /// its requested model.
    func route(_ request: RouteRequest) throws(RouteDenial) -> RouteDecision?
}

extension ModelRouter {
    public func route(_ request: RouteRequest) throws(RouteDenial) -> RouteDecision? {
        route(requested: request.requested, surface: request.surface)
    }
}

/// What the route stage knows of a request: the model asked for, the surface, the parsed body
/// (measured only when a route's strategy asks) and the caller's allowlist.
public struct RouteRequest: Sendable {
    public let requested: String
    public let surface: Surface
    let root: JSONNode
    let bodySize: Int
    /// Whether the caller's policy allows a model name.
    public let allows: @Sendable (String) -> Bool

    public init(requested: String, surface: Surface, root: JSONNode, bodySize: Int, allows: @escaping @Sendable (String) -> Bool) {
        self.requested = requested
        self.surface = surface
        self.root = root
        self.bodySize = bodySize
        self.allows = allows
    }

    /// The request's structural features (computed on each call).
    public var features: RequestFeatures { FeatureReader.features(of: root, surface: surface, bodySize: bodySize) }
}

/// A fallback route's remaining candidates, its limits, and the gateway's circuit breakers.
public struct FallbackPlan: Sendable {
    public var alternates: [ModelConfig]
    public var settings: FallbackSettings
    let breakers: CircuitBreakers
}

/// A router that serves models by their own name only (no routes); `serve` runs ``TableRouter``.
public struct DirectRouter: ModelRouter {
    let models: [String: ModelConfig]

    public init(models: [String: ModelConfig]) { self.models = models }

    public func route(requested: String, surface: Surface) -> RouteDecision? {
        models[requested].map { RouteDecision(model: $0, kind: .direct, reason: "the configured model") }
    }
}
