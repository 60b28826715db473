/// Writes an Anthropic Messages stream: `message_start` (input usage from the upstream, else the
/// estimate in ``StreamOptions``), one `content_block_start`/`_delta`/`_stop` run per block,
/// then `message_delta` (stop reason, the provider's final usage) and `message_stop`.
struct AnthropicStreamEncoder: StreamEncoder {
    let options: StreamOptions
    private var started = false
    private var nextIndex = 0
    private var open: (block: Int, index: Int, kind: StreamEvent.BlockKind)?
    private var usage = TokenUsage()
    private var stopReason: StopReason?
    private var sawTool = false

    init(options: StreamOptions) { self.options = options }

    mutating func encode(_ event: StreamEvent, into out: inout [UInt8]) {
        switch event {
        case .start(let id, let model, let start):
            if let start { usage = start } else { usage.inputTokens = options.estimatedInputTokens }
            begin(id: id, model: model, into: &out)
        case .blockStart(let block, let kind):
            begin(id: "", model: "", into: &out)
            stop(into: &out)
            let content: JSONValue
            switch kind {
            case .text: content = ["type": "text", "text": ""]
            case .thinking: content = ["type": "thinking", "thinking": "", "signature": ""]
            case .toolCall(let id, let name):
                sawTool = true
                content = ["type": "tool_use", "id": .string(id), "name": .string(name), "input": [:]]
            }
            open = (block, nextIndex, kind)
            out += WireErrors.frame("content_block_start", ["type": "content_block_start", "index": .int(nextIndex), "content_block": content])
            nextIndex += 1
        case .delta(let block, let text):
            guard let current = open, current.block == block else { return }
            writeDelta(text, index: current.index, kind: current.kind, into: &out)
        case .blockStop(let block):
            if open?.block == block { stop(into: &out) }
        case .usage(let total):
            usage = total
        case .finish(let reason):
            stopReason = reason
        case .end:
            begin(id: "", model: "", into: &out)
            stop(into: &out)
            let reason = stopReason ?? (sawTool ? .toolUse : .endTurn)
            out += WireErrors.frame("message_delta", ["type": "message_delta", "delta": ["stop_reason": .string(reason.anthropic), "stop_sequence": nil], "usage": usage.anthropicJSON])
            out += WireErrors.frame("message_stop", ["type": "message_stop"])
        case .failure(let failure):
            out += WireErrors.event(failure, wire: .anthropic)
        }
    }

    private mutating func begin(id: String, model: String, into out: inout [UInt8]) {
        guard !started else { return }
        started = true
        if usage.inputTokens == 0, usage.cacheReadTokens == 0, usage.cacheWriteTokens == 0 { usage.inputTokens = options.estimatedInputTokens }
        var opening = usage
        opening.outputTokens = max(1, opening.outputTokens)
        let message: JSONValue = [
            "id": .string(id), "type": "message", "role": "assistant", "model": .string(options.model ?? model), "content": [],
            "stop_reason": nil, "stop_sequence": nil, "usage": opening.anthropicJSON,
        ]
        out += WireErrors.frame("message_start", ["type": "message_start", "message": message])
    }

    /// One `content_block_delta` frame written straight to bytes (most of a stream's events): the
    /// bytes `WireErrors.frame` writes for `{"type":"content_block_delta","index":N,"delta":{"type":…,FIELD:TEXT}}`.
    private func writeDelta(_ text: String, index: Int, kind: StreamEvent.BlockKind, into out: inout [UInt8]) {
        out += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":".utf8
        out += String(index).utf8
        switch kind {
        case .text: out += ",\"delta\":{\"type\":\"text_delta\",\"text\":".utf8
        case .thinking: out += ",\"delta\":{\"type\":\"thinking_delta\",\"thinking\":".utf8
        case .toolCall: out += ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":".utf8
        }
        JSONText.writeString(text, into: &out)
        out += "}}\n\n".utf8
    }

    private mutating func stop(into out: inout [UInt8]) {
        guard let current = open else { return }
        out += WireErrors.frame("content_block_stop", ["type": "content_block_stop", "index": .int(current.index)])
        open = nil
    }
}
