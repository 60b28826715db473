import SrooterRouting
import SrooterStore

/// `srooter route explain`: the decision the gateway would make for one request body, with every
/// feature and threshold behind it, made by the same router `serve` runs and without sending
/// anything. Policy is not consulted (every candidate counts as allowed) and session affinity
/// starts empty, as in a gateway that has just started.
public enum RouteExplanation {
    /// Why the body cannot be explained.
    public enum Problem: Error, Sendable, CustomStringConvertible {
        case body(String)
        case unknownModel(String, known: [String])

        public var description: String {
            switch self {
            case .body(let reason): "the body cannot be read: \(reason)"
            case .unknownModel(let name, let known): "'\(name)' is neither a model nor a route of the configuration (known: \(known.joined(separator: ", ")))"
            }
        }
    }

    /// The explanation's lines.
    /// - Parameter model: the model to explain (the body's own `model` when nil).
    /// - Parameter weightsKey: the key learned routes' weights are sealed with (nil: none are read).
    public static func explain(config: GatewayConfig, model: String?, body: [UInt8], surface: Surface,
                               weightsKey: (any MetadataCipher)? = nil) throws(Problem) -> [String] {
        let summary: RequestSummary
        do {
            summary = try RequestSummary(body: body, surface: surface)
        } catch .missingModel {
            guard model != nil else { throw .body("it has no \"model\" field; add one or pass --model") }
            return try explain(config: config, model: model, body: Self.withModel(body), surface: surface, weightsKey: weightsKey)
        } catch .malformed(let reason) {
            throw .body(reason)
        } catch .duplicate(let member) {
            throw .body("it has more than one \"\(member)\" member")
        } catch {
            throw .body("\(error)")
        }
        let requested = model ?? summary.model
        let request = RouteRequest(requested: requested, surface: surface, root: summary.root, bodySize: body.count, allows: { _ in true })
        let router = TableRouter(config: config, weightsKey: weightsKey)
        let decision: RouteDecision?
        do {
            decision = try router.route(request)
        } catch {
            throw .unknownModel(requested, known: [])  // not reached: every candidate is allowed here
        }
        guard let decision else {
            throw .unknownModel(requested, known: (Array(config.models.keys) + Array(config.routes.routes.keys)).sorted())
        }
        var lines = ["request: model \(requested) on \(surface.rawValue), \(body.count) bytes (nothing is sent)"]
        guard let route = config.routes[requested] else {
            lines.append("decision: direct → \(decision.model.name) (provider \(decision.provider), upstream \(decision.upstreamModel)): \(requested) is a model, not a route")
            return lines
        }
        lines.append("route: \(route.name), strategy \(route.strategy.rawValue)")
        lines.append("candidates (in order; price = input + output USD per million tokens):")
        for name in config.routes.models(of: route) {
            guard let candidate = config.models[name] else { continue }
            let upstream = config.providers[candidate.provider]?.kind.upstreamWire(for: surface.wire) ?? surface.wire
            lines.append("  \(name): provider \(candidate.provider), price \(format(candidate.prices.input + candidate.prices.output))\(upstream == surface.wire ? "" : ", translated to the \(upstream.rawValue) wire")")
        }
        if route.strategy == .trivial || route.strategy == .learned {
            let features = request.features
            lines.append("features:")
            lines.append("  token_estimate \(features.tokenEstimate) (body bytes / 4)")
            lines.append("  max_output_tokens \(features.maxOutputTokens.map(String.init) ?? "not sent")")
            lines.append("  reasoning_asked \(features.reasoningAsked)")
            lines.append("  tools \(features.toolCount), images \(features.imageCount)")
            lines.append("  messages \(features.messageCount), assistant_turns \(features.assistantTurns), last_turn_chars \(features.lastTurnChars)")
            lines.append("  code_fences \(features.codeFenceCount), fence_languages [\(features.fenceLanguages.joined(separator: ", "))]")
            lines.append("  side_call \(features.sideCall)")
            lines.append("  session_key \(features.sessionKey ?? "none") (affinity starts empty here)")
            if let verdict = decision.plan?.verdict {
                lines.append("trivial score (min_score \(verdict.minScore)):")
                for factor in verdict.factors {
                    lines.append("  \(factor.met ? "+" : " ")\(factor.points) \(factor.name): \(factor.detail)\(factor.met ? "" : " (not met)")")
                }
                lines.append("  = \(verdict.summary): \(verdict.isTrivial ? "trivial" : "not trivial")")
            }
        }
        if route.strategy == .learned {
            let path = route.learned.weightsFile ?? "none"
            if let probability = decision.plan?.probability, let model = router.weights[route.name]?.current() {
                lines.append("learned: weights v\(model.version) from \(path); p(cheapest suffices) = \((probability * 1000).rounded() / 1000), threshold \(route.learned.threshold) (session outcomes start empty here)")
            } else {
                lines.append("learned: no weights could be read from \(path); the default serves")
            }
        }
        if route.strategy == .fallback {
            let settings = route.fallback
            lines.append("fallback: on 429, 5xx, 529, connect errors and timeouts before the client got a byte, the next candidate; retry-after waited up to \(format(settings.maxRetryAfterSeconds)) s")
            lines.append("breaker per provider: open after \(settings.breaker.failures) failures in \(format(settings.breaker.windowSeconds)) s, one probe after \(format(settings.breaker.cooldownSeconds)) s")
            lines.append("chain: \(([decision.model.name] + (decision.fallback?.alternates.map(\.name) ?? [])).joined(separator: " → "))")
        }
        if let council = decision.council {
            lines.append("council: members \(council.members.map(\.name).joined(separator: ", ")) answer, then rank the anonymous answers; chair \(decision.model.name) writes the answer; each member call within \(format(council.memberTimeoutSeconds)) s")
        }
        lines.append("decision: \(decision.kind.rawValue) → \(decision.model.name) (provider \(decision.provider), upstream \(decision.upstreamModel)): \(decision.reason)")
        return lines
    }

    /// A body without `model` gets one, so a saved request can be explained against any route.
    private static func withModel(_ body: [UInt8]) -> [UInt8] {
        guard let open = body.firstIndex(of: UInt8(ascii: "{")) else { return body }
        let rest = body[(open + 1)...]
        let empty = rest.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "}")
        return Array(body[...open]) + Array((empty ? #""model":"explain""# : #""model":"explain","#).utf8) + rest
    }

    private static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
