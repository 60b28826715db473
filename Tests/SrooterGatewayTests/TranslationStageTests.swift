import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SrooterPolicy
import SrooterStore
import SrooterTestSupport
import SrooterVault
import Synchronization
import Testing
@testable import SrooterGateway

/// The cross-wire path run in process, without sockets: a Chat Completions request for a model
/// whose provider is `anthropic` (the in-process mock answering in Anthropic's wire), through
/// `Pipeline.handle`, with a policy cap. What the provider was sent and what the audit sink got
/// are captured.
@Suite struct TranslationStageTests {
    /// An `anthropic` provider answered by the in-process mock, keeping what it was sent.
    final class AnthropicMock: Provider {
        let config = ProviderConfig(name: "claude", kind: .anthropic, baseURL: nil, credential: .none)
        private let mock = MockProvider(config: ProviderConfig(name: "claude", kind: .mock, baseURL: nil, credential: .none))
        let sent = Mutex<[(path: String, body: String, headers: [String])]>([])
        func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
            sent.withLock { $0.append((request.pathAndQuery, String(decoding: request.body, as: UTF8.self), request.forwardedHeaders.map { "\($0.name): \($0.value)" })) }
            return try await mock.send(request)
        }
    }

    /// The caps are applied in the client's wire, then the capped body is translated: a Chat
    /// client's `max_completion_tokens` of 50000 under a `max_output_tokens` cap of 1000 reaches
    /// Anthropic as `max_tokens: 1000`, with the routed model, on `/v1/messages`, with the
    /// version header Anthropic requires; the client gets a Chat completion; the record has the
    /// mock's Anthropic usage (25 in, 42 out, 10 cache read, 5 cache write), the cap and the translation in its note.
    @Test func capsThenTranslationThenTheProvidersUsage() async throws {
        let folder = TemporaryDirectory()
        let store = try Store(path: folder.file("srooter.db"))
        _ = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder.path))
        let created = try await store.createAccessKey(user: "ada", team: nil)
        let keys = KeyRing(store: store)
        try await keys.reload()
        try await store.setPolicy(scopeKind: "key", scopeID: created.key.id, document: #"{"max_output_tokens":1000}"#)
        let engine = PolicyEngine(store: store)
        try await engine.reload()
        let provider = AnthropicMock()
        var config = GatewayConfig()
        config.providers["claude"] = provider.config
        config.models["sonnet"] = ModelConfig(name: "sonnet", provider: "claude", upstreamModel: "claude-sonnet-up", prices: .init(input: 3, output: 15))
        let records = PipelineStageTests.CapturedRecords()
        let pipeline = Pipeline(config: config, providers: ["claude": provider], keys: keys, finish: Finish(audit: records), logger: Logger(label: "test"), policy: engine)

        var head = HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: "/v1/chat/completions")
        head.headerFields[.authorization] = "Bearer " + created.secret
        head.headerFields[.userAgent] = "OpenAI/Python 3.57.0"
        let body = #"{"model":"sonnet","max_completion_tokens":50000,"messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hello"}]}"#
        let response = await pipeline.handle(Request(head: head, body: RequestBody(buffer: ByteBuffer(string: body))), surface: .openAIChat)
        #expect(response.status == .ok)
        let collector = ResponseCollector()
        try await response.body.write(collector)
        let buffer = collector.collected
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
        #expect(answer["object"] as? String == "chat.completion", "\(answer)")
        #expect((answer["usage"] as? [String: Any])?["completion_tokens"] as? Int == 42, "\(answer)")

        let sent = try #require(provider.sent.withLock { $0 }.first)
        #expect(sent.path == "/v1/messages")
        let upstream = try #require(try JSONSerialization.jsonObject(with: Data(sent.body.utf8)) as? [String: Any])
        #expect(upstream["model"] as? String == "claude-sonnet-up" && upstream["max_tokens"] as? Int == 1000 && upstream["system"] as? String == "be brief", "\(upstream)")
        #expect(sent.headers.contains("anthropic-version: 2023-06-01") && sent.headers.contains("user-agent: OpenAI/Python 3.57.0"), "\(sent.headers)")

        let record = try #require(records.all.first)
        #expect(records.all.count == 1)
        #expect((record.inputTokens, record.outputTokens, record.cacheReadTokens, record.cacheWriteTokens) == (25, 42, 10, 5), "\(record)")
        #expect(record.costUSD == (25.0 * 3 + 42.0 * 15) / 1_000_000)
        #expect(record.note?.hasPrefix("cap ") == true && record.note?.contains("=1000") == true && record.note?.hasSuffix("translated openai-chat to anthropic") == true, "\(String(describing: record.note))")
    }

    /// Collects a response body written to it.
    final class ResponseCollector: ResponseBodyWriter, @unchecked Sendable {
        var collected = ByteBuffer()
        func write(_ buffer: ByteBuffer) async throws { collected.writeImmutableBuffer(buffer) }
        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
