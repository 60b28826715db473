/// Reads an OpenAI Responses stream. Output text parts, reasoning summary parts (and raw
/// reasoning text) and function calls become blocks; other output items (web search calls, …)
/// are skipped and reported.
struct ResponsesStreamDecoder: StreamDecoder {
    private(set) var usage: TokenUsage?
    private(set) var usageIsFinal = false
    private var nextBlock = 0
    /// Open blocks by key: "output_index/c/content_index", "output_index/s/summary_index", "output_index/f".
    private var open: (key: String, block: Int)?
    private var sawToolCall = false
    /// Whether the open function call got any argument delta (some servers send the arguments only in `output_item.done`).
    private var streamedArguments = false

    mutating func decode(_ event: SSEEvent, into out: inout [StreamEvent], dropped: inout DroppedFeatures) {
        guard let root = object(event, into: &out) else { return }
        let output = root["output_index"]?.int ?? 0
        switch root["type"]?.string ?? event.event {
        case "response.created":
            let response = root["response"]
            out.append(.start(id: response?["id"]?.string ?? "", model: response?["model"]?.string ?? "", usage: nil))
        case "response.output_item.added":
            let item = root["item"]
            switch item?["type"]?.string {
            case "function_call":
                sawToolCall = true
                begin("\(output)/f", .toolCall(id: item?["call_id"]?.string ?? "", name: item?["name"]?.string ?? ""), into: &out)
                streamedArguments = false
                if let arguments = item?["arguments"]?.string, !arguments.isEmpty {
                    streamedArguments = true
                    out.append(.delta(block: open?.block ?? 0, text: arguments))
                }
            case "message", "reasoning": break
            case let type: dropped.add("output item \(type ?? "unknown")")
            }
        case "response.content_part.added":
            if root["part"]?["type"]?.string == "output_text" || root["part"]?["type"]?.string == "refusal" {
                begin("\(output)/c/\(root["content_index"]?.int ?? 0)", .text, into: &out)
            }
        case "response.output_text.delta", "response.refusal.delta":
            begin("\(output)/c/\(root["content_index"]?.int ?? 0)", .text, into: &out)
            out.append(.delta(block: open?.block ?? 0, text: root["delta"]?.string ?? ""))
        case "response.reasoning_summary_part.added":
            begin("\(output)/s/\(root["summary_index"]?.int ?? 0)", .thinking, into: &out)
        case "response.reasoning_summary_text.delta":
            begin("\(output)/s/\(root["summary_index"]?.int ?? 0)", .thinking, into: &out)
            out.append(.delta(block: open?.block ?? 0, text: root["delta"]?.string ?? ""))
        case "response.reasoning_text.delta":
            begin("\(output)/r/\(root["content_index"]?.int ?? 0)", .thinking, into: &out)
            out.append(.delta(block: open?.block ?? 0, text: root["delta"]?.string ?? ""))
        case "response.function_call_arguments.delta":
            if open?.key == "\(output)/f", let delta = root["delta"]?.string, !delta.isEmpty {
                streamedArguments = true
                out.append(.delta(block: open?.block ?? 0, text: delta))
            }
        case "response.output_item.done":
            if open?.key == "\(output)/f", !streamedArguments, let arguments = root["item"]?["arguments"]?.string, !arguments.isEmpty {
                out.append(.delta(block: open?.block ?? 0, text: arguments))
            }
            close(into: &out)
        case "response.content_part.done", "response.reasoning_summary_part.done":
            close(into: &out)
        case "response.completed", "response.incomplete":
            close(into: &out)
            let response = root["response"]
            if let counts = response?["usage"], case .object = counts {
                usage = TokenUsage.openAI(counts)
                usageIsFinal = true
                out.append(.usage(usage ?? TokenUsage()))
            }
            let reason: StopReason
            switch response?["incomplete_details"]?["reason"]?.string {
            case "max_output_tokens": reason = .maxTokens
            case "content_filter": reason = .refusal
            default: reason = sawToolCall ? .toolUse : .endTurn
            }
            out.append(.finish(reason))
            out.append(.end)
        case "response.failed":
            let error = root["response"]?["error"]
            if let counts = root["response"]?["usage"], case .object = counts { usage = TokenUsage.openAI(counts) }
            out.append(.failure(WireFailure(status: WireErrors.status(openAICode: error?["code"]?.string), message: error?["message"]?.string ?? "upstream error")))
        case "error":
            out.append(.failure(WireFailure(status: WireErrors.status(openAICode: root["code"]?.string), message: root["message"]?.string ?? "upstream error")))
        default:
            break
        }
    }

    private mutating func begin(_ key: String, _ kind: StreamEvent.BlockKind, into out: inout [StreamEvent]) {
        guard open?.key != key else { return }
        close(into: &out)
        open = (key, nextBlock)
        out.append(.blockStart(block: nextBlock, kind: kind))
        nextBlock += 1
    }

    private mutating func close(into out: inout [StreamEvent]) {
        guard let current = open else { return }
        out.append(.blockStop(block: current.block))
        open = nil
    }
}
