/// Reads an OpenAI Responses request body into a ``WireRequest``.
enum ResponsesRequestReader {
    static func read(_ root: JSONValue, dropped: inout DroppedFeatures) throws(TranslationError) -> WireRequest {
        var request = WireRequest()
        guard let model = root["model"]?.string else { throw .invalid("model") }
        request.model = model
        if let instructions = root["instructions"]?.string { request.system.append(instructions) }
        switch root["input"] {
        case .string(let text)?: request.messages = [WireRequest.Message(role: .user, parts: [.text(text)])]
        case .array(let items)?:
            for (position, item) in items.enumerated() { try read(item, at: position, into: &request, dropped: &dropped) }
        default: throw .invalid("input")
        }
        for tool in root["tools"]?.array ?? [] {
            guard tool["type"]?.string == "function" else {
                dropped.add("tool type \(tool["type"]?.string ?? "unknown")")
                continue
            }
            guard let name = tool["name"]?.string else { throw .invalid("tools[].name") }
            request.tools.append(WireRequest.Tool(name: name, description: tool["description"]?.string, schema: tool["parameters"] ?? ["type": "object", "properties": [:]], strict: tool["strict"]?.bool))
        }
        request.toolChoice = ChatRequestReader.toolChoice(root["tool_choice"])
        request.parallelToolCalls = root["parallel_tool_calls"]?.bool
        request.temperature = root["temperature"]
        request.topP = root["top_p"]
        request.maxOutputTokens = root["max_output_tokens"]?.int
        if let effort = root["reasoning"]?["effort"]?.string { request.reasoning = effort == "none" ? .disabled : .effort(effort) }
        request.user = root["user"]?.string
        request.promptCacheKey = root["prompt_cache_key"]?.string
        if let format = root["text"]?["format"] {
            switch format["type"]?.string {
            case "json_object": request.outputFormat = .jsonObject
            case "json_schema":
                if let schema = format["schema"] {
                    request.outputFormat = .jsonSchema(name: format["name"]?.string ?? "output", schema: schema, strict: format["strict"]?.bool)
                }
            default: break
            }
        }
        if root["previous_response_id"].map({ !$0.isNull }) == true { dropped.add("previous_response_id") }
        request.stream = root["stream"]?.bool ?? false
        return request
    }

    private static func read(_ item: JSONValue, at position: Int, into request: inout WireRequest, dropped: inout DroppedFeatures) throws(TranslationError) {
        switch item["type"]?.string ?? "message" {
        case "message":
            let content = item["content"]
            switch item["role"]?.string {
            case "system", "developer": request.system.append(contentsOf: ChatRequestReader.texts(content))
            case "user": ChatRequestReader.append(.user, parts(content, dropped: &dropped), to: &request)
            case "assistant": ChatRequestReader.append(.assistant, ChatRequestReader.texts(content).map { .text($0) }, to: &request)
            default: throw .invalid("input[\(position)].role")
            }
        case "function_call":
            guard let id = item["call_id"]?.string, let name = item["name"]?.string else { throw .invalid("input[\(position)].call_id") }
            let call = WireRequest.ToolCall(id: id, name: name, arguments: item["arguments"]?.string ?? "{}")
            ChatRequestReader.append(.assistant, [.toolCall(call)], to: &request)
        case "function_call_output":
            guard let id = item["call_id"]?.string else { throw .invalid("input[\(position)].call_id") }
            let output: [WireRequest.Part]
            switch item["output"] {
            case .string(let text)?: output = [.text(text)]
            case let value?: output = parts(value, dropped: &dropped)
            case nil: output = []
            }
            ChatRequestReader.append(.user, [.toolResult(WireRequest.ToolResult(callID: id, content: output, isError: false))], to: &request)
        case "reasoning":
            if item["encrypted_content"].map({ !$0.isNull }) == true { dropped.add("reasoning encrypted_content") }
            let summary = (item["summary"]?.array ?? []).compactMap { $0["text"]?.string }.joined(separator: "\n\n")
            if !summary.isEmpty { ChatRequestReader.append(.assistant, [.thinking(text: summary, signature: nil)], to: &request) }
        case let type:
            dropped.add("input item \(type)")
        }
    }

    private static func parts(_ content: JSONValue?, dropped: inout DroppedFeatures) -> [WireRequest.Part] {
        switch content {
        case .string(let text)?: return [.text(text)]
        case .array(let items)?:
            return items.compactMap { item in
                switch item["type"]?.string {
                case "input_text", "output_text", "text": return item["text"]?.string.map { .text($0) }
                case "input_image": return item["image_url"]?.string.map { .image(WireRequest.Image(openAIURL: $0)) }
                case let type:
                    dropped.add("content part \(type ?? "unknown")")
                    return nil
                }
            }
        default: return []
        }
    }
}
