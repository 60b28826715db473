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

    public init(model: ModelConfig, kind: RouteKind, reason: String) {
        self.model = model
        self.kind = kind
        self.reason = reason
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
}

/// Today's only router: the configured model of the requested name.
public struct DirectRouter: ModelRouter {
    let models: [String: ModelConfig]

    public init(models: [String: ModelConfig]) { self.models = models }

    public func route(requested: String, surface: Surface) -> RouteDecision? {
        models[requested].map { RouteDecision(model: $0, kind: .direct, reason: "the configured model") }
    }
}
