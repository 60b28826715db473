import SrooterStore
import Testing
@testable import SrooterGateway

/// `GatewayRequest`'s wire-neutral fields, read from bodies written by hand for each wire.
@Suite struct GatewayRequestTests {
    static let principal = Principal(keyID: "k", user: "ada", team: nil)

    static func request(_ body: String, _ surface: Surface) throws -> GatewayRequest {
        let bytes = Array(body.utf8)
        return GatewayRequest(surface: surface, principal: principal, bytes: bytes, summary: try RequestSummary(body: bytes, surface: surface), clientCredential: nil)
    }

    @Test func anthropicMessages() throws {
        let call = try Self.request(#"""
            {"model":"claude","max_tokens":1024,"stream":true,"thinking":{"type":"enabled","budget_tokens":512},
             "system":"be brief","tools":[{"name":"a"},{"name":"b"}],
             "messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"yo"},{"role":"user","content":"?"}]}
            """#, .anthropicMessages)
        #expect(call.requestedModel == "claude" && call.stream && call.bodySize == call.bytes.count)
        #expect(call.limits.maxTokens == 1024 && call.limits.thinkingBudgetTokens == 512 && call.limits.requestedOutputTokens == 1024)
        #expect(call.toolCount == 2 && call.messageCount == 3)
        #expect(call.promptSHA256?.count == 64)
    }

    @Test func openAIChat() throws {
        let call = try Self.request(#"""
            {"model":"gpt","max_completion_tokens":300,"reasoning_effort":"low","messages":[{"role":"user","content":"hi"}]}
            """#, .openAIChat)
        #expect(call.requestedModel == "gpt" && !call.stream)
        #expect(call.limits.maxCompletionTokens == 300 && call.limits.effort == "low" && call.limits.requestedOutputTokens == 300)
        #expect(call.toolCount == 0 && call.messageCount == 1)
    }

    @Test func openAIResponses() throws {
        let text = try Self.request(#"{"model":"gpt","input":"hello","max_output_tokens":50,"reasoning":{"effort":"high"}}"#, .openAIResponses)
        #expect(text.messageCount == 1 && text.limits.maxOutputTokens == 50 && text.limits.effort == "high")
        let items = try Self.request(#"{"model":"gpt","input":[{"role":"user","content":"a"},{"role":"user","content":"b"}],"tools":[{}]}"#, .openAIResponses)
        #expect(items.messageCount == 2 && items.toolCount == 1 && items.limits.requestedOutputTokens == nil)
    }
}
