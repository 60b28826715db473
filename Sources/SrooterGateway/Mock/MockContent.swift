import SrooterWire

/// The mock's canned reply in each wire, whole or as a stream of about twenty events.
struct MockContent {
    let model: String
    let text: String
    /// The tool to call (see `MockToolCall`), if any.
    let call: MockToolCall?
    /// Whether a chat stream ends with a usage chunk.
    let includeUsage: Bool
    /// The usage reported (the fixed `MockScript.usage` unless the scripted agent counts its own).
    var usage = MockScript.usage
    private var tool: String? { call?.name }
    private var toolArguments: String { call?.arguments ?? "{}" }

    private func q(_ text: String) -> String {
        var out: [UInt8] = []
        CanonicalJSON.writeString(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The text cut into deltas of a few words each.
    private var pieces: [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        var index = 0
        while index < words.count {
            let end = min(words.count, index + 2)
            out.append((index == 0 ? "" : " ") + words[index..<end].joined(separator: " "))
            index = end
        }
        return out
    }

    /// The arguments cut in three.
    private var argumentPieces: [String] {
        let characters = Array(toolArguments)
        let third = max(1, characters.count / 3)
        return [String(characters.prefix(third)), String(characters.dropFirst(third).prefix(third)), String(characters.dropFirst(2 * third))]
            .filter { !$0.isEmpty }
    }

    func body(_ wire: Wire) -> [UInt8] {
        let u = usage
        switch wire {
        case .anthropic:
            var content = #"[{"type":"text","text":\#(q(text))}"#
            if let tool { content += #",{"type":"tool_use","id":"toolu_mock_01","name":\#(q(tool)),"input":\#(toolArguments)}"# }
            content += "]"
            return Array(#"{"id":"msg_mock_01","type":"message","role":"assistant","model":\#(q(model)),"content":\#(content),"stop_reason":"\#(tool == nil ? "end_turn" : "tool_use")","stop_sequence":null,"usage":{"input_tokens":\#(u.inputTokens),"cache_creation_input_tokens":\#(u.cacheWriteTokens),"cache_read_input_tokens":\#(u.cacheReadTokens),"output_tokens":\#(u.outputTokens)}}"#.utf8)
        case .openAIChat:
            let message = tool.map { #"{"role":"assistant","content":null,"tool_calls":[{"id":"call_mock_01","type":"function","function":{"name":\#(q($0)),"arguments":\#(q(toolArguments))}}],"refusal":null}"# }
                ?? #"{"role":"assistant","content":\#(q(text)),"refusal":null}"#
            return Array(#"{"id":"chatcmpl-mock01","object":"chat.completion","created":1700000000,"model":\#(q(model)),"choices":[{"index":0,"message":\#(message),"logprobs":null,"finish_reason":"\#(tool == nil ? "stop" : "tool_calls")"}],"usage":\#(chatUsage)}"#.utf8)
        case .openAIResponses:
            return Array(response(status: "completed", withOutput: true).utf8)
        }
    }

    private var chatUsage: String {
        let u = usage
        return #"{"prompt_tokens":\#(u.inputTokens + u.cacheReadTokens),"completion_tokens":\#(u.outputTokens),"total_tokens":\#(u.inputTokens + u.cacheReadTokens + u.outputTokens),"prompt_tokens_details":{"cached_tokens":\#(u.cacheReadTokens)}}"#
    }

    private var messageItem: String {
        #"{"type":"message","id":"msg_mock_01","status":"completed","role":"assistant","content":[{"type":"output_text","text":\#(q(text)),"annotations":[]}]}"#
    }

    private var functionItem: String? {
        tool.map { #"{"type":"function_call","id":"fc_mock_01","call_id":"call_mock_01","name":\#(q($0)),"arguments":\#(q(toolArguments)),"status":"completed"}"# }
    }

    private func response(status: String, withOutput: Bool) -> String {
        let u = usage
        let output = withOutput ? "[" + ([messageItem] + (functionItem.map { [$0] } ?? [])).joined(separator: ",") + "]" : "[]"
        let usageText = withOutput
            ? #"{"input_tokens":\#(u.inputTokens + u.cacheReadTokens),"input_tokens_details":{"cached_tokens":\#(u.cacheReadTokens)},"output_tokens":\#(u.outputTokens),"output_tokens_details":{"reasoning_tokens":0},"total_tokens":\#(u.inputTokens + u.cacheReadTokens + u.outputTokens)}"#
            : "null"
        return #"{"id":"resp_mock_01","object":"response","created_at":1700000000,"status":"\#(status)","model":\#(q(model)),"output":\#(output),"parallel_tool_calls":true,"tool_choice":"auto","tools":[],"usage":\#(usageText)}"#
    }

    func frames(_ wire: Wire) -> [[UInt8]] {
        switch wire {
        case .anthropic: anthropicFrames().map { Array($0.utf8) }
        case .openAIChat: chatFrames().map { Array($0.utf8) }
        case .openAIResponses: responsesFrames().map { Array($0.utf8) }
        }
    }

    private func event(_ type: String, _ data: String) -> String { "event: \(type)\ndata: \(data)\n\n" }

    private func anthropicFrames() -> [String] {
        let u = usage
        var out = [event("message_start", #"{"type":"message_start","message":{"id":"msg_mock_01","type":"message","role":"assistant","model":\#(q(model)),"content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":\#(u.inputTokens),"cache_creation_input_tokens":\#(u.cacheWriteTokens),"cache_read_input_tokens":\#(u.cacheReadTokens),"output_tokens":1}}}"#)]
        out.append(event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#))
        out.append(event("ping", #"{"type":"ping"}"#))
        for piece in pieces {
            out.append(event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":\#(q(piece))}}"#))
        }
        out.append(event("content_block_stop", #"{"type":"content_block_stop","index":0}"#))
        if let tool {
            out.append(event("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_mock_01","name":\#(q(tool)),"input":{}}}"#))
            for piece in argumentPieces {
                out.append(event("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":\#(q(piece))}}"#))
            }
            out.append(event("content_block_stop", #"{"type":"content_block_stop","index":1}"#))
        }
        out.append(event("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"\#(tool == nil ? "end_turn" : "tool_use")","stop_sequence":null},"usage":{"output_tokens":\#(u.outputTokens)}}"#))
        out.append(event("message_stop", #"{"type":"message_stop"}"#))
        return out
    }

    private func chunk(_ delta: String, finish: String? = nil) -> String {
        let reason = finish.map { "\"\($0)\"" } ?? "null"
        return #"data: {"id":"chatcmpl-mock01","object":"chat.completion.chunk","created":1700000000,"model":\#(q(model)),"choices":[{"index":0,"delta":\#(delta),"logprobs":null,"finish_reason":\#(reason)}]}"# + "\n\n"
    }

    private func chatFrames() -> [String] {
        var out = [chunk(#"{"role":"assistant","content":"","refusal":null}"#)]
        if let tool {
            out.append(chunk(#"{"tool_calls":[{"index":0,"id":"call_mock_01","type":"function","function":{"name":\#(q(tool)),"arguments":""}}]}"#))
            for piece in argumentPieces { out.append(chunk(#"{"tool_calls":[{"index":0,"function":{"arguments":\#(q(piece))}}]}"#)) }
            out.append(chunk("{}", finish: "tool_calls"))
        } else {
            for piece in pieces { out.append(chunk(#"{"content":\#(q(piece))}"#)) }
            out.append(chunk("{}", finish: "stop"))
        }
        if includeUsage {
            out.append(#"data: {"id":"chatcmpl-mock01","object":"chat.completion.chunk","created":1700000000,"model":\#(q(model)),"choices":[],"usage":\#(chatUsage)}"# + "\n\n")
        }
        out.append("data: [DONE]\n\n")
        return out
    }

    private func responsesFrames() -> [String] {
        var sequence = 0
        var out: [String] = []
        func add(_ type: String, _ fields: String) {
            out.append(event(type, #"{"type":"\#(type)","sequence_number":\#(sequence),\#(fields)}"#))
            sequence += 1
        }
        add("response.created", #""response":\#(response(status: "in_progress", withOutput: false))"#)
        add("response.in_progress", #""response":\#(response(status: "in_progress", withOutput: false))"#)
        add("response.output_item.added", #""output_index":0,"item":{"type":"message","id":"msg_mock_01","status":"in_progress","role":"assistant","content":[]}"#)
        add("response.content_part.added", #""item_id":"msg_mock_01","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}"#)
        for piece in pieces {
            add("response.output_text.delta", #""item_id":"msg_mock_01","output_index":0,"content_index":0,"delta":\#(q(piece))"#)
        }
        add("response.output_text.done", #""item_id":"msg_mock_01","output_index":0,"content_index":0,"text":\#(q(text))"#)
        add("response.content_part.done", #""item_id":"msg_mock_01","output_index":0,"content_index":0,"part":{"type":"output_text","text":\#(q(text)),"annotations":[]}"#)
        add("response.output_item.done", #""output_index":0,"item":\#(messageItem)"#)
        if let tool, let functionItem {
            add("response.output_item.added", #""output_index":1,"item":{"type":"function_call","id":"fc_mock_01","call_id":"call_mock_01","name":\#(q(tool)),"arguments":"","status":"in_progress"}"#)
            for piece in argumentPieces {
                add("response.function_call_arguments.delta", #""item_id":"fc_mock_01","output_index":1,"delta":\#(q(piece))"#)
            }
            add("response.function_call_arguments.done", #""item_id":"fc_mock_01","output_index":1,"arguments":\#(q(toolArguments))"#)
            add("response.output_item.done", #""output_index":1,"item":\#(functionItem)"#)
        }
        add("response.completed", #""response":\#(response(status: "completed", withOutput: true))"#)
        return out
    }
}
