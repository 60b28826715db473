/// Renders a ``WireReply`` as a non-streamed answer body of each wire.
enum ReplyWriter {
    static func write(_ reply: WireReply, wire: Wire, options: StreamOptions, dropped: inout DroppedFeatures) -> JSONValue {
        let model = options.model ?? reply.model
        switch wire {
        case .anthropic:
            let content: [JSONValue] = reply.blocks.map { block in
                switch block {
                case .text(let text): return ["type": "text", "text": .string(text)]
                case .thinking(let text): return ["type": "thinking", "thinking": .string(text), "signature": ""]
                case .toolCall(let id, let name, let arguments):
                    var input: JSONValue = [:]
                    if let parsed = try? JSONText.parse(arguments), case .object = parsed { input = parsed } else { dropped.add("tool call arguments that are not a JSON object") }
                    return ["type": "tool_use", "id": .string(id), "name": .string(name), "input": input]
                }
            }
            return [
                "id": .string(reply.id), "type": "message", "role": "assistant", "model": .string(model), "content": .array(content),
                "stop_reason": .string(reply.stopReason.anthropic), "stop_sequence": nil, "usage": reply.usage.anthropicJSON,
            ]
        case .openAIChat:
            var texts: [String] = []
            var reasoning: [String] = []
            var calls: [JSONValue] = []
            for block in reply.blocks {
                switch block {
                case .text(let text): texts.append(text)
                case .thinking(let text): reasoning.append(text)
                case .toolCall(let id, let name, let arguments):
                    calls.append(["id": .string(id), "type": "function", "function": ["name": .string(name), "arguments": .string(arguments)]])
                }
            }
            var message: JSONValue = ["role": "assistant", "content": texts.isEmpty ? nil : .string(texts.joined())]
            if !reasoning.isEmpty { message.set("reasoning_content", .string(reasoning.joined(separator: "\n\n"))) }
            if !calls.isEmpty { message.set("tool_calls", .array(calls)) }
            let choice: JSONValue = ["index": 0, "message": message, "finish_reason": .string(reply.stopReason.chat)]
            return ["id": .string(reply.id), "object": "chat.completion", "created": .int(options.createdAt), "model": .string(model), "choices": [choice], "usage": reply.usage.chatJSON]
        case .openAIResponses:
            var output: [JSONValue] = []
            for (index, block) in reply.blocks.enumerated() {
                switch block {
                case .text(let text):
                    output.append(["id": .string("msg_\(index)_\(reply.id)"), "type": "message", "status": "completed", "role": "assistant", "content": [["type": "output_text", "text": .string(text), "annotations": []]]])
                case .thinking(let text):
                    output.append(["id": .string("rs_\(index)_\(reply.id)"), "type": "reasoning", "summary": [["type": "summary_text", "text": .string(text)]]])
                case .toolCall(let id, let name, let arguments):
                    output.append(["id": .string("fc_\(index)_\(reply.id)"), "type": "function_call", "status": "completed", "call_id": .string(id), "name": .string(name), "arguments": .string(arguments)])
                }
            }
            let incomplete = reply.stopReason.responsesIncompleteReason
            return [
                "id": .string(reply.id), "object": "response", "created_at": .int(options.createdAt), "status": .string(incomplete == nil ? "completed" : "incomplete"),
                "error": nil, "incomplete_details": incomplete.map { ["reason": .string($0)] } ?? nil, "model": .string(model), "output": .array(output),
                "parallel_tool_calls": true, "tool_choice": "auto", "tools": [], "usage": reply.usage.responsesJSON,
            ]
        }
    }
}
