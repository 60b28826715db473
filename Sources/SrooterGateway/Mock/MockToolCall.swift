import SrooterWire

/// When the built-in mock calls a tool, and with what, so that a real agent (Claude Code, Codex)
/// pointed at `make run` finishes its turn instead of looping:
///
/// - only when the request's last message is the user's and its text (Claude Code's
///   `<system-reminder>` blocks aside) says `use the NAME tool` (any case) for a tool the
///   request offers; the first such tool, in the order offered, is called;
/// - never when the last message is a tool result (Anthropic `tool_result`, Chat `role: tool`,
///   Responses `*_output` items): the answer to a tool result is text, so the turn ends;
/// - with arguments valid for the tool's JSON schema: every required property with a value of
///   its type (`const`, then the first `enum` value, then `"srooter"`, the minimum or 1,
///   `false`, an empty array or the required members of an object), nothing else.
///
/// Only tools with a JSON schema are called (Anthropic client tools, Chat functions, Responses
/// `function` tools), not server tools or free-form (`custom`) tools.
struct MockToolCall: Equatable {
    let name: String
    /// The arguments, as compact JSON.
    let arguments: String

    /// The call to make for `root`, a request on `wire`, or nil for a text answer.
    static func pick(for root: JSONNode?, wire: Wire) -> MockToolCall? {
        guard let root, let tools = root["tools"]?.array, !tools.isEmpty,
            let text = lastUserText(root, wire: wire)?.lowercased(), text.contains("use the ")
        else { return nil }
        for tool in tools {
            guard let (name, schema) = callable(tool, wire: wire), text.contains("use the \(name.lowercased()) tool") else { continue }
            return MockToolCall(name: name, arguments: String(decoding: value(for: schema, depth: 0), as: UTF8.self))
        }
        return nil
    }

    /// A tool's name and parameter schema, if the mock may call it.
    static func callable(_ tool: JSONNode, wire: Wire) -> (String, JSONNode?)? {
        switch wire {
        case .anthropic:
            let type = tool["type"]?.string
            guard type == nil || type == "custom", let name = tool["name"]?.string else { return nil }
            return (name, tool["input_schema"])
        case .openAIChat:
            guard tool["type"]?.string ?? "function" == "function", let function = tool["function"], let name = function["name"]?.string else { return nil }
            return (name, function["parameters"])
        case .openAIResponses:
            guard tool["type"]?.string == "function", let name = tool["name"]?.string else { return nil }
            return (name, tool["parameters"])
        }
    }

    /// The user's text in the last turn, or nil when the last turn is not the user's own words
    /// (a tool result, the assistant's). Instructions after it (`system` or `developer` messages,
    /// which Claude Code appends) are not turns.
    static func lastUserText(_ root: JSONNode, wire: Wire) -> String? {
        let turns = wire == .openAIResponses ? root["input"] : root["messages"]
        if let text = turns?.string { return text }
        guard let last = turns?.array?.last(where: { $0["role"]?.string != "system" && $0["role"]?.string != "developer" }) else { return nil }
        switch wire {
        case .anthropic, .openAIChat:
            guard last["role"]?.string == "user" else { return nil }  // Chat's tool results have role "tool"
            if let text = last["content"]?.string { return withoutReminders(text) }
            var parts: [String] = []
            for block in last["content"]?.array ?? [] {
                if block["type"]?.string == "tool_result" { return nil }
                if let text = block["text"]?.string { parts.append(withoutReminders(text)) }
            }
            return parts.joined(separator: "\n")
        case .openAIResponses:
            if let type = last["type"]?.string, type != "message" { return nil }  // function_call_output and other items
            guard last["role"]?.string == "user" else { return nil }
            if let text = last["content"]?.string { return text }
            return (last["content"]?.array ?? []).compactMap { $0["text"]?.string }.joined(separator: "\n")
        }
    }

    /// Claude Code adds `<system-reminder>` text to the user's turn ("... use the TodoWrite tool
    /// ..."); the user did not write it.
    static func withoutReminders(_ text: String) -> String {
        var rest = Substring(text)
        var kept = ""
        while let open = rest.range(of: "<system-reminder>") {
            kept += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "</system-reminder>") else { return kept }
            rest = rest[close.upperBound...]
        }
        return kept + rest
    }

    /// A JSON value valid for `schema` (its required parts only).
    static func value(for schema: JSONNode?, depth: Int) -> [UInt8] {
        guard let schema, depth < 16 else { return Array("null".utf8) }
        if let constant = schema["const"] { return CanonicalJSON.bytes(constant) }
        if let first = schema["enum"]?.array?.first { return CanonicalJSON.bytes(first) }
        for combinator in ["anyOf", "oneOf", "allOf"] {
            if let first = schema[combinator]?.array?.first(where: { $0["type"]?.string != "null" }) {
                return value(for: first, depth: depth + 1)
            }
        }
        var type = schema["type"]?.string ?? schema["type"]?.array?.compactMap(\.string).first { $0 != "null" }
        if type == nil { type = schema["properties"] != nil ? "object" : schema["items"] != nil ? "array" : "string" }
        switch type {
        case "object":
            var out = Array("{".utf8)
            let required = (schema["required"]?.array ?? []).compactMap(\.string)
            for (index, name) in required.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                CanonicalJSON.writeString(name, into: &out)
                out.append(UInt8(ascii: ":"))
                out += value(for: schema["properties"]?[name], depth: depth + 1)
            }
            out.append(UInt8(ascii: "}"))
            return out
        case "array":
            let count = max(0, schema["minItems"]?.int ?? 0)
            let item = value(for: schema["items"], depth: depth + 1)
            return Array("[".utf8) + Array(repeating: item, count: min(count, 8)).joined(separator: Array(",".utf8)) + Array("]".utf8)
        case "integer", "number":
            let pick = schema["minimum"]?.int ?? min(1, schema["maximum"]?.int ?? 1)
            return Array(String(pick).utf8)
        case "boolean":
            return Array("false".utf8)
        case "null":
            return Array("null".utf8)
        default:
            var out: [UInt8] = []
            let length = min(max(schema["minLength"]?.int ?? 0, 7), max(schema["maxLength"]?.int ?? 7, schema["minLength"]?.int ?? 0))
            CanonicalJSON.writeString(String(String(repeating: "srooter", count: length / 7 + 1).prefix(length)), into: &out)
            return out
        }
    }
}
