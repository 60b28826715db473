/// A council's seats for one request: the members that answer and rank, and the chair that
/// writes the final answer (``RoutePlan/model``).
public struct CouncilPlan: Sendable, Equatable {
    /// Allowed members, in the route's order.
    public let members: [String]
    public let chair: String
    /// Members the caller's policy does not allow (left out).
    public let deniedMembers: [String]

    public init(members: [String], chair: String, deniedMembers: [String]) {
        self.members = members
        self.chair = chair
        self.deniedMembers = deniedMembers
    }
}

extension RoutePlanner {
    /// A council when the turn has no tools and at least two members are allowed; otherwise the
    /// route's default (its first allowed candidate), with the reason. Members are the route's
    /// `council.members` (or every candidate) the caller may use; the chair is `council.chair` (or
    /// the default), replaced by the default when the caller may not use it.
    static func council(
        _ route: Route, candidates: [Candidate], allowed: [Candidate], first: Candidate, features: RequestFeatures, denied: [String]
    ) -> RoutePlan {
        func fallBack(_ why: String) -> RoutePlan {
            RoutePlan(model: first.model, kind: .direct, reason: "council: \(why); the default", alternates: [], verdict: nil, denied: denied)
        }
        if features.toolCount > 0 { return fallBack("the turn declares \(features.toolCount) tool\(features.toolCount == 1 ? "" : "s")") }
        let seats = route.council.members.isEmpty ? candidates.map(\.model) : route.council.members
        let mayUse = Set(allowed.map(\.model))
        let members = seats.filter { mayUse.contains($0) }
        let deniedMembers = seats.filter { !mayUse.contains($0) }
        guard members.count >= 2 else {
            return fallBack("\(members.count) allowed member\(members.count == 1 ? "" : "s") (a council needs two)")
        }
        var chair = route.council.chair ?? first.model
        var seated = "chair \(chair)"
        if !mayUse.contains(chair) {
            seated = "chair \(first.model) (\(chair) not allowed)"
            chair = first.model
        }
        let left = deniedMembers.isEmpty ? "" : " (\(deniedMembers.joined(separator: ", ")) not allowed)"
        let reason = "council: members \(members.joined(separator: ", "))\(left); \(seated)"
        var plan = RoutePlan(model: chair, kind: .council, reason: reason, alternates: [], verdict: nil, denied: denied)
        plan.council = CouncilPlan(members: members, chair: chair, deniedMembers: deniedMembers)
        return plan
    }
}
