/// A route's candidate as the planner sees it: its model, provider, price and whether the
/// caller's policy allows it.
public struct Candidate: Sendable, Equatable {
    public let model: String
    public let provider: String
    /// US dollars per million input plus per million output tokens (what "cheapest" compares).
    public let price: Double
    public let allowed: Bool

    public init(model: String, provider: String, price: Double, allowed: Bool) {
        self.model = model
        self.provider = provider
        self.price = price
        self.allowed = allowed
    }
}

/// The decision for one request on one route.
public struct RoutePlan: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The route's default (its first allowed candidate).
        case direct
        /// The cheapest allowed candidate, for a request judged trivial.
        case trivial
        /// The cheapest allowed candidate, for a request the learned model says it suffices for.
        case learned
        /// Several members answer and rank; the chair (``model``) writes the answer.
        case council
    }

    /// The model to try first.
    public let model: String
    public let kind: Kind
    /// A short, content-free reason code with its figures (`trivial: score 7 ≥ 6`).
    public let reason: String
    /// The models to try next, in order, when the first fails before the client got a byte.
    public let alternates: [String]
    /// The trivial verdict, when the strategy judged one.
    public let verdict: TrivialScore.Verdict?
    /// Candidates the caller's policy does not allow (left out).
    public let denied: [String]
    /// The learned model's probability that the cheapest candidate suffices (learned routes).
    public var probability: Double? = nil
    /// The members and chair of a council (council routes whose turn a council may answer).
    public var council: CouncilPlan? = nil
}

/// Every candidate of a route is denied to the caller (a 403 naming them).
public struct RouteDenial: Error, Sendable, Equatable {
    public let route: String
    public let candidates: [String]

    public init(route: String, candidates: [String]) {
        self.route = route
        self.candidates = candidates
    }
}

/// Plans one request on one route. Pure: the caller passes the candidates (in the route's order,
/// nested routes expanded), the request's features and the affinity store.
public enum RoutePlanner {
    /// - Parameter learned: the weights of a learned route (nil: none loaded; the default serves).
    public static func plan(
        _ route: Route, candidates: [Candidate], features: RequestFeatures, affinity: SessionAffinity?, learned: LearnedModel? = nil
    ) throws(RouteDenial) -> RoutePlan {
        let allowed = candidates.filter(\.allowed)
        let denied = candidates.filter { !$0.allowed }.map(\.model)
        guard let first = allowed.first else { throw RouteDenial(route: route.name, candidates: candidates.map(\.model)) }
        switch route.strategy {
        case .trivial:
            return trivial(route, allowed: allowed, first: first, features: features, affinity: affinity, denied: denied)
        case .learned:
            return Self.learned(route, allowed: allowed, first: first, features: features, model: learned, denied: denied)
        case .council:
            return council(route, candidates: candidates, allowed: allowed, first: first, features: features, denied: denied)
        case .fallback:
            return RoutePlan(model: first.model, kind: .direct, reason: "\(route.strategy.rawValue): first allowed candidate",
                             alternates: allowed.dropFirst().map(\.model), verdict: nil, denied: denied)
        }
    }

    /// The cheapest allowed candidate for a trivial request, else the default; a conversation
    /// stays on the model it was served by, except that it moves up to the default once a
    /// turn is not trivial (and stays there).
    private static func trivial(
        _ route: Route, allowed: [Candidate], first: Candidate, features: RequestFeatures, affinity: SessionAffinity?, denied: [String]
    ) -> RoutePlan {
        let verdict = TrivialScore.judge(features, route.trivial)
        var cheapest = first
        for candidate in allowed where candidate.price < cheapest.price { cheapest = candidate }
        func plan(_ model: String, _ kind: RoutePlan.Kind, _ reason: String) -> RoutePlan {
            if let key = features.sessionKey { affinity?.pin(key, to: model) }
            return RoutePlan(model: model, kind: kind, reason: reason, alternates: [], verdict: verdict, denied: denied)
        }
        if let key = features.sessionKey, let pinned = affinity?.model(for: key), allowed.contains(where: { $0.model == pinned }) {
            if pinned == first.model {
                return plan(pinned, .direct, "session: kept on the default (\(verdict.summary))")
            }
            if verdict.isTrivial {
                return plan(pinned, .trivial, "trivial: \(verdict.summary); session kept on \(pinned)")
            }
            return plan(first.model, .direct, "session escalated to the default: \(verdict.summary)")
        }
        return verdict.isTrivial
            ? plan(cheapest.model, .trivial, "trivial: \(verdict.summary)")
            : plan(first.model, .direct, "not trivial: \(verdict.summary)")
    }

    /// The cheapest allowed candidate when the model's probability that it suffices reaches the
    /// route's threshold, else the default.
    private static func learned(
        _ route: Route, allowed: [Candidate], first: Candidate, features: RequestFeatures, model: LearnedModel?, denied: [String]
    ) -> RoutePlan {
        guard let model else {
            return RoutePlan(model: first.model, kind: .direct, reason: "learned: no weights loaded; the default",
                             alternates: [], verdict: nil, denied: denied)
        }
        var cheapest = first
        for candidate in allowed where candidate.price < cheapest.price { cheapest = candidate }
        let probability = model.probability(features)
        let shown = (probability * 1000).rounded() / 1000
        let suffices = probability >= route.learned.threshold
        var plan = RoutePlan(
            model: suffices ? cheapest.model : first.model, kind: suffices ? .learned : .direct,
            reason: "learned: p \(shown) \(suffices ? "≥" : "<") \(route.learned.threshold) (weights v\(model.version))",
            alternates: [], verdict: nil, denied: denied)
        plan.probability = probability
        return plan
    }
}
