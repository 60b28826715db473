/// Renders a ``WireRequest`` as an Anthropic Messages request body.
enum AnthropicRequestWriter {
    static func write(_ request: WireRequest, options: RequestOptions, dropped: inout DroppedFeatures) -> JSONValue {
        var body: JSONValue = ["model": .string(request.model)]
        var maxTokens = request.maxOutputTokens ?? options.defaultAnthropicMaxTokens
        var budget: Int?
        if let wanted = request.reasoning?.anthropicBudget {
            if request.maxOutputTokens == nil { maxTokens = max(maxTokens, wanted + options.defaultAnthropicMaxTokens) }
            if maxTokens > 1024 { budget = min(max(wanted, 1024), maxTokens - 1) } else { dropped.add("reasoning (max_tokens too small)") }
        }
        body.set("max_tokens", .int(maxTokens))
        if request.system.count == 1 {
            body.set("system", .string(request.system[0]))
        } else if !request.system.isEmpty {
            body.set("system", .array(request.system.map { ["type": "text", "text": .string($0)] }))
        }
        body.set("messages", .array(messages(request.messages, dropped: &dropped)))
        if !request.tools.isEmpty {
            body.set("tools", .array(request.tools.map { tool in
                var out: JSONValue = ["name": .string(tool.name)]
                out.set("description", tool.description.map { .string($0) })
                out.set("input_schema", tool.schema)
                return out
            }))
        }
        var choice: JSONValue?
        switch request.toolChoice {
        case .auto?: choice = ["type": "auto"]
        case .none?: choice = ["type": "none"]
        case .required?: choice = ["type": "any"]
        case .named(let name)?: choice = ["type": "tool", "name": .string(name)]
        case nil: break
        }
        if request.parallelToolCalls == false, !request.tools.isEmpty {
            if choice == nil { choice = ["type": "auto"] }
            choice?.set("disable_parallel_tool_use", true)
        }
        body.set("tool_choice", choice)
        if !request.stopSequences.isEmpty { body.set("stop_sequences", .array(request.stopSequences.map { .string($0) })) }
        // With thinking on, Anthropic accepts temperature 1 only and top_p from 0.95.
        if let temperature = request.temperature {
            if budget == nil || temperature.double == 1 { body.set("temperature", temperature) } else { dropped.add("temperature (with thinking)") }
        }
        if let topP = request.topP {
            if budget == nil || (topP.double ?? 0) >= 0.95 { body.set("top_p", topP) } else { dropped.add("top_p (with thinking)") }
        }
        if let budget { body.set("thinking", ["type": "enabled", "budget_tokens": .int(budget)]) }
        switch request.outputFormat {
        case .jsonSchema(_, let schema, _)?: body.set("output_config", ["format": ["type": "json_schema", "schema": schema]])
        case .jsonObject?: dropped.add("response_format json_object")
        case nil: break
        }
        if let user = request.user { body.set("metadata", ["user_id": .string(user)]) }
        if request.promptCacheKey != nil { dropped.add("prompt_cache_key") }
        if request.stream { body.set("stream", true) }
        return body
    }

    private static func messages(_ messages: [WireRequest.Message], dropped: inout DroppedFeatures) -> [JSONValue] {
        var out: [(role: WireRequest.Role, blocks: [JSONValue])] = []
        for message in messages {
            var blocks: [JSONValue] = []
            for part in message.parts {
                if let block = block(part, dropped: &dropped) { blocks.append(block) }
            }
            guard !blocks.isEmpty else { continue }
            if let last = out.indices.last, out[last].role == message.role {
                out[last].blocks += blocks
            } else {
                out.append((message.role, blocks))
            }
        }
        return out.map { ["role": .string($0.role.rawValue), "content": .array($0.blocks)] }
    }

    private static func block(_ part: WireRequest.Part, dropped: inout DroppedFeatures) -> JSONValue? {
        switch part {
        case .text(let text):
            return text.isEmpty ? nil : ["type": "text", "text": .string(text)]
        case .image(.base64(let mediaType, let data)):
            return ["type": "image", "source": ["type": "base64", "media_type": .string(mediaType), "data": .string(data)]]
        case .image(.url(let url)):
            return ["type": "image", "source": ["type": "url", "url": .string(url)]]
        case .thinking(let text, let signature):
            guard let signature else {
                dropped.add("reasoning in history (no signature)")
                return nil
            }
            return ["type": "thinking", "thinking": .string(text), "signature": .string(signature)]
        case .toolCall(let call):
            let input: JSONValue
            if let parsed = try? JSONText.parse(call.arguments), case .object = parsed {
                input = parsed
            } else {
                dropped.add("tool call arguments that are not a JSON object")
                input = [:]
            }
            return ["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": input]
        case .toolResult(let result):
            var out: JSONValue = ["type": "tool_result", "tool_use_id": .string(result.callID)]
            let content = result.content.compactMap { block($0, dropped: &dropped) }
            if case .text(let text)? = result.content.first, result.content.count == 1 {
                out.set("content", .string(text))
            } else {
                out.set("content", .array(content))
            }
            if result.isError { out.set("is_error", true) }
            return out
        }
    }
}
