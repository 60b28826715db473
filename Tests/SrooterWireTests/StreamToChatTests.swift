import SrooterWire
import Testing

/// Streams translated for a Chat Completions client (aider). Expected chunks follow OpenAI's
/// "Chat Completions streaming" reference: role first, `tool_calls` deltas by index, a
/// `finish_reason` chunk, the usage chunk with `choices: []`, then `[DONE]`.
@Suite struct StreamToChatTests {
    let options = StreamOptions(estimatedInputTokens: 1500, createdAt: 1764720100)

    private func chunk(_ id: String, _ model: String, _ delta: String, finish: String? = nil) -> Frame {
        Frame(nil, #"{"id":"\#(id)","object":"chat.completion.chunk","created":1764720100,"model":"\#(model)","choices":[{"index":0,"delta":\#(delta),"finish_reason":\#(finish.map { "\"\($0)\"" } ?? "null")}]}"#)
    }

    @Test func anthropicToChat() {
        let (bytes, translator) = translateWhole(RecordedStreams.anthropic, from: .anthropic, to: .openAIChat, options: options)
        let id = "msg_01XFDUDYJgAACzvnptvVoYEL", model = "claude-sonnet-4-5-20250929"
        expectFrames(Frame.split(bytes), [
            chunk(id, model, #"{"role":"assistant","content":""}"#),
            chunk(id, model, #"{"reasoning_content":"The user wants the date. "}"#),
            chunk(id, model, #"{"reasoning_content":"I'll run `date`."}"#),
            chunk(id, model, #"{"content":"Checking the date"}"#),
            chunk(id, model, #"{"content":" — one moment."}"#),
            chunk(id, model, #"{"tool_calls":[{"index":0,"id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","type":"function","function":{"name":"Bash","arguments":""}}]}"#),
            chunk(id, model, #"{"tool_calls":[{"index":0,"function":{"arguments":"{\"command\": \"da"}}]}"#),
            chunk(id, model, #"{"tool_calls":[{"index":0,"function":{"arguments":"te -u\"}"}}]}"#),
            chunk(id, model, #"{"tool_calls":[{"index":1,"id":"toolu_01Vb7S2fQk1bM3oWcGkqPf9e","type":"function","function":{"name":"Read","arguments":""}}]}"#),
            chunk(id, model, #"{"tool_calls":[{"index":1,"function":{"arguments":"{\"file_path\":\"/tmp/a.txt\"}"}}]}"#),
            chunk(id, model, "{}", finish: "tool_calls"),
            // 472 uncached + 2048 cache reads = 2520 prompt tokens, 2048 of them cached.
            Frame(nil, #"{"id":"\#(id)","object":"chat.completion.chunk","created":1764720100,"model":"\#(model)","choices":[],"usage":{"prompt_tokens":2520,"completion_tokens":89,"total_tokens":2609,"prompt_tokens_details":{"cached_tokens":2048},"completion_tokens_details":{"reasoning_tokens":0}}}"#),
            Frame(nil, "[DONE]"),
        ])
        #expect(translator.providerUsage == TokenUsage(inputTokens: 472, outputTokens: 89, cacheReadTokens: 2048))
        #expect(translator.dropped == ["thinking signature"])
    }

    @Test func anthropicToChatEverySplit() {
        expectSameAtEverySplit(RecordedStreams.anthropic, from: .anthropic, to: .openAIChat, options: options)
    }

    @Test func responsesToChat() {
        let (bytes, translator) = translateWhole(RecordedStreams.responses, from: .openAIResponses, to: .openAIChat, options: options)
        let id = "resp_68a1b2", model = "gpt-5-2025-08-07"
        expectFrames(Frame.split(bytes), [
            chunk(id, model, #"{"role":"assistant","content":""}"#),
            chunk(id, model, #"{"reasoning_content":"**Listing files**"}"#),
            chunk(id, model, #"{"content":"I'll list"}"#),
            chunk(id, model, #"{"content":" the files — ok."}"#),
            chunk(id, model, #"{"tool_calls":[{"index":0,"id":"call_X1","type":"function","function":{"name":"exec_command","arguments":""}}]}"#),
            chunk(id, model, #"{"tool_calls":[{"index":0,"function":{"arguments":"{\"cmd\":"}}]}"#),
            chunk(id, model, #"{"tool_calls":[{"index":0,"function":{"arguments":" \"ls -la\"}"}}]}"#),
            chunk(id, model, "{}", finish: "tool_calls"),
            Frame(nil, #"{"id":"\#(id)","object":"chat.completion.chunk","created":1764720100,"model":"\#(model)","choices":[],"usage":{"prompt_tokens":3000,"completion_tokens":300,"total_tokens":3300,"prompt_tokens_details":{"cached_tokens":2500},"completion_tokens_details":{"reasoning_tokens":192}}}"#),
            Frame(nil, "[DONE]"),
        ])
        #expect(translator.completed)
    }

    @Test func responsesToChatEverySplit() {
        expectSameAtEverySplit(RecordedStreams.responses, from: .openAIResponses, to: .openAIChat, options: options)
    }

    /// Without `stream_options.include_usage` the client gets no usage chunk (as OpenAI sends none),
    /// but the provider's usage is still read for the charge.
    @Test func noUsageChunkUnlessAsked() {
        let quiet = StreamOptions(estimatedInputTokens: 1500, createdAt: 1764720100, includeUsageChunk: false)
        let (bytes, translator) = translateWhole(RecordedStreams.anthropic, from: .anthropic, to: .openAIChat, options: quiet)
        let frames = Frame.split(bytes)
        #expect(frames.count == 12)
        #expect(!frames.contains { $0.data.contains("\"usage\"") })
        #expect(translator.providerUsage?.outputTokens == 89)
    }

    /// Anthropic's mid-stream `overloaded_error` becomes an OpenAI error chunk, and no `[DONE]`.
    @Test func anthropicErrorBecomesChatErrorChunk() {
        let stream = RecordedStreams.sse([
            ("message_start", #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}"#),
            ("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#),
        ])
        let (bytes, translator) = translateWhole(stream, from: .anthropic, to: .openAIChat, options: options)
        let frames = Frame.split(bytes)
        expectFrames(frames, [
            chunk("msg_1", "claude-x", #"{"role":"assistant","content":""}"#),
            Frame(nil, #"{"error":{"message":"Overloaded","type":"server_error","param":null,"code":null}}"#),
        ])
        #expect(translator.failed)
    }
}
