/// Reads an Anthropic Messages stream. Blocks keep Anthropic's indices; blocks no other wire can
/// carry (redacted thinking, server tools and their results) are skipped and reported.
struct AnthropicStreamDecoder: StreamDecoder {
    private(set) var usage: TokenUsage?
    private(set) var usageIsFinal = false
    private var skipped: Set<Int> = []

    mutating func decode(_ event: SSEEvent, into out: inout [StreamEvent], dropped: inout DroppedFeatures) {
        if event.event == "ping" { return }
        guard let root = object(event, into: &out) else { return }
        let index = root["index"]?.int ?? -1
        switch root["type"]?.string ?? event.event {
        case "message_start":
            let message = root["message"]
            var start = TokenUsage()
            if let counts = message?["usage"] {
                start.readAnthropic(counts)
                usage = start
            }
            out.append(.start(id: message?["id"]?.string ?? "", model: message?["model"]?.string ?? "", usage: usage))
        case "content_block_start":
            let block = root["content_block"]
            switch block?["type"]?.string {
            case "text":
                out.append(.blockStart(block: index, kind: .text))
                if let text = block?["text"]?.string, !text.isEmpty { out.append(.delta(block: index, text: text)) }
            case "thinking":
                out.append(.blockStart(block: index, kind: .thinking))
            case "tool_use":
                out.append(.blockStart(block: index, kind: .toolCall(id: block?["id"]?.string ?? "", name: block?["name"]?.string ?? "")))
            case let type:
                dropped.add(type ?? "unknown content block")
                skipped.insert(index)
            }
        case "content_block_delta":
            guard !skipped.contains(index) else { return }
            let delta = root["delta"]
            let text: String?
            switch delta?["type"]?.string {
            case "text_delta": text = delta?["text"]?.string
            case "thinking_delta": text = delta?["thinking"]?.string
            case "input_json_delta": text = delta?["partial_json"]?.string
            case "signature_delta":
                dropped.add("thinking signature")
                text = nil
            case let type:
                dropped.add(type ?? "unknown delta")
                text = nil
            }
            if let text, !text.isEmpty { out.append(.delta(block: index, text: text)) }
        case "content_block_stop":
            if !skipped.contains(index) { out.append(.blockStop(block: index)) }
        case "message_delta":
            if let counts = root["usage"] {
                var total = usage ?? TokenUsage()
                total.readAnthropic(counts)
                usage = total
                usageIsFinal = true
                out.append(.usage(total))
            }
            if let reason = root["delta"]?["stop_reason"]?.string { out.append(.finish(StopReason(anthropic: reason))) }
        case "message_stop":
            out.append(.end)
        case "error":
            let error = root["error"]
            out.append(.failure(WireFailure(status: WireErrors.status(anthropicType: error?["type"]?.string), message: error?["message"]?.string ?? "upstream error")))
        default:
            break
        }
    }
}
