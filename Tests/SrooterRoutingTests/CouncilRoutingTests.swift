import Foundation
import Hummingbird
import NIOCore
import SrooterRouting
import Synchronization
import Testing
@testable import SrooterGateway

/// A provider that keeps every request body it gets and answers as the mock does, except that
/// the models in `unparsable` answer a ranking prompt with prose and no `FINAL RANKING:` list.
final class RecordingProvider: Provider {
    let config: ProviderConfig
    let unparsable: Set<String>
    let bodies = Mutex<[(model: String, body: [UInt8])]>([])
    private let mock: MockProvider

    init(name: String, unparsable: Set<String> = []) {
        config = ProviderConfig(name: name, kind: .mock, baseURL: nil, credential: .none)
        mock = MockProvider(config: config)
        self.unparsable = unparsable
    }

    /// The text of each request's last message, by upstream model, in arrival order.
    var lastTurns: [(model: String, text: String)] {
        bodies.withLock { $0 }.map { entry in
            let object = try? JSONSerialization.jsonObject(with: Data(entry.body)) as? [String: Any]
            let last = (object?["messages"] as? [[String: Any]])?.last?["content"]
            let text = (last as? String) ?? (last as? [[String: Any]])?.compactMap { $0["text"] as? String }.joined() ?? ""
            return (entry.model, text)
        }
    }

    func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        let model = (try? JSONParser.parse(request.body))?["model"]?.string ?? "?"
        bodies.withLock { $0.append((model, request.body)) }
        if unparsable.contains(model), String(decoding: request.body, as: UTF8.self).contains("FINAL RANKING:") {
            let source = UpstreamBodySource()
            _ = source.put(ByteBuffer(bytes: MockContent(model: model, text: "They are all fine.", call: nil, includeUsage: false).body(request.surface.wire)))
            source.finish(nil)
            return UpstreamResponse(status: 200, contentType: "application/json", headers: [], body: UpstreamBody(source))
        }
        return try await mock.send(request)
    }
}

/// A council through the whole request path in process: what each stage is asked, the
/// anonymity of the answers, the aggregate ranking the chair gets, and what is recorded.
@Suite struct CouncilRoutingTests {
    static func harness() async throws -> RoutingHarness {
        var harness = try await RoutingHarness()
        harness.model("a", provider: "local", input: 3, output: 15)
        harness.model("b", provider: "local", input: 1, output: 2)
        harness.model("c", provider: "local", input: 0.5, output: 1)
        harness.config.routes.routes["panel"] = Route(name: "panel", strategy: .council, candidates: ["a", "b", "c"])
        return harness
    }

    @Test func theChairIsGivenTheQuestionTheAnswersAndTheAggregateRanking() async throws {
        let harness = try await Self.harness()
        let provider = RecordingProvider(name: "local", unparsable: ["c-up"])
        let response = await harness.pipeline(providers: [provider]).handle(
            harness.chat(#"{"model":"panel","messages":[{"role":"user","content":"Which bees make honey?"}]}"#), surface: .openAIChat)
        #expect(response.status == .ok)
        let turns = provider.lastTurns
        // Three answers (any order), three rankings (any order), then the chair's request.
        #expect(turns.count == 7)
        #expect(Set(turns.prefix(3).map(\.model)) == ["a-up", "b-up", "c-up"] && turns.prefix(3).allSatisfy { $0.text == "Which bees make honey?" })
        let rankings = turns.dropFirst(3).prefix(3)
        #expect(Set(rankings.map(\.model)) == ["a-up", "b-up", "c-up"])
        for ranking in rankings {
            #expect(ranking.text.contains("Question:\n<<<\nWhich bees make honey?\n>>>"))
            for label in ["A", "B", "C"] { #expect(ranking.text.contains("\nResponse \(label):\n<<<\nHello from the srooter mock.")) }
            #expect(!ranking.text.contains("-up"), "the answers are anonymous")
        }
        let chair = try #require(turns.last)
        #expect(chair.model == "a-up")
        // a and b rank C, B, A (the mock's rule); c's prose is ignored.
        #expect(chair.text.contains("Peer ranking, best first (mean position over 2 rankings): Response C (1.0), Response B (2.0), Response A (3.0)."), "\(chair.text)")
        #expect(chair.text.contains("Question:\n<<<\nWhich bees make honey?\n>>>") && !chair.text.contains("FINAL RANKING:"))
        let record = try #require(harness.records.all.first)
        #expect(record.routing == "council" && record.servedModel == "a-up")
        #expect(record.note?.contains("c (in 70, out 84, $0.000109; ranking ignored: unparsable)") == true, "\(record.note ?? "")")
    }

    @Test func aChatStreamGetsNoUsageChunkItDidNotAskFor() async throws {
        let harness = try await Self.harness()
        let provider = RecordingProvider(name: "local")
        let response = await harness.pipeline(providers: [provider]).handle(
            harness.chat(#"{"model":"panel","stream":true,"messages":[{"role":"user","content":"Which bees make honey?"}]}"#), surface: .openAIChat)
        let body = try await RoutingHarness.collect(response)
        let text = body.split(separator: "\n").filter { $0.hasPrefix("data: {") }.compactMap { line -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any]
            return ((object?["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["content"] as? String
        }.joined()
        #expect(response.status == .ok && body.contains("data: [DONE]") && text.contains("You said: You chair a council"), "\(body)")
        #expect(!body.contains(#""usage""#), "\(body)")
        // The chair's usage (the dropped chunk) is charged with the six member calls: 7 × 42 out.
        let record = try #require(harness.records.all.first)
        #expect(record.outputTokens == 7 * 42 && record.routing == "council")
    }
}
