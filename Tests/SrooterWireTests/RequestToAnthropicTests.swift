import SrooterWire
import Testing

/// Requests translated for an Anthropic provider (aider or Codex on Claude).
@Suite struct RequestToAnthropicTests {
    private func translate(_ body: String, from wire: Wire) throws -> (JSONValue, [String]) {
        let out = try RequestTranslator.translate(Array(body.utf8), from: wire, to: .anthropic)
        return (try JSONText.parse(out.body), out.dropped)
    }

    @Test func chatToAnthropic() throws {
        let (body, dropped) = try translate(#"""
            {"model":"claude-sonnet-4-5",
             "messages":[
              {"role":"system","content":"You are aider."},
              {"role":"developer","content":[{"type":"text","text":"Reply in English."}]},
              {"role":"user","content":[{"type":"text","text":"Describe"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}}]},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},{"id":"call_b","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]},
              {"role":"tool","tool_call_id":"call_a","content":"18C"},
              {"role":"tool","tool_call_id":"call_b","content":[{"type":"text","text":"21C"}]},
              {"role":"user","content":"Thanks"}
             ],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
             "tool_choice":{"type":"function","function":{"name":"get_weather"}},"parallel_tool_calls":false,
             "stop":"END","temperature":0.5,"top_p":0.9,"max_completion_tokens":20000,"reasoning_effort":"medium","user":"alice",
             "response_format":{"type":"json_schema","json_schema":{"name":"w","schema":{"type":"object"},"strict":true}},
             "stream":true,"stream_options":{"include_usage":true}}
            """#, from: .openAIChat)
        let expected = try JSONText.parse(#"""
            {"model":"claude-sonnet-4-5","max_tokens":20000,
             "system":[{"type":"text","text":"You are aider."},{"type":"text","text":"Reply in English."}],
             "messages":[
              {"role":"user","content":[{"type":"text","text":"Describe"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]},
              {"role":"assistant","content":[{"type":"tool_use","id":"call_a","name":"get_weather","input":{"city":"Paris"}},{"type":"tool_use","id":"call_b","name":"get_weather","input":{"city":"Rome"}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_a","content":"18C"},{"type":"tool_result","tool_use_id":"call_b","content":"21C"},{"type":"text","text":"Thanks"}]}
             ],
             "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],
             "tool_choice":{"type":"tool","name":"get_weather","disable_parallel_tool_use":true},
             "stop_sequences":["END"],
             "thinking":{"type":"enabled","budget_tokens":16384},
             "output_config":{"format":{"type":"json_schema","schema":{"type":"object"}}},
             "metadata":{"user_id":"alice"},"stream":true}
            """#)
        #expect(body == expected, "\(body)")
        // Anthropic refuses temperature other than 1 and top_p under 0.95 with thinking on.
        #expect(Set(dropped) == ["temperature (with thinking)", "top_p (with thinking)"])
    }

    /// Codex on Claude: the system prompt is a developer item, no `instructions`, no output limit.
    @Test func responsesToAnthropic() throws {
        let (body, dropped) = try translate(#"""
            {"model":"claude-opus-4-1",
             "input":[
              {"type":"message","role":"developer","content":[{"type":"input_text","text":"You are Codex."}]},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"Write hello.txt"}]},
              {"type":"function_call","call_id":"call_w","name":"exec_command","arguments":"{\"cmd\":\"echo hi > hello.txt\"}"},
              {"type":"function_call_output","call_id":"call_w","output":"Process exited with code 0"}
             ],
             "tools":[{"type":"function","name":"exec_command","description":"Runs a command","parameters":{"type":"object","properties":{"cmd":{"type":"string"}},"required":["cmd"]},"strict":false},{"type":"local_shell"}],
             "tool_choice":"required","parallel_tool_calls":false,"reasoning":{"effort":"low"},"store":false,"stream":true}
            """#, from: .openAIResponses)
        let expected = try JSONText.parse(#"""
            {"model":"claude-opus-4-1","max_tokens":12288,"system":"You are Codex.",
             "messages":[
              {"role":"user","content":[{"type":"text","text":"Write hello.txt"}]},
              {"role":"assistant","content":[{"type":"tool_use","id":"call_w","name":"exec_command","input":{"cmd":"echo hi > hello.txt"}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_w","content":"Process exited with code 0"}]}
             ],
             "tools":[{"name":"exec_command","description":"Runs a command","input_schema":{"type":"object","properties":{"cmd":{"type":"string"}},"required":["cmd"]}}],
             "tool_choice":{"type":"any","disable_parallel_tool_use":true},
             "thinking":{"type":"enabled","budget_tokens":4096},"stream":true}
            """#)
        #expect(body == expected, "\(body)")
        #expect(dropped == ["store", "tool type local_shell"])
    }

    /// The budget is clamped below `max_tokens`; with 1024 or fewer, thinking is left off and reported.
    @Test func thinkingBudgetClampedToMaxTokens() throws {
        let clamped = try RequestTranslator.translate(Array(#"{"model":"c","max_completion_tokens":2000,"reasoning_effort":"high","messages":[{"role":"user","content":"x"}]}"#.utf8), from: .openAIChat, to: .anthropic)
        #expect(try JSONText.parse(clamped.body)["thinking"] == JSONText.parse(#"{"type":"enabled","budget_tokens":1999}"#))
        let off = try RequestTranslator.translate(Array(#"{"model":"c","max_completion_tokens":1000,"reasoning_effort":"high","messages":[{"role":"user","content":"x"}]}"#.utf8), from: .openAIChat, to: .anthropic)
        #expect(try JSONText.parse(off.body)["thinking"] == nil)
        #expect(off.dropped == ["reasoning (max_tokens too small)"])
    }
}
