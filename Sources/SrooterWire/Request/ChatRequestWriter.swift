/// Renders a ``WireRequest`` as an OpenAI Chat Completions request body.
enum ChatRequestWriter {
    static func write(_ request: WireRequest, options: RequestOptions, dropped: inout DroppedFeatures) -> JSONValue {
        var body: JSONValue = ["model": .string(request.model)]
        var messages: [JSONValue] = request.system.map { ["role": "system", "content": .string($0)] }
        for message in request.messages {
            switch message.role {
            case .user: messages += userMessages(message.parts, dropped: &dropped)
            case .assistant: messages.append(assistantMessage(message.parts, dropped: &dropped))
            }
        }
        body.set("messages", .array(messages))
        if !request.tools.isEmpty {
            body.set("tools", .array(request.tools.map { tool in
                var function: JSONValue = ["name": .string(tool.name)]
                function.set("description", tool.description.map { .string($0) })
                function.set("parameters", tool.schema)
                function.set("strict", tool.strict.map { .bool($0) })
                return ["type": "function", "function": function]
            }))
        }
        switch request.toolChoice {
        case .auto?: body.set("tool_choice", "auto")
        case .none?: body.set("tool_choice", "none")
        case .required?: body.set("tool_choice", "required")
        case .named(let name)?: body.set("tool_choice", ["type": "function", "function": ["name": .string(name)]])
        case nil: break
        }
        if !request.tools.isEmpty { body.set("parallel_tool_calls", request.parallelToolCalls.map { .bool($0) }) }
        if !request.stopSequences.isEmpty { body.set("stop", .array(request.stopSequences.map { .string($0) })) }
        body.set("temperature", request.temperature)
        body.set("top_p", request.topP)
        body.set(options.chatMaxTokensMember, request.maxOutputTokens.map { .int($0) })
        body.set("reasoning_effort", request.reasoning?.openAIEffort.map { .string($0) })
        body.set("user", OpenAIUser.value(request.user, dropped: &dropped))
        body.set("prompt_cache_key", request.promptCacheKey.map { .string($0) })
        switch request.outputFormat {
        case .jsonSchema(let name, let schema, let strict)?:
            var spec: JSONValue = ["name": .string(name), "schema": schema]
            spec.set("strict", strict.map { .bool($0) })
            body.set("response_format", ["type": "json_schema", "json_schema": spec])
        case .jsonObject?: body.set("response_format", ["type": "json_object"])
        case nil: break
        }
        if request.stream {
            body.set("stream", true)
            body.set("stream_options", ["include_usage": true])
        }
        return body
    }

    /// Tool results become `tool` messages (first, as they must follow the assistant's calls), the rest one user message.
    private static func userMessages(_ parts: [WireRequest.Part], dropped: inout DroppedFeatures) -> [JSONValue] {
        var out: [JSONValue] = []
        var content: [JSONValue] = []
        for part in parts {
            switch part {
            case .toolResult(let result):
                if result.isError { dropped.add("tool_result.is_error") }
                var texts: [String] = []
                for item in result.content {
                    if case .text(let text) = item { texts.append(text) } else { dropped.add("image in a tool result") }
                }
                out.append(["role": "tool", "tool_call_id": .string(result.callID), "content": .string(texts.joined(separator: "\n"))])
            case .text(let text): content.append(["type": "text", "text": .string(text)])
            case .image(let image): content.append(["type": "image_url", "image_url": ["url": .string(image.url)]])
            case .thinking, .toolCall: break
            }
        }
        if content.count == 1, let text = content[0]["text"] {
            out.append(["role": "user", "content": text])
        } else if !content.isEmpty {
            out.append(["role": "user", "content": .array(content)])
        }
        return out
    }

    private static func assistantMessage(_ parts: [WireRequest.Part], dropped: inout DroppedFeatures) -> JSONValue {
        var texts: [String] = []
        var calls: [JSONValue] = []
        for part in parts {
            switch part {
            case .text(let text): texts.append(text)
            case .toolCall(let call):
                calls.append(["id": .string(call.id), "type": "function", "function": ["name": .string(call.name), "arguments": .string(call.arguments)]])
            case .thinking(_, let signature): dropped.add(signature == nil ? "reasoning in history" : "thinking (signed)")
            case .image, .toolResult: break
            }
        }
        var message: JSONValue = ["role": "assistant", "content": texts.isEmpty ? .null : .string(texts.joined())]
        if !calls.isEmpty { message.set("tool_calls", .array(calls)) }
        return message
    }
}
