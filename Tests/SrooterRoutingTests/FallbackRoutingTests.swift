import Foundation
import Hummingbird
import SrooterRouting
import Testing
@testable import SrooterGateway

/// A fallback route through the request path (in process): which failures move to the next
/// candidate, which do not, the circuit breaker, `retry-after`, and what the audit record says.
@Suite struct FallbackRoutingTests {
    /// `safe` falls back from `a` (provider pa, dear) to `b` (provider pb, cheap).
    static func harness(failures: Int = 5, candidates: [String] = ["a", "b"]) async throws -> RoutingHarness {
        var harness = try await RoutingHarness()
        harness.model("a", provider: "pa", input: 10, output: 20)
        harness.model("a2", provider: "pa", input: 10, output: 20)
        harness.model("b", provider: "pb", input: 1, output: 2)
        var route = Route(name: "safe", strategy: .fallback, candidates: candidates)
        // Windows far longer than any run: these tests are about skipping, not time (CircuitBreakerTests move a clock).
        route.fallback.breaker = BreakerSettings(failures: failures, windowSeconds: 3600, cooldownSeconds: 3600)
        harness.config.routes.routes["safe"] = route
        return harness
    }

    static let body = #"{"model":"safe","messages":[{"role":"user","content":"hello"}]}"#

    static let retried: [ScriptedProvider.Answer] = [
        .status(429, headers: []), .status(500, headers: []), .status(503, headers: []), .status(529, headers: []),
        .fail(.connectTimeout), .fail(.idleTimeout), .fail(.unreachable("connection refused")),
    ]

    @Test(arguments: 0..<retried.count)
    func aFailureBeforeAnyByteMovesToTheNextCandidate(_ index: Int) async throws {
        let answer = Self.retried[index]
        let harness = try await Self.harness()
        let pa = ScriptedProvider(name: "pa", answers: ["a-up": answer])
        let pb = ScriptedProvider(name: "pb")
        let response = await harness.pipeline([pa, pb]).handle(harness.chat(Self.body), surface: .openAIChat)
        #expect(response.status == .ok)
        #expect(pa.models == ["a-up"] && pb.models == ["b-up"])
        let record = try #require(harness.records.all.first)
        #expect(record.routing == "fallback" && record.requestedModel == "safe" && record.servedModel == "b-up" && record.provider == "pb")
        let why = switch answer {
        case .status(let status, _): "\(status)"
        case .fail(let error): "\(error.outcome.rawValue) (\(error.status))"
        case .mock: "?"
        }
        #expect(record.note == "route safe: fallback to candidate 2; attempts: a \(why), b served (200)")
        // Settled at the prices of the model that served (1 and 2 USD per million tokens).
        #expect(record.costUSD == (Double(record.inputTokens) * 1 + Double(record.outputTokens) * 2) / 1_000_000 && record.costUSD > 0)
    }

    static let final: [ScriptedProvider.Answer] = [.status(400, headers: []), .status(401, headers: []), .fail(.cancelled), .fail(.missingClientCredential)]

    @Test(arguments: 0..<final.count)
    func theRequestsOwnFaultsAreNotRetried(_ index: Int) async throws {
        let harness = try await Self.harness()
        let pa = ScriptedProvider(name: "pa", answers: ["a-up": Self.final[index]])
        let pb = ScriptedProvider(name: "pb")
        let response = await harness.pipeline([pa, pb]).handle(harness.chat(Self.body), surface: .openAIChat)
        #expect(response.status != .ok)
        #expect(pa.models == ["a-up"] && pb.models.isEmpty)
        #expect(harness.records.all.first?.servedModel == "a-up")
    }

    @Test func theLastCandidatesErrorReachesTheClientAsItCame() async throws {
        let harness = try await Self.harness()
        let pa = ScriptedProvider(name: "pa", answers: ["a-up": .status(529, headers: [])])
        let pb = ScriptedProvider(name: "pb", answers: ["b-up": .status(503, headers: [])])
        let response = await harness.pipeline([pa, pb]).handle(harness.chat(Self.body), surface: .openAIChat)
        #expect(response.status.code == 503)
        let record = try #require(harness.records.all.first)
        #expect(record.status == 503 && record.outcome == "upstream_error" && record.note?.hasSuffix("attempts: a 529, b 503") == true)
    }

    @Test func everyCandidateUnreachableIsTheLastError() async throws {
        let harness = try await Self.harness()
        let pa = ScriptedProvider(name: "pa", answers: ["a-up": .fail(.unreachable("refused"))])
        let pb = ScriptedProvider(name: "pb", answers: ["b-up": .fail(.connectTimeout)])
        let response = await harness.pipeline([pa, pb]).handle(harness.chat(Self.body), surface: .openAIChat)
        #expect(response.status == .gatewayTimeout)
        let record = try #require(harness.records.all.first)
        #expect(record.outcome == "timeout" && record.note?.hasSuffix("attempts: a upstream_error (502), b timeout (504)") == true, "\(record.note ?? "")")
    }

    /// Two failures open `pa`'s circuit (failures: 2); the third request skips it without
    /// sending anything there.
    @Test func anOpenCircuitSkipsItsProvider() async throws {
        let harness = try await Self.harness(failures: 2)
        let pa = ScriptedProvider(name: "pa", answers: ["a-up": .status(529, headers: [])])
        let pb = ScriptedProvider(name: "pb")
        let pipeline = harness.pipeline([pa, pb])
        for _ in 0..<3 {
            let response = await pipeline.handle(harness.chat(Self.body), surface: .openAIChat)
            #expect(response.status == .ok)
        }
        #expect(pa.models == ["a-up", "a-up"] && pb.models == ["b-up", "b-up", "b-up"])
        #expect(harness.records.all.last?.note == "route safe: fallback to candidate 2; attempts: a skipped (circuit open for pa), b served (200)")
    }

    /// A `retry-after` over the route's limit (2 s) skips the rest of that provider's candidates.
    @Test func aLongRetryAfterSkipsTheProvider() async throws {
        let harness = try await Self.harness(candidates: ["a", "a2", "b"])
        let pa = ScriptedProvider(name: "pa", answers: ["a-up": .status(429, headers: [("retry-after", "30")])])
        let pb = ScriptedProvider(name: "pb")
        let response = await harness.pipeline([pa, pb]).handle(harness.chat(Self.body), surface: .openAIChat)
        #expect(response.status == .ok && pa.models == ["a-up"] && pb.models == ["b-up"])
        #expect(harness.records.all.first?.note?.hasSuffix("attempts: a 429, a2 skipped (retry-after over 2.0 s), b served (200)") == true)
    }

    /// A short `retry-after` is waited out before the same provider is asked again.
    @Test func aShortRetryAfterIsWaitedOut() async throws {
        let harness = try await Self.harness(candidates: ["a", "a2", "b"])
        let pa = ScriptedProvider(name: "pa", answers: ["a-up": .status(429, headers: [("retry-after", "0.3")])])
        let pb = ScriptedProvider(name: "pb")
        let started = ContinuousClock.now
        let response = await harness.pipeline([pa, pb]).handle(harness.chat(Self.body), surface: .openAIChat)
        let elapsed = ContinuousClock.now - started
        #expect(response.status == .ok && pa.models == ["a-up", "a2-up"] && pb.models.isEmpty)
        #expect(elapsed >= .milliseconds(300), "\(elapsed)")
    }

    /// Once a stream's head and first events went to the client, a failure is the client's to
    /// see: no second upstream is asked.
    @Test func noSecondUpstreamAfterBytesReachedTheClient() async throws {
        var harness = try await Self.harness()
        harness.model("a", provider: "pa", input: 10, output: 20, upstream: "mock:midstream-failure")
        let pa = ScriptedProvider(name: "pa")
        let pb = ScriptedProvider(name: "pb")
        let body = #"{"model":"safe","stream":true,"messages":[{"role":"user","content":"hello"}]}"#
        let response = await harness.pipeline([pa, pb]).handle(harness.chat(body), surface: .openAIChat)
        #expect(response.status == .ok)
        let text = try await RoutingHarness.collect(response)
        #expect(text.contains("data: ") && text.contains("error"), "\(text)")
        #expect(pa.models == ["mock:midstream-failure"] && pb.models.isEmpty)
        let record = try #require(harness.records.all.first)
        #expect(record.servedModel == "mock:midstream-failure" && record.outcome == "upstream_error" && record.routing == "direct")
    }

    /// The budget reservation is priced on the dearest model the request may be served by:
    /// a budget that covers the cheap `b` but not the dear `a` refuses the route up front.
    @Test func theReservationCoversEveryAttempt() async throws {
        var harness = try await Self.harness(candidates: ["b", "a"])
        harness.model("a", provider: "pa", input: 1000, output: 1000)
        // 4096 estimated output tokens: at b's 2 USD per million about 0.008 USD, at a's 1000 about 4 USD.
        let engine = try await harness.policy(#"{"budget_usd":{"day":0.05}}"#)
        let pa = ScriptedProvider(name: "pa")
        let pb = ScriptedProvider(name: "pb")
        let response = await harness.pipeline([pa, pb], policy: engine).handle(harness.chat(Self.body), surface: .openAIChat)
        #expect(response.status == .tooManyRequests)
        #expect(harness.records.all.map(\.outcome) == ["over_budget"] && pa.models.isEmpty && pb.models.isEmpty)
    }
}
