/// Reads a Chat Completions stream (`data: {chunk}` … `data: [DONE]`), choice 0 only.
///
/// Chat has no block boundaries: a block opens with the first delta of its kind (reasoning,
/// content, or a new `tool_calls` index) and closes when another kind starts or the choice
/// finishes. Providers send a tool call's deltas together; a delta for a call already closed
/// cannot be placed in order and is reported as a failure rather than misplaced.
struct ChatStreamDecoder: StreamDecoder {
    private(set) var usage: TokenUsage?
    private(set) var usageIsFinal = false
    private var started = false
    private var nextBlock = 0
    private var open: (block: Int, kind: OpenKind)?
    private var closedTools: Set<Int> = []
    private var finished = false

    private enum OpenKind: Equatable {
        case text, thinking
        case tool(Int)
    }

    mutating func decode(_ event: SSEEvent, into out: inout [StreamEvent], dropped: inout DroppedFeatures) {
        if event.data == "[DONE]" {
            close(into: &out)
            if usage != nil { usageIsFinal = true }
            out.append(.end)
            return
        }
        guard let root = object(event, into: &out) else { return }
        if let error = root["error"] {
            let code = error["code"]?.string ?? error["type"]?.string
            out.append(.failure(WireFailure(status: WireErrors.status(openAICode: code), message: error["message"]?.string ?? "upstream error")))
            return
        }
        if !started {
            started = true
            out.append(.start(id: root["id"]?.string ?? "", model: root["model"]?.string ?? "", usage: nil))
        }
        if let choice = root["choices"]?.array?.first(where: { ($0["index"]?.int ?? 0) == 0 }) {
            let delta = choice["delta"]
            if let reasoning = delta?["reasoning_content"]?.string ?? delta?["reasoning"]?.string, !reasoning.isEmpty {
                ensure(.thinking, into: &out)
                out.append(.delta(block: open?.block ?? 0, text: reasoning))
            }
            if let text = delta?["content"]?.string, !text.isEmpty {
                ensure(.text, into: &out)
                out.append(.delta(block: open?.block ?? 0, text: text))
            }
            if let refusal = delta?["refusal"]?.string, !refusal.isEmpty {
                ensure(.text, into: &out)
                out.append(.delta(block: open?.block ?? 0, text: refusal))
            }
            for call in delta?["tool_calls"]?.array ?? [] {
                let index = call["index"]?.int ?? 0
                if open?.kind != .tool(index) {
                    if closedTools.contains(index) {
                        out.append(.failure(WireFailure(status: 502, message: "the upstream interleaved the deltas of parallel tool calls")))
                        return
                    }
                    close(into: &out)
                    let id = call["id"]?.string ?? "call_\(index)"
                    open = (nextBlock, .tool(index))
                    out.append(.blockStart(block: nextBlock, kind: .toolCall(id: id, name: call["function"]?["name"]?.string ?? "")))
                    nextBlock += 1
                }
                if let arguments = call["function"]?["arguments"]?.string, !arguments.isEmpty {
                    out.append(.delta(block: open?.block ?? 0, text: arguments))
                }
            }
            if let reason = choice["finish_reason"]?.string, !finished {
                finished = true
                close(into: &out)
                out.append(.finish(StopReason(chat: reason)))
            }
        }
        if let counts = root["usage"], case .object = counts {
            usage = TokenUsage.openAI(counts)
            if root["choices"]?.array?.isEmpty ?? true { usageIsFinal = true }
            out.append(.usage(usage ?? TokenUsage()))
        }
    }

    private mutating func ensure(_ kind: OpenKind, into out: inout [StreamEvent]) {
        guard open?.kind != kind else { return }
        close(into: &out)
        open = (nextBlock, kind)
        out.append(.blockStart(block: nextBlock, kind: kind == .text ? .text : .thinking))
        nextBlock += 1
    }

    private mutating func close(into out: inout [StreamEvent]) {
        guard let current = open else { return }
        if case .tool(let index) = current.kind { closedTools.insert(index) }
        out.append(.blockStop(block: current.block))
        open = nil
    }
}
