import SrooterWire
import Testing

/// Streams translated for a Responses client (Codex). Expected events follow OpenAI's
/// "Responses streaming events" reference: created, in_progress, per output item added → parts
/// and deltas → done, then `response.completed` with every item and the usage.
@Suite struct StreamToResponsesTests {
    let options = StreamOptions(estimatedInputTokens: 1500, createdAt: 1764720100)

    private func event(_ type: String, _ sequence: Int, _ rest: String) -> Frame {
        Frame(type, #"{"type":"\#(type)","sequence_number":\#(sequence),\#(rest)}"#)
    }

    private func response(_ id: String, _ model: String, _ status: String, output: String = "[]", usage: String = "null") -> String {
        #"{"id":"\#(id)","object":"response","created_at":1764720100,"status":"\#(status)","error":null,"incomplete_details":null,"model":"\#(model)","output":\#(output),"parallel_tool_calls":true,"tool_choice":"auto","tools":[],"usage":\#(usage)}"#
    }

    @Test func chatToResponses() {
        let (bytes, translator) = translateWhole(RecordedStreams.chat, from: .openAIChat, to: .openAIResponses, options: options)
        let id = "chatcmpl-Cx1", model = "gpt-4.1-2025-04-14"
        let message = #"{"id":"msg_0_chatcmpl-Cx1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Let me look — now.","annotations":[]}]}"#
        let bash = #"{"id":"fc_1_chatcmpl-Cx1","type":"function_call","status":"completed","call_id":"call_abc","name":"Bash","arguments":"{\"command\": \"ls\"}"}"#
        let read = #"{"id":"fc_2_chatcmpl-Cx1","type":"function_call","status":"completed","call_id":"call_def","name":"Read","arguments":"{\"file_path\":\"a.txt\"}"}"#
        expectFrames(Frame.split(bytes), [
            event("response.created", 0, #""response":\#(response(id, model, "in_progress"))"#),
            event("response.in_progress", 1, #""response":\#(response(id, model, "in_progress"))"#),
            event("response.output_item.added", 2, #""output_index":0,"item":{"id":"msg_0_chatcmpl-Cx1","type":"message","status":"in_progress","role":"assistant","content":[]}"#),
            event("response.content_part.added", 3, #""item_id":"msg_0_chatcmpl-Cx1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}"#),
            event("response.output_text.delta", 4, #""item_id":"msg_0_chatcmpl-Cx1","output_index":0,"content_index":0,"delta":"Let me look","logprobs":[]"#),
            event("response.output_text.delta", 5, #""item_id":"msg_0_chatcmpl-Cx1","output_index":0,"content_index":0,"delta":" — now.","logprobs":[]"#),
            event("response.output_text.done", 6, #""item_id":"msg_0_chatcmpl-Cx1","output_index":0,"content_index":0,"text":"Let me look — now.","logprobs":[]"#),
            event("response.content_part.done", 7, #""item_id":"msg_0_chatcmpl-Cx1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"Let me look — now.","annotations":[]}"#),
            event("response.output_item.done", 8, #""output_index":0,"item":\#(message)"#),
            event("response.output_item.added", 9, #""output_index":1,"item":{"id":"fc_1_chatcmpl-Cx1","type":"function_call","status":"in_progress","call_id":"call_abc","name":"Bash","arguments":""}"#),
            event("response.function_call_arguments.delta", 10, #""item_id":"fc_1_chatcmpl-Cx1","output_index":1,"delta":"{\"command\":""#),
            event("response.function_call_arguments.delta", 11, #""item_id":"fc_1_chatcmpl-Cx1","output_index":1,"delta":" \"ls\"}""#),
            event("response.function_call_arguments.done", 12, #""item_id":"fc_1_chatcmpl-Cx1","output_index":1,"arguments":"{\"command\": \"ls\"}""#),
            event("response.output_item.done", 13, #""output_index":1,"item":\#(bash)"#),
            event("response.output_item.added", 14, #""output_index":2,"item":{"id":"fc_2_chatcmpl-Cx1","type":"function_call","status":"in_progress","call_id":"call_def","name":"Read","arguments":""}"#),
            event("response.function_call_arguments.delta", 15, #""item_id":"fc_2_chatcmpl-Cx1","output_index":2,"delta":"{\"file_path\":\"a.txt\"}""#),
            event("response.function_call_arguments.done", 16, #""item_id":"fc_2_chatcmpl-Cx1","output_index":2,"arguments":"{\"file_path\":\"a.txt\"}""#),
            event("response.output_item.done", 17, #""output_index":2,"item":\#(read)"#),
            event("response.completed", 18, #""response":\#(response(id, model, "completed", output: "[\(message),\(bash),\(read)]", usage: #"{"input_tokens":1200,"input_tokens_details":{"cached_tokens":1024,"cache_write_tokens":0},"output_tokens":40,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":1240}"#))"#),
        ])
        #expect(translator.providerUsage == TokenUsage(inputTokens: 176, outputTokens: 40, cacheReadTokens: 1024))
    }

    @Test func chatToResponsesEverySplit() {
        expectSameAtEverySplit(RecordedStreams.chat, from: .openAIChat, to: .openAIResponses, options: options)
    }

    @Test func anthropicToResponses() {
        let (bytes, translator) = translateWhole(RecordedStreams.anthropic, from: .anthropic, to: .openAIResponses, options: options)
        let id = "msg_01XFDUDYJgAACzvnptvVoYEL", model = "claude-sonnet-4-5-20250929"
        let rs = "rs_0_\(id)", msg = "msg_1_\(id)", fc2 = "fc_2_\(id)", fc3 = "fc_3_\(id)"
        let thinking = "The user wants the date. I'll run `date`."
        let reasoningItem = #"{"id":"\#(rs)","type":"reasoning","summary":[{"type":"summary_text","text":"\#(thinking)"}]}"#
        let messageItem = #"{"id":"\#(msg)","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Checking the date — one moment.","annotations":[]}]}"#
        let bashItem = #"{"id":"\#(fc2)","type":"function_call","status":"completed","call_id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"Bash","arguments":"{\"command\": \"date -u\"}"}"#
        let readItem = #"{"id":"\#(fc3)","type":"function_call","status":"completed","call_id":"toolu_01Vb7S2fQk1bM3oWcGkqPf9e","name":"Read","arguments":"{\"file_path\":\"/tmp/a.txt\"}"}"#
        expectFrames(Frame.split(bytes), [
            event("response.created", 0, #""response":\#(response(id, model, "in_progress"))"#),
            event("response.in_progress", 1, #""response":\#(response(id, model, "in_progress"))"#),
            event("response.output_item.added", 2, #""output_index":0,"item":{"id":"\#(rs)","type":"reasoning","summary":[]}"#),
            event("response.reasoning_summary_part.added", 3, #""item_id":"\#(rs)","output_index":0,"summary_index":0,"part":{"type":"summary_text","text":""}"#),
            event("response.reasoning_summary_text.delta", 4, #""item_id":"\#(rs)","output_index":0,"summary_index":0,"delta":"The user wants the date. ""#),
            event("response.reasoning_summary_text.delta", 5, #""item_id":"\#(rs)","output_index":0,"summary_index":0,"delta":"I'll run `date`.""#),
            event("response.reasoning_summary_text.done", 6, #""item_id":"\#(rs)","output_index":0,"summary_index":0,"text":"\#(thinking)""#),
            event("response.reasoning_summary_part.done", 7, #""item_id":"\#(rs)","output_index":0,"summary_index":0,"part":{"type":"summary_text","text":"\#(thinking)"}"#),
            event("response.output_item.done", 8, #""output_index":0,"item":\#(reasoningItem)"#),
            event("response.output_item.added", 9, #""output_index":1,"item":{"id":"\#(msg)","type":"message","status":"in_progress","role":"assistant","content":[]}"#),
            event("response.content_part.added", 10, #""item_id":"\#(msg)","output_index":1,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}"#),
            event("response.output_text.delta", 11, #""item_id":"\#(msg)","output_index":1,"content_index":0,"delta":"Checking the date","logprobs":[]"#),
            event("response.output_text.delta", 12, #""item_id":"\#(msg)","output_index":1,"content_index":0,"delta":" — one moment.","logprobs":[]"#),
            event("response.output_text.done", 13, #""item_id":"\#(msg)","output_index":1,"content_index":0,"text":"Checking the date — one moment.","logprobs":[]"#),
            event("response.content_part.done", 14, #""item_id":"\#(msg)","output_index":1,"content_index":0,"part":{"type":"output_text","text":"Checking the date — one moment.","annotations":[]}"#),
            event("response.output_item.done", 15, #""output_index":1,"item":\#(messageItem)"#),
            event("response.output_item.added", 16, #""output_index":2,"item":{"id":"\#(fc2)","type":"function_call","status":"in_progress","call_id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"Bash","arguments":""}"#),
            event("response.function_call_arguments.delta", 17, #""item_id":"\#(fc2)","output_index":2,"delta":"{\"command\": \"da""#),
            event("response.function_call_arguments.delta", 18, #""item_id":"\#(fc2)","output_index":2,"delta":"te -u\"}""#),
            event("response.function_call_arguments.done", 19, #""item_id":"\#(fc2)","output_index":2,"arguments":"{\"command\": \"date -u\"}""#),
            event("response.output_item.done", 20, #""output_index":2,"item":\#(bashItem)"#),
            event("response.output_item.added", 21, #""output_index":3,"item":{"id":"\#(fc3)","type":"function_call","status":"in_progress","call_id":"toolu_01Vb7S2fQk1bM3oWcGkqPf9e","name":"Read","arguments":""}"#),
            event("response.function_call_arguments.delta", 22, #""item_id":"\#(fc3)","output_index":3,"delta":"{\"file_path\":\"/tmp/a.txt\"}""#),
            event("response.function_call_arguments.done", 23, #""item_id":"\#(fc3)","output_index":3,"arguments":"{\"file_path\":\"/tmp/a.txt\"}""#),
            event("response.output_item.done", 24, #""output_index":3,"item":\#(readItem)"#),
            event("response.completed", 25, #""response":\#(response(id, model, "completed", output: "[\(reasoningItem),\(messageItem),\(bashItem),\(readItem)]", usage: #"{"input_tokens":2520,"input_tokens_details":{"cached_tokens":2048,"cache_write_tokens":0},"output_tokens":89,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":2609}"#))"#),
        ])
        #expect(translator.providerUsage == TokenUsage(inputTokens: 472, outputTokens: 89, cacheReadTokens: 2048))
    }

    @Test func anthropicToResponsesEverySplit() {
        expectSameAtEverySplit(RecordedStreams.anthropic, from: .anthropic, to: .openAIResponses, options: options)
    }

    /// Anthropic's mid-stream `overloaded_error` becomes Responses' `error` event, then `response.failed` carrying the message.
    @Test func anthropicErrorBecomesResponseFailed() {
        let stream = RecordedStreams.sse([
            ("message_start", #"{"type":"message_start","message":{"id":"msg_3","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}"#),
            ("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#),
        ])
        let (bytes, translator) = translateWhole(stream, from: .anthropic, to: .openAIResponses, options: options)
        var failed = response("msg_3", "claude-x", "failed")
        failed = failed.replacingFirst(#""error":null"#, with: #""error":{"code":"server_error","message":"Overloaded"}"#)
        expectFrames(Frame.split(bytes), [
            event("response.created", 0, #""response":\#(response("msg_3", "claude-x", "in_progress"))"#),
            event("response.in_progress", 1, #""response":\#(response("msg_3", "claude-x", "in_progress"))"#),
            event("error", 2, #""code":"server_error","message":"Overloaded","param":null"#),
            event("response.failed", 3, #""response":\#(failed)"#),
        ])
        #expect(translator.failed)
    }

    /// An Anthropic answer cut by `max_tokens` ends in `response.incomplete` with the reason Codex reads.
    @Test func maxTokensBecomesIncomplete() {
        let stream = RecordedStreams.sse([
            ("message_start", #"{"type":"message_start","message":{"id":"msg_2","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}"#),
            ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Once"}}"#),
            ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
            ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":1}}"#),
            ("message_stop", #"{"type":"message_stop"}"#),
        ])
        let frames = Frame.split(translateWhole(stream, from: .anthropic, to: .openAIResponses, options: options).bytes)
        let item = #"{"id":"msg_0_msg_2","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Once","annotations":[]}]}"#
        var expected = response("msg_2", "claude-x", "incomplete", output: "[\(item)]", usage: #"{"input_tokens":10,"input_tokens_details":{"cached_tokens":0,"cache_write_tokens":0},"output_tokens":1,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":11}"#)
        expected = expected.replacingFirst(#""incomplete_details":null"#, with: #""incomplete_details":{"reason":"max_output_tokens"}"#)
        expectFrames(frames.suffix(1), [event("response.incomplete", 8, #""response":\#(expected)"#)])
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return self[..<range.lowerBound] + replacement + self[range.upperBound...]
    }
}
