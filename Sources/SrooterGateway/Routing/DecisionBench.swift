import SrooterRouting
import SrooterStore

/// The route stage's decision time for one body on one route, for `srooter router bench` (and
/// `bench/router-decision.sh`): `iterations` decisions by the router `serve` runs, each timed
/// alone, measuring the request's features as the route stage does (the body is parsed once,
/// before, as decode parses it). Every candidate counts as allowed; session affinity and outcomes
/// are those of a router that has just started and then sees the same conversation again.
public enum DecisionBench {
    public struct Figures: Sendable, Equatable {
        public let kind: String
        public let model: String
        public let iterations: Int
        /// Nanoseconds.
        public let p50: Int
        public let p99: Int
        public let max: Int
    }

    public static func run(config: GatewayConfig, model: String, body: [UInt8], surface: Surface, iterations: Int,
                           weightsKey: (any MetadataCipher)?) throws(RouteExplanation.Problem) -> Figures {
        let summary: RequestSummary
        do { summary = try RequestSummary(body: body, surface: surface) } catch { throw .body("\(error)") }
        let request = RouteRequest(requested: model, surface: surface, root: summary.root, bodySize: body.count, allows: { _ in true })
        let router = TableRouter(config: config, weightsKey: weightsKey)
        let clock = ContinuousClock()
        var times: [Int] = []
        times.reserveCapacity(iterations)
        var last: RouteDecision?
        for _ in 0..<max(1, iterations) {
            let start = clock.now
            let decision = try? router.route(request)
            let elapsed = clock.now - start
            times.append(Int(elapsed.components.seconds) * 1_000_000_000 + Int(elapsed.components.attoseconds / 1_000_000_000))
            last = decision ?? nil
        }
        guard let last else {
            throw .unknownModel(model, known: (Array(config.models.keys) + Array(config.routes.routes.keys)).sorted())
        }
        times.sort()
        func percentile(_ share: Double) -> Int { times[min(times.count - 1, Int((Double(times.count) * share).rounded(.up)) - 1)] }
        return Figures(kind: last.kind.rawValue, model: last.model.name, iterations: times.count, p50: percentile(0.5), p99: percentile(0.99),
                       max: times[times.count - 1])
    }
}
