import Foundation
import Testing
@testable import SrooterGateway

/// Issue 19: the mock's scripted agent (model `mock-agent`) calls the offered shell tool once with
/// a command that writes result.txt, answers text after a tool result, gives aider an edit block
/// in the format its prompt asks for, and leaves the default mock as it was.
@Suite struct MockAgentTurnTests {
    static let command = "printf 'srooter-agent-ok' > result.txt"
    /// Claude Code 2's Bash tool (its schema as sent, descriptions cut), among other tools.
    static let claudeTools = #"[{"name":"Read","input_schema":{"type":"object","properties":{"file_path":{"type":"string"}},"required":["file_path"]}},{"name":"Bash","input_schema":{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"command":{"type":"string"},"timeout":{"type":"number"},"description":{"type":"string"},"run_in_background":{"type":"boolean"},"dangerouslyDisableSandbox":{"type":"boolean"}},"required":["command"],"additionalProperties":false}}]"#
    /// Codex's exec_command (cut to two of its properties) and its web search tool.
    static let codexTools = #"[{"type":"function","name":"exec_command","strict":false,"parameters":{"type":"object","properties":{"cmd":{"type":"string"},"workdir":{"type":"string"}},"required":["cmd"],"additionalProperties":false}},{"type":"web_search","external_web_access":false}]"#

    static func parse(_ text: String) throws -> JSONNode { try JSONParser.parse(Array(text.utf8)) }

    static func object(_ arguments: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(arguments.utf8)) as? [String: Any])
    }

    @Test func claudeCodeGetsOneBashCallThenText() throws {
        let first = try Self.parse(#"{"model":"mock-agent","tools":\#(Self.claudeTools),"messages":[{"role":"user","content":[{"type":"text","text":"<system-reminder>use the Read tool</system-reminder>"},{"type":"text","text":"Write it canary-1 now"}]},{"role":"system","content":"env"}]}"#)
        guard case .toolCall(let call) = MockAgentTurn.decide(first, wire: .anthropic) else { Issue.record("no tool call"); return }
        #expect(call.name == "Bash")
        let arguments = try Self.object(call.arguments)
        #expect(arguments as NSDictionary == ["command": Self.command] as NSDictionary, "the schema's only required member: \(call.arguments)")

        let after = try Self.parse(#"{"model":"mock-agent","tools":\#(Self.claudeTools),"messages":[{"role":"user","content":[{"type":"text","text":"Write it canary-1 now"}]},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"x"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":""}]}]}"#)
        guard case .text(let text) = MockAgentTurn.decide(after, wire: .anthropic) else { Issue.record("no text after the tool result"); return }
        #expect(text.hasSuffix("You said: Write it canary-1 now"), "\(text)")
    }

    @Test func codexGetsOneExecCommandThenText() throws {
        let input = #"[{"type":"message","role":"developer","content":[{"type":"input_text","text":"x"}]},{"type":"message","role":"user","content":[{"type":"input_text","text":"<environment_context>cwd</environment_context>"}]},{"type":"message","role":"user","content":[{"type":"input_text","text":"Write canary-2"}]}"#
        let first = try Self.parse(#"{"model":"mock-agent","tools":\#(Self.codexTools),"input":\#(input)]}"#)
        guard case .toolCall(let call) = MockAgentTurn.decide(first, wire: .openAIResponses) else { Issue.record("no tool call"); return }
        #expect(call.name == "exec_command")
        #expect(try Self.object(call.arguments) as NSDictionary == ["cmd": Self.command] as NSDictionary, "\(call.arguments)")

        let after = try Self.parse(#"{"model":"mock-agent","tools":\#(Self.codexTools),"input":\#(input),{"type":"function_call","call_id":"c","name":"exec_command","arguments":"{}"},{"type":"function_call_output","call_id":"c","output":"Process exited with code 1"}]}"#)
        #expect(MockAgentTurn.decide(after, wire: .openAIResponses) == .text("Done: result.txt holds srooter-agent-ok. This is the srooter mock's scripted agent. You said: Write canary-2"))
    }

    /// Codex's request translated for an Anthropic model: its environment context and the task
    /// merged into one user message; the answer repeats the task.
    @Test func theTaskIsTheLastUserText() throws {
        let merged = try Self.parse(#"{"model":"mock-agent","tools":\#(Self.claudeTools),"messages":[{"role":"user","content":[{"type":"text","text":"<environment_context>\n  <cwd>/tmp/w</cwd>\n</environment_context>"},{"type":"text","text":"Write canary-4"}]},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"x"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"ok"},{"type":"text","text":"<system-reminder>x</system-reminder>"}]}]}"#)
        #expect(MockAgentTurn.decide(merged, wire: .anthropic) == .text("Done: result.txt holds srooter-agent-ok. This is the srooter mock's scripted agent. You said: Write canary-4"))
    }

    @Test func aShellToolThatWantsAnArgvGetsOne() throws {
        let chat = try Self.parse(#"{"model":"mock-agent","tools":[{"type":"function","function":{"name":"shell","parameters":{"type":"object","properties":{"command":{"type":"array","items":{"type":"string"}},"timeout_ms":{"type":"integer","minimum":0}},"required":["command","timeout_ms"]}}}],"messages":[{"role":"user","content":"go"}]}"#)
        guard case .toolCall(let call) = MockAgentTurn.decide(chat, wire: .openAIChat) else { Issue.record("no tool call"); return }
        let arguments = try Self.object(call.arguments)
        #expect(arguments["command"] as? [String] == ["bash", "-lc", Self.command])
        #expect((arguments["timeout_ms"] as? NSNumber)?.intValue == 0 && arguments.count == 2, "\(call.arguments)")
        let answered = try Self.parse(#"{"model":"mock-agent","tools":[{"type":"function","function":{"name":"shell","parameters":{}}}],"messages":[{"role":"user","content":"go"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"shell","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c","content":"ok"}]}"#)
        #expect(MockAgentTurn.decide(answered, wire: .openAIChat) == .text("Done: result.txt holds srooter-agent-ok. This is the srooter mock's scripted agent. You said: go"))
    }

    /// aider's two edit formats, written here as aider's documentation shows them.
    @Test func aiderGetsTheEditFormatItAskedFor() throws {
        func request(_ system: String) throws -> JSONNode {
            try Self.parse(#"{"model":"mock-agent","stream":true,"messages":[{"role":"system","content":\#(system)},{"role":"user","content":"Create result.txt canary-3"}]}"#)
        }
        let whole = try request(#""Act as an expert software developer.\nIf you need to propose edits to existing files not already added to the chat, you *MUST* tell the user their full path names.\nTo suggest changes to a file you MUST return the entire content of the updated file.\nYou MUST use this *file listing* format:\n\npath/to/filename.js\n```\n// entire file content ...\n```""#)
        guard case .edit(let listing) = MockAgentTurn.decide(whole, wire: .openAIChat) else { Issue.record("no edit"); return }
        #expect(listing.hasSuffix("\n\nresult.txt\n```\nsrooter-agent-ok\n```\n"), "\(listing)")
        #expect(listing.contains("canary-3"))

        let diff = try request(#""Describe each change with a *SEARCH/REPLACE block* per the examples below.""#)
        guard case .edit(let block) = MockAgentTurn.decide(diff, wire: .openAIChat) else { Issue.record("no edit"); return }
        #expect(block.hasSuffix("\n\nresult.txt\n```\n<<<<<<< SEARCH\n=======\nsrooter-agent-ok\n>>>>>>> REPLACE\n```\n"), "\(block)")

        let plain = try request(#""You are helpful.""#)
        #expect(MockAgentTurn.decide(plain, wire: .openAIChat) == .text("This is the srooter mock's scripted agent. You said: Create result.txt canary-3"))
    }

    /// Only the model name selects the agent: the same request to `mock-claude` gets the default
    /// mock's canned text and its fixed usage, as before.
    @Test func onlyTheAgentModelIsScripted() throws {
        let body = #"{"model":"MODEL","max_tokens":100,"tools":\#(Self.claudeTools),"messages":[{"role":"user","content":"Write it"}]}"#
        let agentBody = Array(body.replacingOccurrences(of: "MODEL", with: "mock-agent").utf8)
        let agent = MockScript.make(surface: .anthropicMessages, body: agentBody)
        let reply = try Self.object(String(decoding: agent.chunks[0].bytes, as: UTF8.self))
        #expect(reply["stop_reason"] as? String == "tool_use")
        let usage = try #require(reply["usage"] as? [String: Any])
        // Counted from the sizes: a quarter of the request's bytes in.
        #expect((usage["input_tokens"] as? NSNumber)?.intValue == agentBody.count / 4)
        #expect(agent.agentReport?.contains("answer=tool_call stream=false input_tokens=\(agentBody.count / 4) ") == true, "\(agent.agentReport ?? "")")

        let plain = MockScript.make(surface: .anthropicMessages, body: Array(body.replacingOccurrences(of: "MODEL", with: "mock-claude").utf8))
        let canned = try Self.object(String(decoding: plain.chunks[0].bytes, as: UTF8.self))
        #expect(canned["stop_reason"] as? String == "end_turn" && plain.agentReport == nil)
        #expect(((canned["usage"] as? [String: Any])?["input_tokens"] as? NSNumber)?.intValue == 25)
    }

    /// Streamed, the call's arguments arrive in pieces that join to the whole, on every wire,
    /// and the usage the stream reports is the one the report line names.
    @Test(arguments: [Surface.anthropicMessages, .openAIChat, .openAIResponses])
    func streamedCallsCarryTheWholeCommand(surface: Surface) throws {
        let body: String = switch surface {
        case .openAIResponses: #"{"model":"mock-agent","stream":true,"tools":\#(Self.codexTools),"input":"go"}"#
        case .openAIChat: #"{"model":"mock-agent","stream":true,"stream_options":{"include_usage":true},"tools":[{"type":"function","function":{"name":"Bash","parameters":{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}}}],"messages":[{"role":"user","content":"go"}]}"#
        default: #"{"model":"mock-agent","stream":true,"max_tokens":10,"tools":\#(Self.claudeTools),"messages":[{"role":"user","content":"go"}]}"#
        }
        let script = MockScript.make(surface: surface, body: Array(body.utf8))
        #expect(script.contentType == "text/event-stream")
        var pieces = ""
        var outputTokens: Int?
        for chunk in script.chunks {
            for line in String(decoding: chunk.bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("data: {") {
                let event = try Self.object(String(line.dropFirst(6)))
                let delta = event["delta"] as? [String: Any]
                if let partial = delta?["partial_json"] as? String { pieces += partial }
                if event["type"] as? String == "response.function_call_arguments.delta", let text = event["delta"] as? String { pieces += text }
                for call in ((event["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["tool_calls"] as? [[String: Any]] ?? [] {
                    pieces += ((call["function"] as? [String: Any])?["arguments"] as? String) ?? ""
                }
                let usage = (event["usage"] ?? (event["response"] as? [String: Any])?["usage"]) as? [String: Any]
                if let tokens = (usage?["output_tokens"] ?? usage?["completion_tokens"]) as? NSNumber { outputTokens = tokens.intValue }
            }
        }
        let arguments = try Self.object(pieces)
        #expect((arguments["command"] ?? arguments["cmd"]) as? String == Self.command, "\(pieces)")
        let reported = try #require(outputTokens)
        #expect(reported > 1 && script.agentReport?.hasSuffix(" output_tokens=\(reported)") == true, "\(script.agentReport ?? "")")
    }
}
