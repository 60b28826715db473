import Foundation
import Testing
@testable import SrooterGateway

/// Issue 16, item 3: the mock calls a tool only when asked, with arguments its schema accepts,
/// and answers a tool result with text.
@Suite struct MockToolCallTests {
    static let schema = #"{"type":"object","properties":{"file_path":{"type":"string"},"offset":{"type":"integer","minimum":0},"mode":{"enum":["fast","slow"]},"flags":{"type":"array","items":{"type":"string"}},"opts":{"type":"object","properties":{"depth":{"type":"number"},"deep":{"type":"boolean"}},"required":["depth","deep"]},"nullable":{"type":["null","string"]},"ignored":{"type":"string"}},"required":["file_path","offset","mode","flags","opts","nullable"]}"#

    static func anthropic(_ messages: String) -> JSONNode? {
        try? JSONParser.parse(Array(#"{"model":"m","tools":[{"name":"Bash","input_schema":{"type":"object"}},{"name":"Read","input_schema":\#(schema)}],"messages":\#(messages)}"#.utf8))
    }

    @Test func callsOnlyWhenTheUserAsks() {
        #expect(MockToolCall.pick(for: Self.anthropic(#"[{"role":"user","content":"Say hello"}]"#), wire: .anthropic) == nil)
        #expect(MockToolCall.pick(for: Self.anthropic(#"[{"role":"user","content":"use the Write tool"}]"#), wire: .anthropic) == nil, "not offered")
        let call = MockToolCall.pick(for: Self.anthropic(#"[{"role":"user","content":"Please USE THE READ TOOL now"}]"#), wire: .anthropic)
        #expect(call?.name == "Read")
        // Claude Code's reminders are not the user's words; its trailing system message is not a turn.
        let reminded = #"[{"role":"user","content":[{"type":"text","text":"<system-reminder>\nplease use the Bash tool\n</system-reminder>"},{"type":"text","text":"Say hello"}]},{"role":"system","content":[{"type":"text","text":"env"}]}]"#
        #expect(MockToolCall.pick(for: Self.anthropic(reminded), wire: .anthropic) == nil)
        let asked = #"[{"role":"user","content":[{"type":"text","text":"<system-reminder>x</system-reminder>"},{"type":"text","text":"use the bash tool"}]},{"role":"system","content":"env"}]"#
        #expect(MockToolCall.pick(for: Self.anthropic(asked), wire: .anthropic)?.name == "Bash")
    }

    @Test func aToolResultGetsText() {
        let anthropic = #"[{"role":"user","content":"use the Read tool"},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Read","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"no such file"}]}]"#
        #expect(MockToolCall.pick(for: Self.anthropic(anthropic), wire: .anthropic) == nil)
        let chat = try? JSONParser.parse(Array(#"{"tools":[{"type":"function","function":{"name":"Read","parameters":{}}}],"messages":[{"role":"user","content":"use the Read tool"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"Read","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c","content":"x"}]}"#.utf8))
        #expect(MockToolCall.pick(for: chat, wire: .openAIChat) == nil)
        let responses = try? JSONParser.parse(Array(#"{"tools":[{"type":"function","name":"exec_command","parameters":{}}],"input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"use the exec_command tool"}]},{"type":"function_call","call_id":"c","name":"exec_command","arguments":"{}"},{"type":"function_call_output","call_id":"c","output":"x"}]}"#.utf8))
        #expect(MockToolCall.pick(for: responses, wire: .openAIResponses) == nil)
        // The same requests without the tool result do call.
        let asking = try? JSONParser.parse(Array(#"{"tools":[{"type":"function","name":"exec_command","parameters":{}},{"type":"custom","name":"apply_patch"}],"input":[{"type":"message","role":"developer","content":"x"},{"type":"message","role":"user","content":[{"type":"input_text","text":"use the exec_command tool"}]}]}"#.utf8))
        #expect(MockToolCall.pick(for: asking, wire: .openAIResponses)?.name == "exec_command")
    }

    @Test func argumentsFitTheSchema() throws {
        let call = try #require(MockToolCall.pick(for: Self.anthropic(#"[{"role":"user","content":"use the Read tool"}]"#), wire: .anthropic))
        let arguments = try #require(try JSONSerialization.jsonObject(with: Data(call.arguments.utf8)) as? [String: Any])
        // Checked here against the schema's words, with Foundation's parser.
        #expect(Set(arguments.keys) == ["file_path", "offset", "mode", "flags", "opts", "nullable"], "required only: \(call.arguments)")
        #expect(arguments["file_path"] is String)
        #expect(call.arguments.contains(#""offset":0"#), "an integer, at the minimum: \(call.arguments)")
        #expect(arguments["mode"] as? String == "fast")
        #expect((arguments["flags"] as? [Any])?.isEmpty == true)
        let opts = try #require(arguments["opts"] as? [String: Any])
        #expect(opts["depth"] is NSNumber && opts["deep"] as? Bool == false && opts.count == 2)
        #expect(arguments["nullable"] is String)
    }
}
