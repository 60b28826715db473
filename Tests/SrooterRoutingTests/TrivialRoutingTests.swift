import Hummingbird
import SrooterRouting
import Testing
@testable import SrooterGateway

/// A trivial route through the whole request path (in process): the audit record says
/// `trivial`, the requested route name and the cheaper model that served, and the caller's
/// allowlist bounds what may serve.
@Suite struct TrivialRoutingTests {
    /// `auto` is a trivial route over `big` (3 + 15 USD per million tokens) and `small` (0.25 + 1.25).
    static func harness() async throws -> RoutingHarness {
        var harness = try await RoutingHarness()
        harness.model("big", provider: "local", input: 3, output: 15)
        harness.model("small", provider: "local", input: 0.25, output: 1.25)
        harness.config.routes.routes["auto"] = Route(name: "auto", strategy: .trivial, candidates: ["big", "small"])
        return harness
    }

    static let small = #"{"model":"auto","max_tokens":100,"messages":[{"role":"user","content":"What is 2 + 2?"}]}"#
    static let withTools = #"{"model":"auto","max_tokens":100,"tools":[{"type":"function","function":{"name":"f","parameters":{}}}],"messages":[{"role":"user","content":"What is 2 + 2?"}]}"#

    @Test func aTrivialRequestIsServedByTheCheapestCandidate() async throws {
        let harness = try await Self.harness()
        let provider = ScriptedProvider(name: "local")
        let response = await harness.pipeline([provider]).handle(harness.chat(Self.small), surface: .openAIChat)
        #expect(response.status == .ok)
        let record = try #require(harness.records.all.first)
        #expect(record.routing == "trivial" && record.requestedModel == "auto" && record.servedModel == "small-up")
        #expect(record.note == "route auto: trivial: score 6 ≥ 6")
        // Priced at small's prices (0.25 and 1.25 USD per million tokens).
        #expect(record.costUSD == (Double(record.inputTokens) * 0.25 + Double(record.outputTokens) * 1.25) / 1_000_000)
        #expect(provider.models == ["small-up"])
    }

    @Test func aRequestWithToolsIsServedByTheDefault() async throws {
        let harness = try await Self.harness()
        let provider = ScriptedProvider(name: "local")
        let response = await harness.pipeline([provider]).handle(harness.chat(Self.withTools), surface: .openAIChat)
        #expect(response.status == .ok)
        let record = try #require(harness.records.all.first)
        #expect(record.routing == "direct" && record.servedModel == "big-up" && record.note == "route auto: not trivial: score 5 < 6")
    }

    @Test func aModelThatIsNotARouteStaysDirect() async throws {
        let harness = try await Self.harness()
        let provider = ScriptedProvider(name: "local")
        _ = await harness.pipeline([provider]).handle(harness.chat(Self.small.replacingOccurrences(of: "\"auto\"", with: "\"big\"")), surface: .openAIChat)
        let record = try #require(harness.records.all.first)
        #expect(record.routing == "direct" && record.servedModel == "big-up" && record.note == nil)
    }

    /// The allowlist applies to the served model: with `small` denied, a trivial request is
    /// served by `big`.
    @Test func aDeniedCandidateIsNotServed() async throws {
        let harness = try await Self.harness()
        let engine = try await harness.policy(#"{"models": ["auto", "big"]}"#)
        let provider = ScriptedProvider(name: "local")
        let response = await harness.pipeline([provider], policy: engine).handle(harness.chat(Self.small), surface: .openAIChat)
        #expect(response.status == .ok)
        let record = try #require(harness.records.all.first)
        #expect(record.servedModel == "big-up" && record.routing == "trivial")
        #expect(provider.models == ["big-up"])
    }

    @Test func aRouteWhoseEveryCandidateIsDeniedIs403NamingThem() async throws {
        let harness = try await Self.harness()
        let engine = try await harness.policy(#"{"models": ["auto"]}"#)
        let provider = ScriptedProvider(name: "local")
        let response = await harness.pipeline([provider], policy: engine).handle(harness.chat(Self.small), surface: .openAIChat)
        #expect(response.status == .forbidden)
        let body = try await RoutingHarness.collect(response)
        #expect(body.contains("srooter: the policy allows none of the models of route 'auto' (big, small)"), "\(body)")
        #expect(harness.records.all.map(\.outcome) == ["policy_denied"] && provider.models.isEmpty)
    }

    @Test func theRouteNameItselfIsSubjectToTheAllowlist() async throws {
        let harness = try await Self.harness()
        let engine = try await harness.policy(#"{"models": ["big", "small"]}"#)
        let provider = ScriptedProvider(name: "local")
        let response = await harness.pipeline([provider], policy: engine).handle(harness.chat(Self.small), surface: .openAIChat)
        #expect(response.status == .forbidden)
        let body = try await RoutingHarness.collect(response)
        #expect(body.contains("model 'auto' is not allowed"), "\(body)")
        #expect(provider.models.isEmpty)
    }

    /// A router that ignores the allowlist is still stopped by policy on the served model.
    @Test func policyChecksTheServedModelWhateverTheRouter() async throws {
        struct Careless: ModelRouter {
            let target: ModelConfig
            func route(requested: String, surface: Surface) -> RouteDecision? { RouteDecision(model: target, kind: .trivial, reason: "test") }
        }
        let harness = try await Self.harness()
        let engine = try await harness.policy(#"{"models": ["big"]}"#)
        let provider = ScriptedProvider(name: "local")
        let pipeline = harness.pipeline([provider], policy: engine, router: Careless(target: harness.config.models["small"]!))
        let response = await pipeline.handle(harness.chat(Self.small.replacingOccurrences(of: "\"auto\"", with: "\"big\"")), surface: .openAIChat)
        #expect(response.status == .forbidden && provider.models.isEmpty)
        let body = try await RoutingHarness.collect(response)
        #expect(body.contains("would be served by 'small', which the policy of key"), "\(body)")
    }
}
