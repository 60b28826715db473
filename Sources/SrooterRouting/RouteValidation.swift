/// One thing wrong with a route (for `srooter config check` and `serve`'s start).
public struct RouteProblem: Sendable, Equatable, CustomStringConvertible {
    public let route: String
    public let message: String
    public var description: String { "route '\(route)': \(message)" }
}

extension RoutingTable {
    /// Every problem of the table against the configured `models`: no candidates, a candidate
    /// that is neither a model nor a route, a candidate named twice, a route that shares a model's
    /// name, a loop through nested routes, a council of fewer than two members (or members and
    /// a chair that are not models of the route), a strategy
    /// `serve` cannot run yet. Sorted by route name.
    public func problems(models: Set<String>) -> [RouteProblem] {
        var problems: [RouteProblem] = []
        for route in routes.values.sorted(by: { $0.name < $1.name }) {
            func note(_ message: String) { problems.append(RouteProblem(route: route.name, message: message)) }
            if models.contains(route.name) { note("has the same name as a model; give the route or the model another name") }
            if route.candidates.isEmpty { note("has no candidates") }
            var seen: Set<String> = []
            for candidate in route.candidates {
                if !seen.insert(candidate).inserted { note("names the candidate '\(candidate)' twice") }
                if !models.contains(candidate), routes[candidate] == nil {
                    note("candidate '\(candidate)' is neither a model nor a route (models: \(models.sorted().joined(separator: ", ")))")
                }
            }
            if let loop = loop(from: route.name) { note("its candidates loop back to it (\(loop.joined(separator: " → ")))") }
            if route.strategy == .council { councilProblems(route, models: models).forEach(note) }
            if route.strategy == .learned, route.learned.weightsFile == nil {
                note("a learned route needs learned.weights (the file srooter router train writes)")
            }
            if !RouteStrategy.served.contains(route.strategy) {
                note("strategy '\(route.strategy.rawValue)' is not available yet (available: \(RouteStrategy.served.map(\.rawValue).sorted().joined(separator: ", ")))")
            }
        }
        return problems
    }

    /// A council's members and chair against the route's models.
    private func councilProblems(_ route: Route, models: Set<String>) -> [String] {
        var out: [String] = []
        let own = self.models(of: route).filter { models.contains($0) }
        let listed = route.council.members
        var seen: Set<String> = []
        for member in listed {
            if !seen.insert(member).inserted { out.append("council.members names '\(member)' twice") }
            if !own.contains(member) {
                out.append("council member '\(member)' is not a model of the route (its models: \(own.joined(separator: ", ")))")
            }
        }
        let members = listed.isEmpty ? own : Array(seen).filter { own.contains($0) }
        if members.count < 2 { out.append("a council needs at least two member models (has \(members.count))") }
        if let chair = route.council.chair, !own.contains(chair) {
            out.append("council chair '\(chair)' is not a model of the route (its models: \(own.joined(separator: ", ")))")
        }
        return out
    }

    /// The shortest path of nested routes from `start` back to itself, or nil.
    func loop(from start: String) -> [String]? {
        var queue: [[String]] = [[start]]
        var seen: Set<String> = []
        while !queue.isEmpty {
            let path = queue.removeFirst()
            guard let last = path.last, let route = routes[last] else { continue }
            for next in route.candidates where routes[next] != nil {
                if next == start { return path + [start] }
                if seen.insert(next).inserted { queue.append(path + [next]) }
            }
        }
        return nil
    }
}
