import SrooterRouting
import Yams

extension ConfigReader {
    /// Reads the `routes:` section (issue 20): public model names served by one of their candidates.
    ///
    /// ```yaml
    /// routes:
    ///   srooter/auto:
    ///     strategy: trivial
    ///     candidates: [claude-sonnet, claude-haiku]
    ///     trivial: {max_output_tokens: 1024, max_input_tokens: 2000, max_turn_chars: 2000, min_score: 6}
    ///   claude-sonnet-4-5:
    ///     strategy: fallback
    ///     candidates: [claude-sonnet, claude-sonnet-backup]
    ///     fallback: {max_retry_after_seconds: 2, breaker_failures: 5, breaker_window_seconds: 30, breaker_cooldown_seconds: 30}
    ///   srooter/learned:
    ///     strategy: learned
    ///     candidates: [claude-sonnet, claude-haiku]
    ///     learned: {weights: ./data/router-weights.json, threshold: 0.7}
    ///   srooter/council:
    ///     strategy: council
    ///     candidates: [claude-sonnet, gpt-4o, claude-haiku]
    ///     council: {members: [claude-sonnet, gpt-4o], chair: claude-sonnet, member_timeout_seconds: 60}
    /// ```
    mutating func readRoutes(_ node: Node, into config: inout GatewayConfig) {
        for (name, item) in mapping(node, "routes", allowed: []) ?? [] {
            lines["route:\(name)"] = item.mark?.line
            if let route = readRoute(name, item) { config.routes.routes[name] = route }
        }
    }

    private mutating func readRoute(_ name: String, _ node: Node) -> Route? {
        let what = "route '\(name)'"
        guard let pairs = mapping(node, what, allowed: ["strategy", "candidates", "trivial", "fallback", "learned", "council"]) else { return nil }
        let fields = Dictionary(pairs, uniquingKeysWith: { $1 })
        guard let strategyNode = fields["strategy"], let text = string(strategyNode, "\(what).strategy") else {
            if fields["strategy"] == nil { problem(node, "\(what) needs a strategy (\(RouteStrategy.allCases.map(\.rawValue).joined(separator: ", ")))") }
            return nil
        }
        guard let strategy = RouteStrategy(rawValue: text) else {
            problem(strategyNode, "\(what): unknown strategy '\(text)' (\(RouteStrategy.allCases.map(\.rawValue).joined(separator: ", ")))")
            return nil
        }
        var candidates: [String] = []
        if let list = fields["candidates"] {
            guard let items = list.sequence else {
                problem(list, "\(what).candidates must be a list of model or route names")
                return nil
            }
            for item in items { if let candidate = string(item, "\(what).candidates[]") { candidates.append(candidate) } }
        } else {
            problem(node, "\(what) needs candidates (a list of model or route names, the default first)")
        }
        var route = Route(name: name, strategy: strategy, candidates: candidates)
        if let trivial = fields["trivial"] {
            for (key, item) in mapping(trivial, "\(what).trivial", allowed: ["max_output_tokens", "max_input_tokens", "max_turn_chars", "min_score"]) ?? [] {
                guard let value = number(item, "\(what).trivial.\(key)"), value.rounded() == value, value <= 1e9 else {
                    problem(item, "\(what).trivial.\(key) must be a whole number")
                    continue
                }
                switch key {
                case "max_output_tokens": route.trivial.maxOutputTokens = Int(value)
                case "max_input_tokens": route.trivial.maxInputTokens = Int(value)
                case "max_turn_chars": route.trivial.maxTurnChars = Int(value)
                default: route.trivial.minScore = Int(value)
                }
            }
        }
        if let fallback = fields["fallback"] {
            let names: Set = ["max_retry_after_seconds", "breaker_failures", "breaker_window_seconds", "breaker_cooldown_seconds"]
            for (key, item) in mapping(fallback, "\(what).fallback", allowed: names) ?? [] {
                guard let value = number(item, "\(what).fallback.\(key)", minimum: key == "breaker_failures" ? 1 : 0) else { continue }
                switch key {
                case "max_retry_after_seconds":
                    guard value <= 60 else { problem(item, "\(what).fallback.max_retry_after_seconds must be at most 60"); continue }
                    route.fallback.maxRetryAfterSeconds = value
                case "breaker_failures":
                    guard value.rounded() == value, value <= 1e6 else { problem(item, "\(what).fallback.breaker_failures must be a whole number"); continue }
                    route.fallback.breaker.failures = Int(value)
                case "breaker_window_seconds": route.fallback.breaker.windowSeconds = value
                default: route.fallback.breaker.cooldownSeconds = value
                }
            }
        }
        if let learned = fields["learned"] {
            for (key, item) in mapping(learned, "\(what).learned", allowed: ["weights", "threshold"]) ?? [] {
                if key == "weights" {
                    route.learned.weightsFile = string(item, "\(what).learned.weights")
                } else if let value = number(item, "\(what).learned.threshold") {
                    guard value <= 1 else { problem(item, "\(what).learned.threshold must be a probability from 0 to 1"); continue }
                    route.learned.threshold = value
                }
            }
        }
        if let council = fields["council"] { readCouncil(council, what: what, into: &route.council) }
        return route
    }

    /// A council route's `council:` map: `members`, `chair`, `member_timeout_seconds`.
    private mutating func readCouncil(_ node: Node, what: String, into council: inout CouncilSettings) {
        for (key, item) in mapping(node, "\(what).council", allowed: ["members", "chair", "member_timeout_seconds"]) ?? [] {
            switch key {
            case "members":
                guard let items = item.sequence else {
                    problem(item, "\(what).council.members must be a list of model names")
                    continue
                }
                council.members = items.compactMap { string($0, "\(what).council.members[]") }
            case "chair":
                council.chair = string(item, "\(what).council.chair")
            default:
                guard let value = number(item, "\(what).council.member_timeout_seconds") else { continue }
                guard value > 0, value <= 600 else {
                    problem(item, "\(what).council.member_timeout_seconds must be more than 0 and at most 600")
                    continue
                }
                council.memberTimeoutSeconds = value
            }
        }
    }

    /// Cross-references of the routes against the models (``RoutingTable/problems(models:)``).
    mutating func validateRoutes(_ config: GatewayConfig) {
        for found in config.routes.problems(models: Set(config.models.keys)) {
            problems.append(ConfigProblem(line: lines["route:\(found.route)"] ?? 0, message: found.description))
        }
    }
}
