/// Writes a Chat Completions stream: a first chunk with the role, content / `reasoning_content` /
/// `tool_calls` deltas, a chunk with `finish_reason`, the usage chunk (`choices: []`) when the
/// client asked for it, then `data: [DONE]`.
struct ChatStreamEncoder: StreamEncoder {
    let options: StreamOptions
    private var id = ""
    private var model = ""
    private var started = false
    private var kinds: [Int: StreamEvent.BlockKind] = [:]
    private var toolIndex: [Int: Int] = [:]
    private var usage: TokenUsage?
    private var finished = false
    private var sawTool = false

    init(options: StreamOptions) { self.options = options }

    mutating func encode(_ event: StreamEvent, into out: inout [UInt8]) {
        switch event {
        case .start(let id, let model, _):
            self.id = id
            self.model = options.model ?? model
            begin(into: &out)
        case .blockStart(let block, let kind):
            begin(into: &out)
            kinds[block] = kind
            if case .toolCall(let callID, let name) = kind {
                sawTool = true
                let index = toolIndex.count
                toolIndex[block] = index
                let call: JSONValue = ["index": .int(index), "id": .string(callID), "type": "function", "function": ["name": .string(name), "arguments": ""]]
                chunk(["tool_calls": [call]], finish: nil, into: &out)
            }
        case .delta(let block, let text):
            switch kinds[block] {
            case .text?: chunk(["content": .string(text)], finish: nil, into: &out)
            case .thinking?: chunk(["reasoning_content": .string(text)], finish: nil, into: &out)
            case .toolCall?: chunk(["tool_calls": [["index": .int(toolIndex[block] ?? 0), "function": ["arguments": .string(text)]]]], finish: nil, into: &out)
            case nil: break
            }
        case .blockStop:
            break
        case .usage(let total):
            usage = total
        case .finish(let reason):
            finish(reason, into: &out)
        case .end:
            begin(into: &out)
            finish(sawTool ? .toolUse : .endTurn, into: &out)
            if options.includeUsageChunk, let usage {
                out += WireErrors.frame(nil, ["id": .string(id), "object": "chat.completion.chunk", "created": .int(options.createdAt), "model": .string(model), "choices": [], "usage": usage.chatJSON])
            }
            out += Array("data: [DONE]\n\n".utf8)
        case .failure(let failure):
            out += WireErrors.event(failure, wire: .openAIChat)
        }
    }

    private mutating func begin(into out: inout [UInt8]) {
        guard !started else { return }
        started = true
        chunk(["role": "assistant", "content": ""], finish: nil, into: &out)
    }

    private mutating func finish(_ reason: StopReason, into out: inout [UInt8]) {
        guard !finished else { return }
        finished = true
        chunk([:], finish: reason.chat, into: &out)
    }

    private func chunk(_ delta: JSONValue, finish: String?, into out: inout [UInt8]) {
        let choice: JSONValue = ["index": 0, "delta": delta, "finish_reason": finish.map { .string($0) } ?? nil]
        out += WireErrors.frame(nil, ["id": .string(id), "object": "chat.completion.chunk", "created": .int(options.createdAt), "model": .string(model), "choices": [choice]])
    }
}
