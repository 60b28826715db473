import SrooterWire

/// The mock's scripted agent mode, chosen by an upstream model name that contains `mock-agent`:
/// a real coding agent (Claude Code, Codex, aider) pointed at it finishes a loop that leaves a
/// file `result.txt` holding `srooter-agent-ok` in its working folder.
///
/// - While the conversation holds no tool result and the request offers a shell tool (Claude
///   Code's `Bash`, Codex's `exec_command` or `shell`), the answer is one call of that tool whose
///   command writes the file, with arguments valid for the tool's schema.
/// - Once the conversation holds a tool result (whatever its content), the answer is text.
/// - A request with no shell tool whose instructions ask for aider's edit blocks (whole-file
///   listings or SEARCH/REPLACE blocks) gets one block in that format that creates the file.
/// - Anything else gets text.
///
/// Every answer's text repeats the first words of the user's last message, as the default mock
/// does (the interop tests put a canary there and look for it at rest).
enum MockAgentTurn: Equatable {
    case toolCall(MockToolCall)
    case text(String)
    case edit(String)

    /// The model name that selects this mode.
    static let modelMarker = "mock-agent"
    /// The file the scripted agent writes, and what it holds.
    static let fileName = "result.txt"
    static let fileContent = "srooter-agent-ok"
    static let command = "printf '\(fileContent)' > \(fileName)"
    /// Shell tools, by the names the agents give them.
    static let shellTools: Set<String> = ["Bash", "bash", "exec_command", "shell"]

    /// What to answer to `root`, a request on `wire`.
    static func decide(_ root: JSONNode?, wire: Wire) -> MockAgentTurn {
        guard let root else { return .text(reply(nil, wire: wire)) }
        if holdsToolResult(root, wire: wire) { return .text("Done: \(fileName) holds \(fileContent). " + reply(root, wire: wire)) }
        for tool in root["tools"]?.array ?? [] {
            guard let (name, schema) = MockToolCall.callable(tool, wire: wire), shellTools.contains(name) else { continue }
            return .toolCall(MockToolCall(name: name, arguments: arguments(schema)))
        }
        let instructions = systemText(root, wire: wire)
        let said = reply(root, wire: wire)
        if instructions.contains("SEARCH/REPLACE") {
            return .edit("Creating \(fileName). \(said)\n\n\(fileName)\n```\n<<<<<<< SEARCH\n=======\n\(fileContent)\n>>>>>>> REPLACE\n```\n")
        }
        if instructions.contains("file listing") {
            return .edit("Creating \(fileName). \(said)\n\n\(fileName)\n```\n\(fileContent)\n```\n")
        }
        return .text(said)
    }

    /// "You said: ..." with the first words of the user's last message.
    static func reply(_ root: JSONNode?, wire: Wire) -> String {
        let words = (root.flatMap { lastUserText($0, wire: wire) } ?? "")
            .split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(12).joined(separator: " ")
        return "This is the srooter mock's scripted agent. You said: \(words)"
    }

    /// Whether any turn is a tool's result: an Anthropic `tool_result` block, a Chat `tool`
    /// message, a Responses `*_output` item.
    static func holdsToolResult(_ root: JSONNode, wire: Wire) -> Bool {
        switch wire {
        case .anthropic:
            return (root["messages"]?.array ?? []).contains { message in
                (message["content"]?.array ?? []).contains { $0["type"]?.string == "tool_result" }
            }
        case .openAIChat:
            return (root["messages"]?.array ?? []).contains { $0["role"]?.string == "tool" || $0["role"]?.string == "function" }
        case .openAIResponses:
            return (root["input"]?.array ?? []).contains { $0["type"]?.string?.hasSuffix("_output") == true }
        }
    }

    /// The system prompt: Anthropic `system`, Chat `system`/`developer` messages, Responses `instructions`.
    static func systemText(_ root: JSONNode, wire: Wire) -> String {
        func text(_ node: JSONNode?) -> String {
            if let string = node?.string { return string }
            return (node?.array ?? []).compactMap { $0["text"]?.string }.joined(separator: "\n")
        }
        switch wire {
        case .anthropic: return text(root["system"])
        case .openAIChat:
            return (root["messages"]?.array ?? [])
                .filter { $0["role"]?.string == "system" || $0["role"]?.string == "developer" }
                .map { text($0["content"]) }.joined(separator: "\n")
        case .openAIResponses: return text(root["instructions"])
        }
    }

    /// The last text the user's turns hold (tool results and Claude Code's `<system-reminder>`
    /// text aside): the task, in every turn of an agent's loop. The last block, not the whole
    /// message: a translated Codex request merges its environment context and the task into one
    /// Anthropic user message, the task last.
    static func lastUserText(_ root: JSONNode, wire: Wire) -> String? {
        let turns = wire == .openAIResponses ? root["input"] : root["messages"]
        if let text = turns?.string { return text }
        for turn in (turns?.array ?? []).reversed() where turn["role"]?.string == "user" {
            if let type = turn["type"]?.string, type != "message" { continue }
            let texts = turn["content"]?.string.map { [$0] }
                ?? (turn["content"]?.array ?? []).filter { $0["type"]?.string != "tool_result" }.compactMap { $0["text"]?.string }
            for text in texts.reversed() {
                let kept = MockToolCall.withoutReminders(text)
                if kept.contains(where: { !$0.isWhitespace }) { return kept }
            }
        }
        return nil
    }

    /// The call's arguments: the schema's required members (as `MockToolCall` fills them), with
    /// the command in `command` or `cmd`, as a string or, where the schema wants an array, as
    /// `["bash", "-lc", command]`.
    static func arguments(_ schema: JSONNode?) -> String {
        let properties = schema?["properties"]
        let commandName = ["command", "cmd"].first { properties?[$0] != nil } ?? "command"
        var names = (schema?["required"]?.array ?? []).compactMap(\.string)
        if !names.contains(commandName) { names.insert(commandName, at: 0) }
        var out = Array("{".utf8)
        for (index, name) in names.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            CanonicalJSON.writeString(name, into: &out)
            out.append(UInt8(ascii: ":"))
            if name == commandName {
                if properties?[name]?["type"]?.string == "array" {
                    out.append(UInt8(ascii: "["))
                    for (position, part) in ["bash", "-lc", command].enumerated() {
                        if position > 0 { out.append(UInt8(ascii: ",")) }
                        CanonicalJSON.writeString(part, into: &out)
                    }
                    out.append(UInt8(ascii: "]"))
                } else {
                    CanonicalJSON.writeString(command, into: &out)
                }
            } else {
                out += MockToolCall.value(for: properties?[name], depth: 1)
            }
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}

