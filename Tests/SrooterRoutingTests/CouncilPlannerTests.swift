import SrooterRouting
import Testing

/// `RoutePlanner` on council routes, and the council's ranking arithmetic: pure decisions.
@Suite struct CouncilPlannerTests {
    static func candidates(denying denied: Set<String> = []) -> [Candidate] {
        [("a", 18.0), ("b", 1.5), ("c", 5.0)].map { Candidate(model: $0.0, provider: "p", price: $0.1, allowed: !denied.contains($0.0)) }
    }

    static let route = Route(name: "panel", strategy: .council, candidates: ["a", "b", "c"])

    static func plan(_ route: Route = route, denying denied: Set<String> = [], tools: Int = 0) throws -> RoutePlan {
        var features = RequestFeatures()
        features.toolCount = tools
        return try RoutePlanner.plan(route, candidates: candidates(denying: denied), features: features, affinity: nil)
    }

    @Test func everyCandidateSitsAndTheDefaultChairs() throws {
        let plan = try Self.plan()
        #expect(plan.kind == .council && plan.model == "a")
        #expect(plan.council == CouncilPlan(members: ["a", "b", "c"], chair: "a", deniedMembers: []))
        #expect(plan.reason == "council: members a, b, c; chair a")
    }

    @Test func theConfiguredMembersAndChairSit() throws {
        var route = Self.route
        route.council = CouncilSettings(members: ["c", "b"], chair: "b")
        let plan = try Self.plan(route)
        #expect(plan.model == "b" && plan.council?.members == ["c", "b"] && plan.council?.chair == "b")
    }

    @Test func aTurnWithToolsGoesToTheDefault() throws {
        let plan = try Self.plan(tools: 2)
        #expect(plan.kind == .direct && plan.model == "a" && plan.council == nil)
        #expect(plan.reason == "council: the turn declares 2 tools; the default")
    }

    @Test func deniedMembersAreLeftOut() throws {
        let plan = try Self.plan(denying: ["b"])
        #expect(plan.council == CouncilPlan(members: ["a", "c"], chair: "a", deniedMembers: ["b"]))
        #expect(plan.denied == ["b"] && plan.reason == "council: members a, c (b not allowed); chair a")
    }

    @Test func aDeniedChairIsReplacedByTheFirstAllowedCandidate() throws {
        var route = Self.route
        route.council.chair = "c"
        let plan = try Self.plan(route, denying: ["c"])
        #expect(plan.model == "a" && plan.council?.chair == "a" && plan.council?.members == ["a", "b"])
        #expect(plan.reason == "council: members a, b (c not allowed); chair a (c not allowed)")
    }

    @Test func fewerThanTwoAllowedMembersIsNoCouncil() throws {
        let plan = try Self.plan(denying: ["a", "c"])
        #expect(plan.kind == .direct && plan.model == "b" && plan.council == nil)
        #expect(plan.reason == "council: 1 allowed member (a council needs two); the default")
    }

    @Test func everyCandidateDeniedIsADenial() {
        #expect(throws: RouteDenial(route: "panel", candidates: ["a", "b", "c"])) { try Self.plan(denying: ["a", "b", "c"]) }
    }

    @Test func labelsRunFromAToZ() {
        #expect((0..<3).map(CouncilRanking.label) == ["Response A", "Response B", "Response C"])
        #expect(CouncilRanking.label(25) == "Response Z" && CouncilRanking.label(26) == "Response 27")
    }

    @Test func aRankingIsReadAfterItsLastMarker() {
        let text = """
            Response A is thin. Response C is best.
            An example: FINAL RANKING:
            1. Response A
            FINAL RANKING:
            1. **Response C**
            2) Response A
            3. Response B

            Thanks.
            """
        #expect(CouncilRanking.parse(text, count: 3) == [2, 0, 1])
    }

    @Test func aRankingThatCannotBeReadIsNil() {
        #expect(CouncilRanking.parse("I like Response B best.", count: 2) == nil)  // no marker
        #expect(CouncilRanking.parse("FINAL RANKING:\n1. Response B", count: 2) == nil)  // one missing
        #expect(CouncilRanking.parse("FINAL RANKING:\n1. Response B\n2. Response B", count: 2) == nil)  // twice
        #expect(CouncilRanking.parse("FINAL RANKING:\n1. Response B\n2. Response D", count: 2) == nil)  // unknown
        #expect(CouncilRanking.parse("FINAL RANKING:\n1. Response B\n2. Response A", count: 0) == nil)
    }

    @Test func rankingsAreCombinedByMeanPosition() {
        // Three rankings of A, B, C: B is 1, 1, 2 (mean 4/3); A is 2, 3, 1 (2); C is 3, 2, 3 (8/3).
        let standings = CouncilRanking.aggregate([[1, 0, 2], [1, 2, 0], [0, 1, 2]], count: 3)
        #expect(standings.map(\.index) == [1, 0, 2])
        #expect(standings.map(\.votes) == [3, 3, 3])
        #expect(abs(standings[0].meanPosition - 4.0 / 3.0) < 1e-12 && standings[1].meanPosition == 2 && abs(standings[2].meanPosition - 8.0 / 3.0) < 1e-12)
        // A tie keeps the label order; no ranking, no standings.
        #expect(CouncilRanking.aggregate([[0, 1], [1, 0]], count: 2).map(\.index) == [0, 1])
        #expect(CouncilRanking.aggregate([], count: 2).isEmpty)
    }
}
