import SrooterWire
import Testing

/// Requests translated for an OpenAI Responses provider.
@Suite struct RequestToResponsesTests {
    private func translate(_ body: String, from wire: Wire) throws -> (JSONValue, [String]) {
        let out = try RequestTranslator.translate(Array(body.utf8), from: wire, to: .openAIResponses)
        return (try JSONText.parse(out.body), out.dropped)
    }

    @Test func anthropicToResponses() throws {
        let (body, dropped) = try translate(#"""
            {"model":"gpt-5","max_tokens":64000,"system":"Sys",
             "messages":[
              {"role":"user","content":[{"type":"text","text":"Hi"},{"type":"image","source":{"type":"url","url":"https://x.test/y.png"}}]},
              {"role":"assistant","content":[{"type":"text","text":"Sure."},{"type":"tool_use","id":"toolu_9","name":"Bash","input":{"command":"pwd"}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_9","content":"/home"}]}
             ],
             "tools":[{"name":"Bash","description":"Run","input_schema":{"type":"object","properties":{"command":{"type":"string"}}}}],
             "tool_choice":{"type":"auto"},"stop_sequences":["STOP"],
             "thinking":{"type":"enabled","budget_tokens":31999},"metadata":{"user_id":"u1"},
             "output_config":{"format":{"type":"json_schema","schema":{"type":"object","properties":{"a":{"type":"string"}}}}},
             "stream":true}
            """#, from: .anthropic)
        let expected = try JSONText.parse(#"""
            {"model":"gpt-5","instructions":"Sys",
             "input":[
              {"role":"user","content":[{"type":"input_text","text":"Hi"},{"type":"input_image","image_url":"https://x.test/y.png"}]},
              {"role":"assistant","content":"Sure."},
              {"type":"function_call","call_id":"toolu_9","name":"Bash","arguments":"{\"command\":\"pwd\"}"},
              {"type":"function_call_output","call_id":"toolu_9","output":"/home"}
             ],
             "tools":[{"type":"function","name":"Bash","description":"Run","parameters":{"type":"object","properties":{"command":{"type":"string"}}},"strict":false}],
             "tool_choice":"auto","max_output_tokens":64000,"reasoning":{"effort":"high"},"user":"u1",
             "text":{"format":{"type":"json_schema","name":"output","schema":{"type":"object","properties":{"a":{"type":"string"}}},"strict":true}},
             "store":false,"stream":true}
            """#)
        #expect(body == expected, "\(body)")
        #expect(dropped == ["stop_sequences"])
    }

    @Test func chatToResponses() throws {
        let (body, dropped) = try translate(#"""
            {"model":"gpt-5-mini",
             "messages":[
              {"role":"system","content":"Sys"},
              {"role":"user","content":"Weather?"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"sunny"}
             ],
             "tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object","properties":{},"additionalProperties":false},"strict":true}}],
             "tool_choice":"none","stop":["x"],"max_tokens":300,"reasoning_effort":"minimal","top_p":0.5,
             "response_format":{"type":"json_object"}}
            """#, from: .openAIChat)
        let expected = try JSONText.parse(#"""
            {"model":"gpt-5-mini","instructions":"Sys",
             "input":[
              {"role":"user","content":[{"type":"input_text","text":"Weather?"}]},
              {"type":"function_call","call_id":"call_1","name":"weather","arguments":"{}"},
              {"type":"function_call_output","call_id":"call_1","output":"sunny"}
             ],
             "tools":[{"type":"function","name":"weather","parameters":{"type":"object","properties":{},"additionalProperties":false},"strict":true}],
             "tool_choice":"none","top_p":0.5,"max_output_tokens":300,"reasoning":{"effort":"minimal"},
             "text":{"format":{"type":"json_object"}},"store":false}
            """#)
        #expect(body == expected, "\(body)")
        #expect(dropped == ["stop_sequences"])
    }
}
