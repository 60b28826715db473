import SrooterWire
import Testing

/// Non-streamed answers and error bodies, translated for the client's wire.
@Suite struct ReplyTranslationTests {
    let options = StreamOptions(createdAt: 1764720100)

    private func translate(_ body: String, from upstream: Wire, to client: Wire) throws -> (JSONValue, TranslatedReply) {
        let out = try ReplyTranslator.translate(Array(body.utf8), from: upstream, to: client, options: options)
        return (try JSONText.parse(out.body), out)
    }

    @Test func anthropicReplyToChat() throws {
        let (body, out) = try translate(#"""
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"thinking","thinking":"hmm","signature":"sig"},{"type":"text","text":"Calling."},{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"ls"}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":100,"cache_creation_input_tokens":20,"cache_read_input_tokens":300,"output_tokens":50}}
            """#, from: .anthropic, to: .openAIChat)
        #expect(body == (try JSONText.parse(#"""
            {"id":"msg_1","object":"chat.completion","created":1764720100,"model":"claude-sonnet-4-5",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Calling.","reasoning_content":"hmm","tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"Bash","arguments":"{\"command\":\"ls\"}"}}]},"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":420,"completion_tokens":50,"total_tokens":470,"prompt_tokens_details":{"cached_tokens":300},"completion_tokens_details":{"reasoning_tokens":0}}}
            """#)), "\(body)")
        #expect(out.providerUsage == TokenUsage(inputTokens: 100, outputTokens: 50, cacheReadTokens: 300, cacheWriteTokens: 20))
        #expect(out.dropped == ["thinking signature"])
    }

    @Test func chatReplyToAnthropic() throws {
        let (body, out) = try translate(#"""
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4.1",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}],"refusal":null},"logprobs":null,"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":80,"completion_tokens":15,"total_tokens":95,"prompt_tokens_details":{"cached_tokens":64}}}
            """#, from: .openAIChat, to: .anthropic)
        #expect(body == (try JSONText.parse(#"""
            {"id":"chatcmpl-1","type":"message","role":"assistant","model":"gpt-4.1",
             "content":[{"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":16,"cache_creation_input_tokens":0,"cache_read_input_tokens":64,"output_tokens":15}}
            """#)), "\(body)")
        #expect(out.providerUsage == TokenUsage(inputTokens: 16, outputTokens: 15, cacheReadTokens: 64))
    }

    @Test func responsesReplyToAnthropic() throws {
        let (body, _) = try translate(#"""
            {"id":"resp_1","object":"response","created_at":1,"status":"completed","model":"gpt-5",
             "output":[
              {"id":"rs_1","type":"reasoning","summary":[{"type":"summary_text","text":"Think"}]},
              {"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Done.","annotations":[]}]},
              {"id":"fc_1","type":"function_call","status":"completed","call_id":"call_9","name":"exec_command","arguments":"{\"cmd\":\"ls\"}"}
             ],
             "usage":{"input_tokens":50,"input_tokens_details":{"cached_tokens":0,"cache_write_tokens":0},"output_tokens":30,"output_tokens_details":{"reasoning_tokens":12},"total_tokens":80}}
            """#, from: .openAIResponses, to: .anthropic)
        #expect(body == (try JSONText.parse(#"""
            {"id":"resp_1","type":"message","role":"assistant","model":"gpt-5",
             "content":[{"type":"thinking","thinking":"Think","signature":""},{"type":"text","text":"Done."},{"type":"tool_use","id":"call_9","name":"exec_command","input":{"cmd":"ls"}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":50,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":30}}
            """#)), "\(body)")
    }

    /// A Chat answer cut by the limit is an incomplete Responses answer.
    @Test func chatLengthReplyToResponses() throws {
        let (body, _) = try translate(#"""
            {"id":"chatcmpl-2","object":"chat.completion","created":1,"model":"llama3",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Once upon"},"finish_reason":"length"}],
             "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}
            """#, from: .openAIChat, to: .openAIResponses)
        #expect(body == (try JSONText.parse(#"""
            {"id":"chatcmpl-2","object":"response","created_at":1764720100,"status":"incomplete","error":null,
             "incomplete_details":{"reason":"max_output_tokens"},"model":"llama3",
             "output":[{"id":"msg_0_chatcmpl-2","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Once upon","annotations":[]}]}],
             "parallel_tool_calls":true,"tool_choice":"auto","tools":[],
             "usage":{"input_tokens":5,"input_tokens_details":{"cached_tokens":0,"cache_write_tokens":0},"output_tokens":2,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":7}}
            """#)), "\(body)")
    }

    /// Provider errors keep their status and come back in the client's shape (Anthropic's and OpenAI's documented error bodies).
    @Test func errorBodies() throws {
        let openAI429 = #"{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#
        #expect(try JSONText.parse(ReplyTranslator.translateError(status: 429, body: Array(openAI429.utf8), to: .anthropic))
            == JSONText.parse(#"{"type":"error","error":{"type":"rate_limit_error","message":"Rate limit reached"}}"#))
        let anthropic529 = #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
        #expect(try JSONText.parse(ReplyTranslator.translateError(status: 529, body: Array(anthropic529.utf8), to: .openAIResponses))
            == JSONText.parse(#"{"error":{"message":"Overloaded","type":"server_error","param":null,"code":null}}"#))
        let anthropic401 = #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#
        #expect(try JSONText.parse(ReplyTranslator.translateError(status: 401, body: Array(anthropic401.utf8), to: .openAIChat))
            == JSONText.parse(#"{"error":{"message":"invalid x-api-key","type":"authentication_error","param":null,"code":"invalid_api_key"}}"#))
        // A body that is not JSON (a proxy's HTML page) still gives the client's shape, without quoting the page.
        #expect(try JSONText.parse(ReplyTranslator.translateError(status: 502, body: Array("<html>Bad gateway</html>".utf8), to: .anthropic))
            == JSONText.parse(#"{"type":"error","error":{"type":"api_error","message":"upstream error (HTTP 502)"}}"#))
    }
}
