import AsyncHTTPClient
import Foundation
import SrooterAudit
import SrooterTestSupport
import Testing

/// Fallback routes through the real `srooter serve`, in front of the real `srooter mock-upstream`
/// failing in each way (its `mock:` markers, sent as the upstream model name), and a provider on
/// a port nothing listens on.
@Suite(.serialized) struct FallbackLiveTests {
    @Test func eachFailureFallsBackAndIsRecorded() async throws {
        let live = try LiveRouting { live in
            """
            providers:
              mock: {kind: openai, base_url: "http://127.0.0.1:\(live.mockPort)/v1", credential: "env:MOCK_PROVIDER_KEY"}
              gone: {kind: openai, base_url: "http://127.0.0.1:\(live.closedPort)/v1", credential: "env:MOCK_PROVIDER_KEY"}
            models:
              overloaded: {provider: mock, upstream: "mock:529", price: {input: 3, output: 15}}
              broken: {provider: mock, upstream: "mock:500", price: {input: 3, output: 15}}
              limited: {provider: mock, upstream: "mock:429", price: {input: 3, output: 15}}
              hanging: {provider: mock, upstream: "mock:hang", price: {input: 3, output: 15}}
              refused: {provider: gone, upstream: mock-gpt-1, price: {input: 3, output: 15}}
              cutting: {provider: mock, upstream: "mock:midstream-failure", price: {input: 3, output: 15}}
              good: {provider: mock, upstream: mock-gpt-1, price: {input: 1, output: 2}}
            routes:
              via-529: {strategy: fallback, candidates: [overloaded, good]}
              via-500: {strategy: fallback, candidates: [broken, good]}
              via-429: {strategy: fallback, candidates: [limited, good]}
              via-timeout: {strategy: fallback, candidates: [hanging, good]}
              via-refused: {strategy: fallback, candidates: [refused, good]}
              via-cut: {strategy: fallback, candidates: [cutting, good]}
            """
        }
        let check = try await live.cli(["config", "check", live.config])
        #expect(check.status == 0, "\(check.stderr)")
        let key = try await live.start()
        try await HTTPClient.withClient { client in
            let expected: [(route: String, why: String, upstreamRequests: Int)] = [
                ("via-529", "overloaded 529", 2), ("via-500", "broken 500", 2), ("via-429", "limited 429", 2),
                ("via-timeout", "hanging timeout (504)", 2), ("via-refused", "refused upstream_error (502)", 1),
            ]
            for (route, _, upstreamRequests) in expected {
                let before = try await live.mockRequests(client)
                let answer = try await live.post(client, "/v1/chat/completions", key: key,
                    body: #"{"model":"\#(route)","messages":[{"role":"user","content":"hello"}]}"#)
                #expect(answer.status == 200 && answer.body.contains("chat.completion"), "\(route): \(answer)")
                #expect(try await live.mockRequests(client) - before == upstreamRequests, "\(route)")
            }
            // A stream that breaks after its first events: the client has bytes, so no second upstream.
            let before = try await live.mockRequests(client)
            let cut = try await live.post(client, "/v1/chat/completions", key: key,
                body: #"{"model":"via-cut","stream":true,"messages":[{"role":"user","content":"hello"}]}"#)
            #expect(cut.status == 200 && cut.body.contains("data: "), "\(cut)")
            #expect(try await live.mockRequests(client) - before == 1, "no second upstream after bytes reached the client")
        }
        await live.stop()

        let records = try await AuditLog.reader(databasePath: live.folder.file("srooter.db")).latest(limit: 100)
        for (route, why) in [("via-529", "overloaded 529"), ("via-500", "broken 500"), ("via-429", "limited 429"),
                             ("via-timeout", "hanging timeout (504)"), ("via-refused", "refused upstream_error (502)")] {
            let record = try #require(records.first { $0.requestedModel == route }, "\(route)")
            #expect(record.routing == "fallback" && record.servedModel == "mock-gpt-1" && record.status == 200 && record.outcome == "ok")
            #expect(record.note == "route \(route): fallback to candidate 2; attempts: \(why), good served (200)")
            // Charged at the serving model's prices: the mock's usage (25 in, 42 out) at 1 and 2 USD per million.
            #expect(record.costUSD == (25.0 * 1 + 42.0 * 2) / 1_000_000, "\(record.costUSD)")
        }
        let cut = try #require(records.first { $0.requestedModel == "via-cut" })
        #expect(cut.servedModel == "mock:midstream-failure" && cut.outcome != "ok" && cut.routing == "direct")
    }
}
