/// Renders a ``WireRequest`` as an OpenAI Responses request body (stateless: `store: false`).
enum ResponsesRequestWriter {
    static func write(_ request: WireRequest, options: RequestOptions, dropped: inout DroppedFeatures) -> JSONValue {
        var body: JSONValue = ["model": .string(request.model)]
        if !request.system.isEmpty { body.set("instructions", .string(request.system.joined(separator: "\n\n"))) }
        var input: [JSONValue] = []
        for message in request.messages {
            var content: [JSONValue] = []
            func flush() {
                guard !content.isEmpty else { return }
                if message.role == .assistant {
                    let text = content.compactMap { $0["text"]?.string }.joined()
                    input.append(["role": "assistant", "content": .string(text)])
                } else {
                    input.append(["role": "user", "content": .array(content)])
                }
                content = []
            }
            for part in message.parts {
                switch part {
                case .text(let text):
                    content.append(["type": message.role == .user ? "input_text" : "output_text", "text": .string(text)])
                case .image(let image):
                    content.append(["type": "input_image", "image_url": .string(image.url)])
                case .thinking(_, let signature):
                    dropped.add(signature == nil ? "reasoning in history" : "thinking (signed)")
                case .toolCall(let call):
                    flush()
                    input.append(["type": "function_call", "call_id": .string(call.id), "name": .string(call.name), "arguments": .string(call.arguments)])
                case .toolResult(let result):
                    flush()
                    if result.isError { dropped.add("tool_result.is_error") }
                    var texts: [String] = []
                    for item in result.content {
                        if case .text(let text) = item { texts.append(text) } else { dropped.add("image in a tool result") }
                    }
                    input.append(["type": "function_call_output", "call_id": .string(result.callID), "output": .string(texts.joined(separator: "\n"))])
                }
            }
            flush()
        }
        body.set("input", .array(input))
        if !request.tools.isEmpty {
            // Responses makes function tools strict unless told otherwise; schemas from other wires are not written for strict mode.
            body.set("tools", .array(request.tools.map { tool in
                var out: JSONValue = ["type": "function", "name": .string(tool.name)]
                out.set("description", tool.description.map { .string($0) })
                out.set("parameters", tool.schema)
                out.set("strict", .bool(tool.strict ?? false))
                return out
            }))
        }
        switch request.toolChoice {
        case .auto?: body.set("tool_choice", "auto")
        case .none?: body.set("tool_choice", "none")
        case .required?: body.set("tool_choice", "required")
        case .named(let name)?: body.set("tool_choice", ["type": "function", "name": .string(name)])
        case nil: break
        }
        if !request.tools.isEmpty { body.set("parallel_tool_calls", request.parallelToolCalls.map { .bool($0) }) }
        if !request.stopSequences.isEmpty { dropped.add("stop_sequences") }
        body.set("temperature", request.temperature)
        body.set("top_p", request.topP)
        body.set("max_output_tokens", request.maxOutputTokens.map { .int($0) })
        if let effort = request.reasoning?.openAIEffort { body.set("reasoning", ["effort": .string(effort)]) }
        body.set("user", OpenAIUser.value(request.user, dropped: &dropped))
        body.set("prompt_cache_key", request.promptCacheKey.map { .string($0) })
        switch request.outputFormat {
        case .jsonSchema(let name, let schema, let strict)?:
            var format: JSONValue = ["type": "json_schema", "name": .string(name), "schema": schema]
            format.set("strict", strict.map { .bool($0) })
            body.set("text", ["format": format])
        case .jsonObject?: body.set("text", ["format": ["type": "json_object"]])
        case nil: break
        }
        body.set("store", false)
        if request.stream { body.set("stream", true) }
        return body
    }
}
