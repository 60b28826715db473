import SrooterRouting
import SrooterStore
import Testing
@testable import SrooterGateway

/// The labelling rule of `router train --from-audit` (README "Training from the audit trail"), case
/// by case, on records built here; the expected labels are the rule's, worked out by hand.
@Suite struct AuditLabelsTests {
    static func record(_ id: String, routing: String, status: Int = 200, outcome: String = "ok", prompt: String? = nil, tokens: Int = 1000) -> AuditRecord {
        AuditRecord(timestamp: "2026-12-01T10:00:00.000Z", requestID: id, user: "ada", keyID: "k", surface: "openai-chat",
                    requestedModel: "auto", servedModel: "m", provider: "p", routing: routing, inputTokens: tokens, outputTokens: 0,
                    cacheReadTokens: 0, cacheWriteTokens: 0, costUSD: 0.5, latencyMs: 1, firstByteMs: nil, status: status, outcome: outcome,
                    promptSHA256: prompt ?? id)
    }

    static func row(_ id: String, session: String?, score: Double? = nil) -> RoutingFeatureRow {
        RoutingFeatureRow(requestID: id, scope: "org:acme", timestamp: "2026-12-01T10:00:00.000Z", route: "auto", sessionKey: session,
                          features: LabelledSamples.json(RequestFeatures()),
                          feedback: score.map { RoutingFeedback(score: $0, timestamp: "t", user: "ada") })
    }

    @Test func eachSignalLabelsAsTheRuleSays() throws {
        var config = GatewayConfig()
        config.models["dear"] = ModelConfig(name: "dear", provider: "p", upstreamModel: "d", prices: .init(input: 3, output: 15))
        config.models["cheap"] = ModelConfig(name: "cheap", provider: "p", upstreamModel: "c", prices: .init(input: 1, output: 5))
        config.routes.routes["auto"] = Route(name: "auto", strategy: .trivial, candidates: ["dear", "cheap"])
        let records = [
            Self.record("zero", routing: "trivial"),                              // feedback 0: not above 0
            Self.record("plain", routing: "learned"),                             // nothing against it
            Self.record("timeout", routing: "trivial", status: 504, outcome: "timeout"),
            Self.record("cut", routing: "trivial", outcome: "incomplete"),
            Self.record("refused", routing: "trivial", status: 429, outcome: "rate_limited"),
            Self.record("s1", routing: "trivial"), Self.record("s2", routing: "trivial"),  // s2 is the last cheap one before s3
            Self.record("s3", routing: "direct"), Self.record("s4", routing: "direct"),  // s3 the escalation; s4 says nothing
            Self.record("alone", routing: "direct"),                              // default, no cheap turn before: left out
        ]
        let rows = [
            Self.row("zero", session: "a", score: 0), Self.row("plain", session: "b"), Self.row("timeout", session: "c"),
            Self.row("cut", session: "d"), Self.row("refused", session: "e"), Self.row("s1", session: "s"), Self.row("s2", session: "s"),
            Self.row("s3", session: "s"), Self.row("s4", session: "s"), Self.row("alone", session: "z"), Self.row("pruned", session: "y"),
        ]
        let result = AuditLabels.label(rows, records: records, config: config)
        let labels = Dictionary(uniqueKeysWithValues: zip(
            rows.map(\.requestID).filter { ["zero", "plain", "timeout", "cut", "s1", "s2", "s3"].contains($0) }, result.samples.map(\.cheapSuffices)))
        #expect(result.samples.count == 7, "\(result.samples.count)")
        #expect(labels == ["zero": false, "plain": true, "timeout": false, "cut": false, "s1": true, "s2": false, "s3": false])
        #expect(result.rows == 11 && result.skipped == 4 && result.byFeedback == 1 && result.failed == 2 && result.escalated == 2 && result.retried == 0)
        // Costs at the record's 1,000 input tokens: 3 and 1 US$ per million.
        #expect(result.samples.allSatisfy { abs($0.costDefaultUSD - 0.003) < 1e-12 && abs($0.costCheapUSD - 0.001) < 1e-12 })
    }
}
