/// Reads a non-streamed answer body of each wire into a ``WireReply``.
enum ReplyReader {
    static func read(_ root: JSONValue, wire: Wire, dropped: inout DroppedFeatures) throws(TranslationError) -> WireReply {
        var reply = WireReply()
        reply.id = root["id"]?.string ?? ""
        reply.model = root["model"]?.string ?? ""
        switch wire {
        case .anthropic:
            guard let content = root["content"]?.array else { throw .invalid("content") }
            for block in content {
                switch block["type"]?.string {
                case "text":
                    if block["citations"].map({ !$0.isNull }) == true { dropped.add("citations") }
                    reply.blocks.append(.text(block["text"]?.string ?? ""))
                case "thinking":
                    dropped.add("thinking signature")
                    reply.blocks.append(.thinking(block["thinking"]?.string ?? ""))
                case "tool_use":
                    reply.blocks.append(.toolCall(id: block["id"]?.string ?? "", name: block["name"]?.string ?? "", arguments: JSONText.string(block["input"] ?? [:])))
                case let type: dropped.add(type ?? "unknown content block")
                }
            }
            reply.stopReason = StopReason(anthropic: root["stop_reason"]?.string ?? "end_turn")
            if let usage = root["usage"] { reply.usage.readAnthropic(usage) }
        case .openAIChat:
            guard let message = root["choices"]?.array?.first?["message"] else { throw .invalid("choices[0].message") }
            if let reasoning = message["reasoning_content"]?.string ?? message["reasoning"]?.string, !reasoning.isEmpty { reply.blocks.append(.thinking(reasoning)) }
            if let text = message["content"]?.string, !text.isEmpty { reply.blocks.append(.text(text)) }
            if let refusal = message["refusal"]?.string, !refusal.isEmpty { reply.blocks.append(.text(refusal)) }
            for call in message["tool_calls"]?.array ?? [] {
                reply.blocks.append(.toolCall(id: call["id"]?.string ?? "", name: call["function"]?["name"]?.string ?? "", arguments: call["function"]?["arguments"]?.string ?? "{}"))
            }
            reply.stopReason = StopReason(chat: root["choices"]?.array?.first?["finish_reason"]?.string ?? "stop")
            if let usage = root["usage"], case .object = usage { reply.usage = TokenUsage.openAI(usage) }
        case .openAIResponses:
            guard let output = root["output"]?.array else { throw .invalid("output") }
            var sawCall = false
            for item in output {
                switch item["type"]?.string {
                case "message":
                    for part in item["content"]?.array ?? [] {
                        if let text = part["text"]?.string ?? part["refusal"]?.string { reply.blocks.append(.text(text)) }
                    }
                case "reasoning":
                    let summary = (item["summary"]?.array ?? []).compactMap { $0["text"]?.string }.joined(separator: "\n\n")
                    if !summary.isEmpty { reply.blocks.append(.thinking(summary)) }
                case "function_call":
                    sawCall = true
                    reply.blocks.append(.toolCall(id: item["call_id"]?.string ?? "", name: item["name"]?.string ?? "", arguments: item["arguments"]?.string ?? "{}"))
                case let type: dropped.add("output item \(type ?? "unknown")")
                }
            }
            switch root["incomplete_details"]?["reason"]?.string {
            case "max_output_tokens": reply.stopReason = .maxTokens
            case "content_filter": reply.stopReason = .refusal
            default: reply.stopReason = sawCall ? .toolUse : .endTurn
            }
            if let usage = root["usage"], case .object = usage { reply.usage = TokenUsage.openAI(usage) }
        }
        return reply
    }
}
