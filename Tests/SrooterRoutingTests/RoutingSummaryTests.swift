import SrooterRouting
import SrooterStore
import Testing
@testable import SrooterGateway

/// `RoutingSummary` over hand-made audit records; the expected sums are worked out by hand from
/// the prices (big 3 / 15, small 0.25 / 1.25 USD per million input / output tokens).
@Suite struct RoutingSummaryTests {
    static func record(_ time: String, requested: String?, routing: String, served: String?, input: Int, output: Int, cost: Double,
                       surface: String = "openai-chat") -> AuditRecord {
        AuditRecord(timestamp: time, requestID: "r", user: "ada", keyID: nil, surface: surface, requestedModel: requested, servedModel: served,
                    provider: nil, routing: routing, inputTokens: input, outputTokens: output, cacheReadTokens: 0, cacheWriteTokens: 0,
                    costUSD: cost, latencyMs: 1, firstByteMs: nil, status: 200, outcome: "ok", promptSHA256: nil)
    }

    @Test func decisionsByRouteKindAndModelWithTheSaving() {
        var config = GatewayConfig()
        config.models["big"] = ModelConfig(name: "big", provider: "p", upstreamModel: "big-up", prices: .init(input: 3, output: 15))
        config.models["small"] = ModelConfig(name: "small", provider: "p", upstreamModel: "small-up", prices: .init(input: 0.25, output: 1.25))
        config.routes.routes["auto"] = Route(name: "auto", strategy: .trivial, candidates: ["big", "small"])
        let records = [
            // 1000 in, 500 out at small's prices: 0.000875; at big's (the default): 0.0105
            Self.record("2026-12-02T10:00:00Z", requested: "auto", routing: "trivial", served: "small-up", input: 1000, output: 500, cost: 0.000875),
            // at big's prices either way: (2000 * 3 + 100 * 15) / 1e6 = 0.0075
            Self.record("2026-12-02T11:00:00Z", requested: "auto", routing: "direct", served: "big-up", input: 2000, output: 100, cost: 0.0075),
            Self.record("2026-12-02T12:00:00Z", requested: "big", routing: "direct", served: "big-up", input: 100, output: 100, cost: 0.0018),
            Self.record("2026-12-02T12:00:00Z", requested: nil, routing: "admin", served: nil, input: 0, output: 0, cost: 0, surface: "admin"),
            Self.record("2026-12-02T12:00:00Z", requested: "auto", routing: "none", served: nil, input: 0, output: 0, cost: 0),
            Self.record("2026-11-30T23:59:59Z", requested: "auto", routing: "trivial", served: "small-up", input: 1, output: 1, cost: 1),
        ]
        let summary = RoutingSummary.summarise(records, config: config, since: "2026-12-01T00:00:00Z")
        #expect(summary.rows.map { "\($0.route) \($0.kind) \($0.servedModel) \($0.requests)" } == [
            "- direct big-up 1", "auto direct big-up 1", "auto trivial small-up 1",
        ])
        #expect(abs(summary.rows[2].defaultCostUSD - 0.0105) < 1e-12 && abs(summary.rows[1].defaultCostUSD - 0.0075) < 1e-12)
        #expect(abs(summary.costUSD - (0.000875 + 0.0075 + 0.0018)) < 1e-12)
        #expect(abs(summary.savedUSD - (0.0105 - 0.000875)) < 1e-12)
    }
}
