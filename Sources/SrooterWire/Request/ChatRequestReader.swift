/// Reads an OpenAI Chat Completions request body into a ``WireRequest``.
enum ChatRequestReader {
    static func read(_ root: JSONValue, dropped: inout DroppedFeatures) throws(TranslationError) -> WireRequest {
        var request = WireRequest()
        guard let model = root["model"]?.string else { throw .invalid("model") }
        request.model = model
        guard let messages = root["messages"]?.array else { throw .invalid("messages") }
        for (position, message) in messages.enumerated() {
            let content = message["content"]
            switch message["role"]?.string {
            case "system", "developer":
                request.system.append(contentsOf: texts(content))
            case "user":
                append(.user, parts(content, dropped: &dropped), to: &request)
            case "assistant":
                var parts: [WireRequest.Part] = []
                if let reasoning = message["reasoning_content"]?.string, !reasoning.isEmpty {
                    parts.append(.thinking(text: reasoning, signature: nil))
                }
                parts += texts(content).map { .text($0) }
                if let refusal = message["refusal"]?.string { parts.append(.text(refusal)) }
                for call in message["tool_calls"]?.array ?? [] {
                    guard let id = call["id"]?.string, let name = call["function"]?["name"]?.string else {
                        throw .invalid("messages[\(position)].tool_calls[].function.name")
                    }
                    parts.append(.toolCall(WireRequest.ToolCall(id: id, name: name, arguments: call["function"]?["arguments"]?.string ?? "{}")))
                }
                append(.assistant, parts, to: &request)
            case "tool":
                guard let id = message["tool_call_id"]?.string else { throw .invalid("messages[\(position)].tool_call_id") }
                let result = WireRequest.ToolResult(callID: id, content: parts(content, dropped: &dropped), isError: false)
                append(.user, [.toolResult(result)], to: &request)
            default:
                throw .invalid("messages[\(position)].role")
            }
        }
        for tool in root["tools"]?.array ?? [] {
            guard tool["type"]?.string == "function", let function = tool["function"] else {
                dropped.add("tool type \(tool["type"]?.string ?? "unknown")")
                continue
            }
            guard let name = function["name"]?.string else { throw .invalid("tools[].function.name") }
            request.tools.append(WireRequest.Tool(name: name, description: function["description"]?.string, schema: function["parameters"] ?? ["type": "object", "properties": [:]], strict: function["strict"]?.bool))
        }
        request.toolChoice = toolChoice(root["tool_choice"])
        request.parallelToolCalls = root["parallel_tool_calls"]?.bool
        switch root["stop"] {
        case .string(let stop)?: request.stopSequences = [stop]
        case .array(let stops)?: request.stopSequences = stops.compactMap(\.string)
        default: break
        }
        request.temperature = root["temperature"]
        request.topP = root["top_p"]
        request.maxOutputTokens = root["max_completion_tokens"]?.int ?? root["max_tokens"]?.int
        if let effort = root["reasoning_effort"]?.string { request.reasoning = effort == "none" ? .disabled : .effort(effort) }
        request.user = root["user"]?.string
        request.promptCacheKey = root["prompt_cache_key"]?.string
        request.outputFormat = outputFormat(root["response_format"])
        request.stream = root["stream"]?.bool ?? false
        request.streamIncludeUsage = root["stream_options"]?["include_usage"]?.bool
        return request
    }

    /// Chat's `tool_choice` (also Responses', which names the function one level up).
    static func toolChoice(_ value: JSONValue?) -> WireRequest.ToolChoice? {
        switch value {
        case .string("auto")?: .auto
        case .string("none")?: WireRequest.ToolChoice.none
        case .string("required")?: .required
        case .object?:
            (value?["function"]?["name"]?.string ?? value?["name"]?.string).map { .named($0) }
        default: nil
        }
    }

    private static func outputFormat(_ value: JSONValue?) -> WireRequest.OutputFormat? {
        switch value?["type"]?.string {
        case "json_object": return .jsonObject
        case "json_schema":
            guard let spec = value?["json_schema"], let schema = spec["schema"] else { return nil }
            return .jsonSchema(name: spec["name"]?.string ?? "output", schema: schema, strict: spec["strict"]?.bool)
        default: return nil
        }
    }

    /// Appends to the last message when it has the same role (Anthropic requires alternation).
    static func append(_ role: WireRequest.Role, _ parts: [WireRequest.Part], to request: inout WireRequest) {
        if let last = request.messages.indices.last, request.messages[last].role == role {
            request.messages[last].parts += parts
        } else {
            request.messages.append(WireRequest.Message(role: role, parts: parts))
        }
    }

    /// The text of a string content or of the `text` parts of an array content.
    static func texts(_ content: JSONValue?) -> [String] {
        switch content {
        case .string(let text)?: [text]
        case .array(let parts)?: parts.compactMap { $0["text"]?.string }
        default: []
        }
    }

    private static func parts(_ content: JSONValue?, dropped: inout DroppedFeatures) -> [WireRequest.Part] {
        switch content {
        case .string(let text)?: return [.text(text)]
        case .array(let items)?:
            return items.compactMap { item in
                switch item["type"]?.string {
                case "text": return item["text"]?.string.map { .text($0) }
                case "image_url":
                    return (item["image_url"]?["url"]?.string ?? item["image_url"]?.string).map { .image(WireRequest.Image(openAIURL: $0)) }
                case let type:
                    dropped.add("content part \(type ?? "unknown")")
                    return nil
                }
            }
        default: return []
        }
    }
}
