import SrooterWire
import Testing

/// What the gateway reads from a stream translation besides its bytes: the content it carried
/// (a cut stream's charge), the unfinished event it holds (memory accounting), the failure it
/// ended with; and `prompt_cache_key` carried between the OpenAI wires.
@Suite struct TranslatorAccountingTests {
    let options = StreamOptions(estimatedInputTokens: 10, createdAt: 1764720100)

    /// The recorded Anthropic stream's deltas (thinking, text, tool arguments) are 122 bytes of
    /// UTF-8 (counted with Python's json and len(str.encode()) over the decoded delta strings);
    /// signatures and pings are not content. The count is the same at every byte split.
    @Test func contentBytesCountTheDeltasAtEverySplit() {
        let bytes = Array(RecordedStreams.anthropic.utf8)
        for split in 0...bytes.count {
            var translator = StreamTranslator(upstream: .anthropic, client: .openAIChat, options: options)
            _ = translator.feed(bytes[..<split])
            _ = translator.feed(bytes[split...])
            _ = translator.finish()
            #expect(translator.contentBytes == 122, "split at \(split)")
            #expect(translator.completed && translator.usageIsFinal)
        }
    }

    /// An event not yet ended is held, and counted, until its blank line arrives.
    @Test func pendingBytesAreTheUnfinishedEvent() {
        var translator = StreamTranslator(upstream: .anthropic, client: .openAIResponses, options: options)
        let head = "event: message_start\ndata: {\"type\":\"message_start\""
        #expect(translator.feed(Array(head.utf8)).isEmpty)
        // Every byte but the one line end is held.
        #expect(translator.pendingByteCount == head.utf8.count - 1)
        let whole = Array(RecordedStreams.anthropic.utf8)
        var fresh = StreamTranslator(upstream: .anthropic, client: .openAIResponses, options: options)
        _ = fresh.feed(whole)
        #expect(fresh.pendingByteCount == 0)
    }

    /// A provider's error event ends the stream; its status and message are kept for the gateway.
    @Test func theFailureIsKept() {
        let stream = RecordedStreams.sse([
            (nil, #"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}"#),
            (nil, #"{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#),
        ])
        var translator = StreamTranslator(upstream: .openAIChat, client: .anthropic, options: options)
        let out = String(decoding: translator.feed(Array(stream.utf8)), as: UTF8.self)
        #expect(translator.failed && !translator.completed)
        #expect(translator.failure == WireFailure(status: 429, message: "Rate limit reached"))
        #expect(out.hasSuffix("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Rate limit reached\"}}\n\n"))
        #expect(translator.finish().isEmpty)
    }

    /// `prompt_cache_key` goes from Responses to Chat and back; Anthropic has no place for it.
    @Test func promptCacheKeyBetweenOpenAIWires() throws {
        let responses = #"{"model":"m","input":"hi","prompt_cache_key":"codex-5f2c"}"#
        let chat = try RequestTranslator.translate(Array(responses.utf8), from: .openAIResponses, to: .openAIChat)
        #expect(try JSONText.parse(chat.body)["prompt_cache_key"] == "codex-5f2c")
        #expect(!chat.dropped.contains("prompt_cache_key"))
        let back = try RequestTranslator.translate(chat.body, from: .openAIChat, to: .openAIResponses)
        #expect(try JSONText.parse(back.body)["prompt_cache_key"] == "codex-5f2c")
        let anthropic = try RequestTranslator.translate(Array(responses.utf8), from: .openAIResponses, to: .anthropic)
        #expect(try JSONText.parse(anthropic.body)["prompt_cache_key"] == nil)
        #expect(anthropic.dropped == ["prompt_cache_key"])
    }
}

/// OpenAI refuses a `user` longer than 64 characters; Claude Code's `metadata.user_id` is longer.
@Suite struct OpenAIUserTests {
    static let claudeCodeUser = "user_" + String(repeating: "a1", count: 32) + "_account_6c1f2e4a-0d9b-4a7e-9a51-3f1d2c3b4a5e_session_0b8e7d6c-5a4f-4e3d-8c2b-1a0f9e8d7c6b"

    @Test func aLongUserIsDroppedAndNamed() throws {
        for target in [Wire.openAIChat, .openAIResponses] {
            let body = #"{"model":"m","max_tokens":10,"metadata":{"user_id":"\#(Self.claudeCodeUser)"},"messages":[{"role":"user","content":"x"}]}"#
            let out = try RequestTranslator.translate(Array(body.utf8), from: .anthropic, to: target)
            #expect(try JSONText.parse(out.body)["user"] == nil)
            #expect(out.dropped == ["user (over 64 characters)"])
        }
    }

    @Test func aUserOf64CharactersIsKept() throws {
        let user = String(repeating: "u", count: 64)
        let body = #"{"model":"m","max_tokens":10,"metadata":{"user_id":"\#(user)"},"messages":[{"role":"user","content":"x"}]}"#
        let out = try RequestTranslator.translate(Array(body.utf8), from: .anthropic, to: .openAIChat)
        #expect(try JSONText.parse(out.body)["user"] == .string(user))
        #expect(out.dropped.isEmpty)
    }
}
