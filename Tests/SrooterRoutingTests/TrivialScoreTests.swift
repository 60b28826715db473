import SrooterRouting
import Testing

/// The trivial heuristic's points (the table in `TrivialScore`'s documentation) and the planner's
/// choices on a trivial route.
@Suite struct TrivialScoreTests {
    /// A one-line question with a small limit: every plain factor met (6 points), no side call.
    static var small: RequestFeatures {
        var features = RequestFeatures()
        features.tokenEstimate = 40
        features.maxOutputTokens = 256
        features.messageCount = 1
        features.lastTurnChars = 30
        features.sessionKey = "conversation-1"
        return features
    }

    @Test func aSmallPlainRequestScoresSix() {
        let verdict = TrivialScore.judge(Self.small, TrivialThresholds())
        #expect(verdict.score == 6 && verdict.isTrivial && verdict.summary == "score 6 ≥ 6")
        #expect(verdict.factors.map(\.name) == ["small_output", "small_input", "no_tools", "no_images", "one_short_turn", "no_reasoning", "side_call"])
    }

    @Test func eachMissingFactorCostsItsPoint() {
        var tools = Self.small
        tools.toolCount = 3
        var image = Self.small
        image.imageCount = 1
        var noLimit = Self.small
        noLimit.maxOutputTokens = nil
        var bigLimit = Self.small
        bigLimit.maxOutputTokens = 1025
        var reasoning = Self.small
        reasoning.reasoningAsked = true
        var twoTurns = Self.small
        twoTurns.messageCount = 3
        var longTurn = Self.small
        longTurn.lastTurnChars = 2001
        var bigInput = Self.small
        bigInput.tokenEstimate = 2001
        for features in [tools, image, noLimit, bigLimit, reasoning, twoTurns, longTurn, bigInput] {
            let verdict = TrivialScore.judge(features, TrivialThresholds())
            #expect(verdict.score == 5 && !verdict.isTrivial, "\(verdict.factors.filter { !$0.met }.map(\.name))")
        }
    }

    @Test func aSideCallOutweighsTwoMissingFactors() {
        var title = Self.small
        title.sideCall = true
        title.messageCount = 1
        title.lastTurnChars = 9000  // the conversation to title, pasted into one turn
        title.tokenEstimate = 2500
        // small_output, no_tools, no_images, no_reasoning (4) + side_call (3) = 7
        #expect(TrivialScore.judge(title, TrivialThresholds()).score == 7)
    }

    @Test func thresholdsComeFromTheRoute() {
        var thresholds = TrivialThresholds()
        thresholds.maxOutputTokens = 100
        thresholds.minScore = 5
        let verdict = TrivialScore.judge(Self.small, thresholds)
        #expect(verdict.score == 5 && verdict.isTrivial)
        #expect(verdict.factors[0].detail == "output limit 256 ≤ 100" && !verdict.factors[0].met)
    }
}

@Suite struct RoutePlannerTests {
    let route = Route(name: "auto", strategy: .trivial, candidates: ["sonnet", "haiku", "mini"])
    // Prices per million input + output: sonnet 3+15, haiku 1+5, mini 0.15+0.6.
    func candidates(denying denied: Set<String> = []) -> [Candidate] {
        [("sonnet", 18.0), ("haiku", 6.0), ("mini", 0.75)].map {
            Candidate(model: $0.0, provider: "p", price: $0.1, allowed: !denied.contains($0.0))
        }
    }

    @Test func aTrivialRequestGoesToTheCheapestAllowedCandidate() throws {
        let plan = try RoutePlanner.plan(route, candidates: candidates(), features: TrivialScoreTests.small, affinity: nil)
        #expect(plan.model == "mini" && plan.kind == .trivial && plan.reason == "trivial: score 6 ≥ 6")
        let withoutMini = try RoutePlanner.plan(route, candidates: candidates(denying: ["mini"]), features: TrivialScoreTests.small, affinity: nil)
        #expect(withoutMini.model == "haiku" && withoutMini.denied == ["mini"])
    }

    @Test func anOrdinaryRequestGoesToTheFirstAllowedCandidate() throws {
        var features = TrivialScoreTests.small
        features.toolCount = 12
        let plan = try RoutePlanner.plan(route, candidates: candidates(), features: features, affinity: nil)
        #expect(plan.model == "sonnet" && plan.kind == .direct && plan.reason == "not trivial: score 5 < 6")
        let denied = try RoutePlanner.plan(route, candidates: candidates(denying: ["sonnet"]), features: features, affinity: nil)
        #expect(denied.model == "haiku")
    }

    @Test func everyCandidateDeniedIsADenialNamingThem() {
        #expect(throws: RouteDenial(route: "auto", candidates: ["sonnet", "haiku", "mini"])) {
            try RoutePlanner.plan(route, candidates: candidates(denying: ["sonnet", "haiku", "mini"]), features: TrivialScoreTests.small, affinity: nil)
        }
    }

    /// A conversation stays on its model while its turns are trivial, moves up to the default
    /// at its first turn that is not, and stays there.
    @Test func sessionAffinityKeepsAndEscalates() throws {
        let affinity = SessionAffinity(capacity: 8)
        let first = try RoutePlanner.plan(route, candidates: candidates(), features: TrivialScoreTests.small, affinity: affinity)
        #expect(first.model == "mini")
        var later = TrivialScoreTests.small
        later.messageCount = 3
        later.assistantTurns = 1
        let escalated = try RoutePlanner.plan(route, candidates: candidates(), features: later, affinity: affinity)
        #expect(escalated.model == "sonnet" && escalated.reason == "session escalated to the default: score 5 < 6")
        let trivialAgain = try RoutePlanner.plan(route, candidates: candidates(), features: TrivialScoreTests.small, affinity: affinity)
        #expect(trivialAgain.model == "sonnet" && trivialAgain.kind == .direct, "the conversation stays on the default (its prompt cache)")
        var other = TrivialScoreTests.small
        other.sessionKey = "conversation-2"
        #expect(try RoutePlanner.plan(route, candidates: candidates(), features: other, affinity: affinity).model == "mini")
    }

    @Test func affinityIsBounded() {
        let affinity = SessionAffinity(capacity: 16)
        for index in 0..<100 { affinity.pin("k\(index)", to: "m") }
        #expect(affinity.count <= 16)
        #expect(affinity.model(for: "k99") == "m" && affinity.model(for: "k0") == nil)
    }

    @Test func aFallbackRouteKeepsItsOrder() throws {
        let chain = Route(name: "safe", strategy: .fallback, candidates: ["sonnet", "haiku", "mini"])
        let plan = try RoutePlanner.plan(chain, candidates: candidates(denying: ["haiku"]), features: RequestFeatures(), affinity: nil)
        #expect(plan.model == "sonnet" && plan.alternates == ["mini"] && plan.denied == ["haiku"])
    }
}
