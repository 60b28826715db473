/// Writes an OpenAI Responses stream: `response.created`, `response.in_progress`, one output
/// item per block (message with an `output_text` part, reasoning with a summary part, or
/// function call) with its added / delta / done events, then `response.completed` (or
/// `response.incomplete`) carrying every item and the provider's usage.
struct ResponsesStreamEncoder: StreamEncoder {
    let options: StreamOptions
    private var id = ""
    private var model = ""
    private var started = false
    private var sequence = 0
    private var items: [JSONValue] = []
    private var open: (block: Int, itemID: String, kind: StreamEvent.BlockKind, text: String)?
    private var usage: TokenUsage?
    private var stopReason: StopReason?

    init(options: StreamOptions) { self.options = options }

    mutating func encode(_ event: StreamEvent, into out: inout [UInt8]) {
        switch event {
        case .start(let id, let model, _):
            self.id = id
            self.model = options.model ?? model
            begin(into: &out)
        case .blockStart(let block, let kind):
            begin(into: &out)
            stop(into: &out)
            let index = items.count
            switch kind {
            case .text:
                let itemID = "msg_\(index)_\(id)"
                open = (block, itemID, kind, "")
                emit("response.output_item.added", ["output_index": .int(index), "item": ["id": .string(itemID), "type": "message", "status": "in_progress", "role": "assistant", "content": []]], into: &out)
                emit("response.content_part.added", ["item_id": .string(itemID), "output_index": .int(index), "content_index": 0, "part": Self.textPart("")], into: &out)
            case .thinking:
                let itemID = "rs_\(index)_\(id)"
                open = (block, itemID, kind, "")
                emit("response.output_item.added", ["output_index": .int(index), "item": ["id": .string(itemID), "type": "reasoning", "summary": []]], into: &out)
                emit("response.reasoning_summary_part.added", ["item_id": .string(itemID), "output_index": .int(index), "summary_index": 0, "part": ["type": "summary_text", "text": ""]], into: &out)
            case .toolCall(let callID, let name):
                let itemID = "fc_\(index)_\(id)"
                open = (block, itemID, kind, "")
                emit("response.output_item.added", ["output_index": .int(index), "item": Self.call(itemID, callID, name, "", status: "in_progress")], into: &out)
            }
        case .delta(let block, let text):
            guard var current = open, current.block == block else { return }
            current.text += text
            open = current
            let base: JSONValue = ["item_id": .string(current.itemID), "output_index": .int(items.count)]
            switch current.kind {
            case .text: emit("response.output_text.delta", base + ["content_index": 0, "delta": .string(text), "logprobs": []], into: &out)
            case .thinking: emit("response.reasoning_summary_text.delta", base + ["summary_index": 0, "delta": .string(text)], into: &out)
            case .toolCall: emit("response.function_call_arguments.delta", base + ["delta": .string(text)], into: &out)
            }
        case .blockStop(let block):
            if open?.block == block { stop(into: &out) }
        case .usage(let total):
            usage = total
        case .finish(let reason):
            stopReason = reason
        case .end:
            begin(into: &out)
            stop(into: &out)
            let incomplete = stopReason?.responsesIncompleteReason
            var response = self.response(status: incomplete == nil ? "completed" : "incomplete")
            response.set("output", .array(items))
            if let incomplete { response.set("incomplete_details", ["reason": .string(incomplete)]) }
            response.set("usage", (usage ?? TokenUsage()).responsesJSON)
            emit(incomplete == nil ? "response.completed" : "response.incomplete", ["response": response], into: &out)
        case .failure(let failure):
            let code = WireErrors.responsesCode(failure.status)
            emit("error", ["code": .string(code), "message": .string(failure.message), "param": nil], into: &out)
            // Codex reads the message of a failed response from `response.failed`, not from `error`.
            guard started else { return }
            var response = self.response(status: "failed")
            response.set("output", .array(items))
            response.set("error", ["code": .string(code), "message": .string(failure.message)])
            emit("response.failed", ["response": response], into: &out)
        }
    }

    private mutating func begin(into out: inout [UInt8]) {
        guard !started else { return }
        started = true
        emit("response.created", ["response": response(status: "in_progress")], into: &out)
        emit("response.in_progress", ["response": response(status: "in_progress")], into: &out)
    }

    private mutating func stop(into out: inout [UInt8]) {
        guard let current = open else { return }
        open = nil
        let index = items.count
        let base: JSONValue = ["item_id": .string(current.itemID), "output_index": .int(index)]
        let item: JSONValue
        switch current.kind {
        case .text:
            emit("response.output_text.done", base + ["content_index": 0, "text": .string(current.text), "logprobs": []], into: &out)
            emit("response.content_part.done", base + ["content_index": 0, "part": Self.textPart(current.text)], into: &out)
            item = ["id": .string(current.itemID), "type": "message", "status": "completed", "role": "assistant", "content": [Self.textPart(current.text)]]
        case .thinking:
            let part: JSONValue = ["type": "summary_text", "text": .string(current.text)]
            emit("response.reasoning_summary_text.done", base + ["summary_index": 0, "text": .string(current.text)], into: &out)
            emit("response.reasoning_summary_part.done", base + ["summary_index": 0, "part": part], into: &out)
            item = ["id": .string(current.itemID), "type": "reasoning", "summary": [part]]
        case .toolCall(let callID, let name):
            emit("response.function_call_arguments.done", base + ["arguments": .string(current.text)], into: &out)
            item = Self.call(current.itemID, callID, name, current.text, status: "completed")
        }
        emit("response.output_item.done", ["output_index": .int(index), "item": item], into: &out)
        items.append(item)
    }

    private func response(status: String) -> JSONValue {
        [
            "id": .string(id), "object": "response", "created_at": .int(options.createdAt), "status": .string(status),
            "error": nil, "incomplete_details": nil, "model": .string(model), "output": [], "parallel_tool_calls": true,
            "tool_choice": "auto", "tools": [], "usage": nil,
        ]
    }

    private mutating func emit(_ type: String, _ fields: JSONValue, into out: inout [UInt8]) {
        var members: [JSONValue.Member] = [JSONValue.Member("type", .string(type)), JSONValue.Member("sequence_number", .int(sequence))]
        members += fields.members ?? []
        sequence += 1
        out += WireErrors.frame(type, .object(members))
    }

    private static func textPart(_ text: String) -> JSONValue { ["type": "output_text", "text": .string(text), "annotations": []] }

    private static func call(_ itemID: String, _ callID: String, _ name: String, _ arguments: String, status: String) -> JSONValue {
        ["id": .string(itemID), "type": "function_call", "status": .string(status), "call_id": .string(callID), "name": .string(name), "arguments": .string(arguments)]
    }
}
