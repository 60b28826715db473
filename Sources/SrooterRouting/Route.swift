/// How a route chooses among its candidates.
public enum RouteStrategy: String, Sendable, CaseIterable {
    /// The cheapest allowed candidate for a request judged trivial, else the first.
    case trivial
    /// The first allowed candidate; the next ones when it fails before the client got a byte.
    case fallback
    /// Several candidates answer and rank each other's answers; a chair writes the answer.
    case council
    /// A trained model (``LearnedModel``) predicts whether the cheapest candidate suffices.
    case learned

    /// The strategies `srooter serve` can run.
    public static let served: Set<RouteStrategy> = [.trivial, .fallback, .council, .learned]
}

/// A public model name that clients ask for, served by one of its candidates.
///
/// ```yaml
/// routes:
///   srooter/auto:
///     strategy: trivial
///     candidates: [claude-sonnet, claude-haiku]   # the first is the default
///     trivial: {max_output_tokens: 1024, max_input_tokens: 2000, max_turn_chars: 2000, min_score: 6}
/// ```
public struct Route: Sendable, Equatable {
    public var name: String
    public var strategy: RouteStrategy
    /// Model names (or other routes, expanded in place), in order of preference; the first is the default.
    public var candidates: [String]
    public var trivial: TrivialThresholds
    public var fallback: FallbackSettings
    public var learned: LearnedSettings
    public var council: CouncilSettings

    public init(name: String, strategy: RouteStrategy, candidates: [String], trivial: TrivialThresholds = TrivialThresholds(),
                fallback: FallbackSettings = FallbackSettings(), learned: LearnedSettings = LearnedSettings(),
                council: CouncilSettings = CouncilSettings()) {
        self.name = name
        self.strategy = strategy
        self.candidates = candidates
        self.trivial = trivial
        self.fallback = fallback
        self.learned = learned
        self.council = council
    }
}

/// The thresholds of ``TrivialScore`` (the route's `trivial:` map).
public struct TrivialThresholds: Sendable, Equatable {
    /// A token limit at most this is small (`max_output_tokens`).
    public var maxOutputTokens = 1024
    /// An input estimate (body bytes / 4) at most this is small (`max_input_tokens`).
    public var maxInputTokens = 2000
    /// One turn whose text is at most this many characters is short (`max_turn_chars`).
    public var maxTurnChars = 2000
    /// The score at which a request is trivial (`min_score`; the points are listed in ``TrivialScore``).
    public var minScore = 6

    public init() {}
}

/// The learned strategy's weights and cut-off (the route's `learned:` map).
public struct LearnedSettings: Sendable, Equatable {
    /// The weights file `srooter router train` writes (`weights`); re-read by `serve` when it changes.
    public var weightsFile: String?
    /// The cheapest candidate serves when the model's probability that it suffices is at least this (`threshold`).
    public var threshold: Double = 0.7

    public init(weightsFile: String? = nil, threshold: Double = 0.7) {
        self.weightsFile = weightsFile
        self.threshold = threshold
    }
}

/// Who sits on a council and who chairs it (the route's `council:` map).
///
/// ```yaml
/// council: {members: [claude-sonnet, gpt-4o], chair: claude-sonnet, member_timeout_seconds: 60}
/// ```
public struct CouncilSettings: Sendable, Equatable {
    /// The models that answer and rank (`members`; empty: every model of the route's candidates).
    public var members: [String] = []
    /// The model that writes the final answer (`chair`; nil: the route's default, its first candidate).
    public var chair: String?
    /// A member's answer or ranking that takes longer than this is dropped (`member_timeout_seconds`).
    public var memberTimeoutSeconds: Double = 60

    public init(members: [String] = [], chair: String? = nil, memberTimeoutSeconds: Double = 60) {
        self.members = members
        self.chair = chair
        self.memberTimeoutSeconds = memberTimeoutSeconds
    }
}

/// The fallback chain's limits and its providers' circuit breakers (the route's `fallback:` map).
public struct FallbackSettings: Sendable, Equatable {
    /// A `retry-after` up to this many seconds is waited before trying the same provider again;
    /// a longer one skips that provider for this request (`max_retry_after_seconds`).
    public var maxRetryAfterSeconds: Double = 2
    public var breaker = BreakerSettings()

    public init() {}
}

/// When a provider's circuit opens and for how long (`breaker_failures`, `breaker_window_seconds`,
/// `breaker_cooldown_seconds`).
public struct BreakerSettings: Sendable, Equatable {
    /// This many failures within `windowSeconds` open the circuit.
    public var failures = 5
    public var windowSeconds: Double = 30
    /// An open circuit lets one probe through after this many seconds.
    public var cooldownSeconds: Double = 30

    public init(failures: Int = 5, windowSeconds: Double = 30, cooldownSeconds: Double = 30) {
        self.failures = failures
        self.windowSeconds = windowSeconds
        self.cooldownSeconds = cooldownSeconds
    }
}

/// The `routes:` section: routes by public name.
public struct RoutingTable: Sendable, Equatable {
    public var routes: [String: Route] = [:]

    public init(routes: [String: Route] = [:]) { self.routes = routes }

    /// The route named `name`, if it is one.
    public subscript(name: String) -> Route? { routes[name] }

    /// `route`'s candidates with nested routes replaced by their own candidates, in order, each
    /// model once (a loop is cut where it closes; validation reports it).
    public func models(of route: Route) -> [String] {
        var out: [String] = []
        var visiting: Set<String> = [route.name]
        func expand(_ names: [String]) {
            for name in names {
                if let inner = routes[name] {
                    guard visiting.insert(name).inserted else { continue }
                    expand(inner.candidates)
                    visiting.remove(name)
                } else if !out.contains(name) {
                    out.append(name)
                }
            }
        }
        expand(route.candidates)
        return out
    }
}
