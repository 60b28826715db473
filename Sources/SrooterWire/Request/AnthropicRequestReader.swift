/// Reads an Anthropic Messages request body into a ``WireRequest``.
enum AnthropicRequestReader {
    static func read(_ root: JSONValue, dropped: inout DroppedFeatures) throws(TranslationError) -> WireRequest {
        var request = WireRequest()
        guard let model = root["model"]?.string else { throw .invalid("model") }
        request.model = model
        switch root["system"] {
        case .string(let text)?: request.system = [text]
        case .array(let blocks)?:
            for block in blocks {
                if block["cache_control"] != nil { dropped.add("cache_control") }
                if let text = block["text"]?.string { request.system.append(text) }
            }
        default: break
        }
        guard let messages = root["messages"]?.array else { throw .invalid("messages") }
        for (position, message) in messages.enumerated() {
            // Claude Code 2 sends instructions as `system` turns inside `messages`; their text joins
            // the system prompt (the other wires' writers put it first), so nothing is lost.
            if message["role"]?.string == "system" {
                switch message["content"] {
                case .string(let text)?: request.system.append(text)
                case .array(let blocks)?: request.system += blocks.compactMap { $0["text"]?.string }
                default: throw .invalid("messages[\(position)].content")
                }
                continue
            }
            guard let role = message["role"]?.string.flatMap(WireRequest.Role.init(rawValue:)) else {
                throw .invalid("messages[\(position)].role")
            }
            let parts: [WireRequest.Part]
            switch message["content"] {
            case .string(let text)?: parts = [.text(text)]
            case .array(let blocks)?:
                var collected: [WireRequest.Part] = []
                for block in blocks {
                    if let item = try part(block, dropped: &dropped) { collected.append(item) }
                }
                parts = collected
            default: throw .invalid("messages[\(position)].content")
            }
            request.messages.append(WireRequest.Message(role: role, parts: parts))
        }
        for tool in root["tools"]?.array ?? [] {
            if tool["cache_control"] != nil { dropped.add("cache_control") }
            if let type = tool["type"]?.string, type != "custom" {
                dropped.add("server tool \(type)")
                continue
            }
            guard let name = tool["name"]?.string else { throw .invalid("tools[].name") }
            request.tools.append(WireRequest.Tool(name: name, description: tool["description"]?.string, schema: tool["input_schema"] ?? ["type": "object"], strict: tool["strict"]?.bool))
        }
        if let choice = root["tool_choice"] {
            switch choice["type"]?.string {
            case "auto": request.toolChoice = .auto
            case "any": request.toolChoice = .required
            case "none": request.toolChoice = WireRequest.ToolChoice.none
            case "tool": request.toolChoice = choice["name"]?.string.map { .named($0) }
            default: break
            }
            if choice["disable_parallel_tool_use"]?.bool == true { request.parallelToolCalls = false }
        }
        request.stopSequences = root["stop_sequences"]?.array?.compactMap(\.string) ?? []
        request.temperature = root["temperature"]
        request.topP = root["top_p"]
        if root["top_k"] != nil { dropped.add("top_k") }
        request.maxOutputTokens = root["max_tokens"]?.int
        switch root["thinking"]?["type"]?.string {
        case "enabled": request.reasoning = root["thinking"]?["budget_tokens"]?.int.map { .budget($0) }
        case "disabled": request.reasoning = .disabled
        default: break
        }
        if let effort = root["output_config"]?["effort"]?.string {
            request.reasoning = .effort(Reasoning.openAIName(anthropicEffort: effort))
        }
        if let format = root["output_config"]?["format"] ?? root["output_format"], let schema = format["schema"] {
            request.outputFormat = .jsonSchema(name: "output", schema: schema, strict: true)
        }
        request.user = root["metadata"]?["user_id"]?.string
        request.stream = root["stream"]?.bool ?? false
        return request
    }

    private static func part(_ block: JSONValue, dropped: inout DroppedFeatures) throws(TranslationError) -> WireRequest.Part? {
        if block["cache_control"] != nil { dropped.add("cache_control") }
        if block["citations"].map({ !$0.isNull }) == true { dropped.add("citations") }
        switch block["type"]?.string {
        case "text": return .text(block["text"]?.string ?? "")
        case "image": return image(block["source"], dropped: &dropped).map { .image($0) }
        case "thinking": return .thinking(text: block["thinking"]?.string ?? "", signature: block["signature"]?.string)
        case "redacted_thinking":
            dropped.add("redacted_thinking")
            return nil
        case "tool_use":
            guard let id = block["id"]?.string, let name = block["name"]?.string else { throw .invalid("tool_use.id") }
            return .toolCall(WireRequest.ToolCall(id: id, name: name, arguments: JSONText.string(block["input"] ?? [:])))
        case "tool_result":
            guard let id = block["tool_use_id"]?.string else { throw .invalid("tool_result.tool_use_id") }
            var content: [WireRequest.Part] = []
            switch block["content"] {
            case .string(let text)?: content = [.text(text)]
            case .array(let inner)?:
                for item in inner {
                    if let part = try part(item, dropped: &dropped) { content.append(part) }
                }
            default: break
            }
            return .toolResult(WireRequest.ToolResult(callID: id, content: content, isError: block["is_error"]?.bool ?? false))
        case let type?:
            dropped.add(type)
            return nil
        case nil:
            throw .invalid("content[].type")
        }
    }

    private static func image(_ source: JSONValue?, dropped: inout DroppedFeatures) -> WireRequest.Image? {
        switch source?["type"]?.string {
        case "base64":
            guard let type = source?["media_type"]?.string, let data = source?["data"]?.string else { return nil }
            return .base64(mediaType: type, data: data)
        case "url": return source?["url"]?.string.map { .url($0) }
        default:
            dropped.add("image source \(source?["type"]?.string ?? "unknown")")
            return nil
        }
    }
}
