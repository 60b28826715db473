import SrooterWire
import Testing

/// Streams from OpenAI-wire providers, translated for an Anthropic client (Claude Code).
/// Expected frames follow Anthropic's "Streaming Messages" documentation.
@Suite struct StreamToAnthropicTests {
    let options = StreamOptions(estimatedInputTokens: 1500, createdAt: 1764720100)

    @Test func chatToAnthropicToolCalls() {
        let (bytes, translator) = translateWhole(RecordedStreams.chat, from: .openAIChat, to: .anthropic, options: options)
        expectFrames(Frame.split(bytes), [
            Frame("message_start", #"{"type":"message_start","message":{"id":"chatcmpl-Cx1","type":"message","role":"assistant","model":"gpt-4.1-2025-04-14","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1500,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}"#),
            Frame("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
            Frame("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Let me look"}}"#),
            Frame("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" — now."}}"#),
            Frame("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
            Frame("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"call_abc","name":"Bash","input":{}}}"#),
            Frame("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"command\":"}}"#),
            Frame("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \"ls\"}"}}"#),
            Frame("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
            Frame("content_block_start", #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"call_def","name":"Read","input":{}}}"#),
            Frame("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"file_path\":\"a.txt\"}"}}"#),
            Frame("content_block_stop", #"{"type":"content_block_stop","index":2}"#),
            // prompt_tokens 1200 of which 1024 cached: Anthropic counts 176 uncached + 1024 cache reads.
            Frame("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":176,"cache_creation_input_tokens":0,"cache_read_input_tokens":1024,"output_tokens":40}}"#),
            Frame("message_stop", #"{"type":"message_stop"}"#),
        ])
        #expect(translator.completed)
        #expect(translator.usageIsFinal)
        #expect(translator.providerUsage == TokenUsage(inputTokens: 176, outputTokens: 40, cacheReadTokens: 1024))
    }

    @Test func chatToAnthropicEverySplit() {
        expectSameAtEverySplit(RecordedStreams.chat, from: .openAIChat, to: .anthropic, options: options)
    }

    @Test func localReasoningToAnthropicThinking() {
        let (bytes, translator) = translateWhole(RecordedStreams.chatReasoning, from: .openAIChat, to: .anthropic, options: options)
        expectFrames(Frame.split(bytes), [
            Frame("message_start", #"{"type":"message_start","message":{"id":"chatcmpl-local1","type":"message","role":"assistant","model":"qwen3:8b","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1500,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}"#),
            Frame("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"#),
            Frame("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Two plus two"}}"#),
            Frame("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":" is four."}}"#),
            Frame("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
            Frame("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#),
            Frame("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"4"}}"#),
            Frame("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
            Frame("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":18,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":12}}"#),
            Frame("message_stop", #"{"type":"message_stop"}"#),
        ])
        #expect(translator.providerUsage == TokenUsage(inputTokens: 18, outputTokens: 12))
    }

    @Test func responsesToAnthropic() {
        let (bytes, translator) = translateWhole(RecordedStreams.responses, from: .openAIResponses, to: .anthropic, options: options)
        expectFrames(Frame.split(bytes), [
            Frame("message_start", #"{"type":"message_start","message":{"id":"resp_68a1b2","type":"message","role":"assistant","model":"gpt-5-2025-08-07","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1500,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}"#),
            Frame("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"#),
            Frame("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"**Listing files**"}}"#),
            Frame("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
            Frame("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#),
            Frame("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"I'll list"}}"#),
            Frame("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":" the files — ok."}}"#),
            Frame("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
            Frame("content_block_start", #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"call_X1","name":"exec_command","input":{}}}"#),
            Frame("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"cmd\":"}}"#),
            Frame("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":" \"ls -la\"}"}}"#),
            Frame("content_block_stop", #"{"type":"content_block_stop","index":2}"#),
            Frame("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":500,"cache_creation_input_tokens":0,"cache_read_input_tokens":2500,"output_tokens":300}}"#),
            Frame("message_stop", #"{"type":"message_stop"}"#),
        ])
        #expect(translator.providerUsage == TokenUsage(inputTokens: 500, outputTokens: 300, cacheReadTokens: 2500, reasoningTokens: 192))
        #expect(translator.dropped.isEmpty)
    }

    @Test func responsesToAnthropicEverySplit() {
        expectSameAtEverySplit(RecordedStreams.responses, from: .openAIResponses, to: .anthropic, options: options)
    }

    /// A Chat stream cut before `[DONE]` ends with Anthropic's error event, never a made-up `message_stop`.
    @Test func truncatedStreamEndsWithErrorEvent() {
        let cut = RecordedStreams.chat.components(separatedBy: "data: [DONE]")[0]
        let (bytes, translator) = translateWhole(cut, from: .openAIChat, to: .anthropic, options: options)
        let frames = Frame.split(bytes)
        #expect(frames.last == Frame("error", #"{"type":"error","error":{"type":"api_error","message":"the upstream stream ended before its last event"}}"#))
        #expect(!frames.contains { $0.event == "message_stop" })
        #expect(translator.failed)
        // The usage chunk arrived before the cut: the provider's counts are still there to charge.
        #expect(translator.providerUsage == TokenUsage(inputTokens: 176, outputTokens: 40, cacheReadTokens: 1024))
    }

    /// An OpenAI error chunk mid-stream becomes Anthropic's `error` event with the mapped type.
    @Test func chatErrorChunkBecomesAnthropicError() {
        let stream = RecordedStreams.sse([
            (nil, #"{"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}"#),
            (nil, #"{"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#),
        ])
        let (bytes, translator) = translateWhole(stream, from: .openAIChat, to: .anthropic, options: options)
        #expect(Frame.split(bytes).last == Frame("error", #"{"type":"error","error":{"type":"rate_limit_error","message":"Rate limit reached for requests"}}"#))
        #expect(translator.failed)
    }
}
