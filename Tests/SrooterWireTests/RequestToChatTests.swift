import SrooterWire
import Testing

/// Requests translated for a Chat Completions provider (OpenAI, Ollama, vLLM, llama.cpp).
/// Expected bodies are written from the two APIs' request references and compared as parsed JSON.
@Suite struct RequestToChatTests {
    private func translate(_ body: String, from wire: Wire) throws -> (JSONValue, [String]) {
        let out = try RequestTranslator.translate(Array(body.utf8), from: wire, to: .openAIChat)
        return (try JSONText.parse(out.body), out.dropped)
    }

    /// Claude Code 2 also sends instructions as `system` turns inside `messages` (not part of the
    /// Messages reference, seen from the real CLI): their text joins the system prompt, ahead of the turns.
    @Test func systemTurnsInsideAnthropicMessagesJoinTheSystemPrompt() throws {
        let (body, dropped) = try translate(#"""
            {"model":"gpt-4.1","max_tokens":100,"system":"You are Claude Code.",
             "messages":[
              {"role":"user","content":"Hi"},
              {"role":"system","content":[{"type":"text","text":"Environment: Linux."}]},
              {"role":"system","content":"Today is Thursday."},
              {"role":"user","content":"Write the file."}
             ]}
            """#, from: .anthropic)
        let expected = try JSONText.parse(#"""
            {"model":"gpt-4.1","max_completion_tokens":100,
             "messages":[
              {"role":"system","content":"You are Claude Code."},
              {"role":"system","content":"Environment: Linux."},
              {"role":"system","content":"Today is Thursday."},
              {"role":"user","content":"Hi"},
              {"role":"user","content":"Write the file."}
             ]}
            """#)
        #expect(body == expected, "\(body)")
        #expect(dropped.isEmpty)
    }

    /// Claude Code's shape: cached system blocks, images both ways, signed and redacted thinking,
    /// parallel tool calls, an error result, a server tool, thinking on.
    @Test func anthropicToChat() throws {
        let (body, dropped) = try translate(#"""
            {"model":"gpt-4.1","max_tokens":32000,
             "system":[{"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}},{"type":"text","text":"Be brief."}],
             "messages":[
              {"role":"user","content":[{"type":"text","text":"What is in this image?"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},{"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]},
              {"role":"assistant","content":[{"type":"thinking","thinking":"Look at both.","signature":"EqQBCg"},{"type":"redacted_thinking","data":"EmwKAhgB"},{"type":"text","text":"Let me check."},{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"ls"}},{"type":"tool_use","id":"toolu_2","name":"Read","input":{"file_path":"a.txt"}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"a.txt\nb.txt"},{"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"File not found"}],"is_error":true},{"type":"text","text":"Continue.","cache_control":{"type":"ephemeral"}}]}
             ],
             "tools":[
              {"name":"Bash","description":"Run a command","input_schema":{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}},
              {"name":"Read","description":"Read a file","input_schema":{"type":"object","properties":{"file_path":{"type":"string"}},"required":["file_path"]},"cache_control":{"type":"ephemeral"}},
              {"type":"web_search_20250305","name":"web_search","max_uses":5}
             ],
             "tool_choice":{"type":"any","disable_parallel_tool_use":true},
             "stop_sequences":["\n\nHuman:"],"temperature":1,"top_p":0.95,
             "thinking":{"type":"enabled","budget_tokens":10000},
             "metadata":{"user_id":"user-42"},"stream":true}
            """#, from: .anthropic)
        let expected = try JSONText.parse(#"""
            {"model":"gpt-4.1",
             "messages":[
              {"role":"system","content":"You are Claude Code."},
              {"role":"system","content":"Be brief."},
              {"role":"user","content":[{"type":"text","text":"What is in this image?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},{"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]},
              {"role":"assistant","content":"Let me check.","tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"Bash","arguments":"{\"command\":\"ls\"}"}},{"id":"toolu_2","type":"function","function":{"name":"Read","arguments":"{\"file_path\":\"a.txt\"}"}}]},
              {"role":"tool","tool_call_id":"toolu_1","content":"a.txt\nb.txt"},
              {"role":"tool","tool_call_id":"toolu_2","content":"File not found"},
              {"role":"user","content":"Continue."}
             ],
             "tools":[
              {"type":"function","function":{"name":"Bash","description":"Run a command","parameters":{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}}},
              {"type":"function","function":{"name":"Read","description":"Read a file","parameters":{"type":"object","properties":{"file_path":{"type":"string"}},"required":["file_path"]}}}
             ],
             "tool_choice":"required","parallel_tool_calls":false,
             "stop":["\n\nHuman:"],"temperature":1,"top_p":0.95,
             "max_completion_tokens":32000,"reasoning_effort":"medium","user":"user-42",
             "stream":true,"stream_options":{"include_usage":true}}
            """#)
        #expect(body == expected, "\(body)")
        #expect(Set(dropped) == ["cache_control", "redacted_thinking", "server tool web_search_20250305", "thinking (signed)", "tool_result.is_error"])
    }

    /// Codex's shape: the system prompt as a developer item, a reasoning item with encrypted
    /// content, parallel function calls and their outputs, a hosted tool, structured output.
    @Test func responsesToChat() throws {
        let (body, dropped) = try translate(#"""
            {"model":"gpt-4.1","instructions":"You are Codex.",
             "input":[
              {"type":"message","role":"developer","content":[{"type":"input_text","text":"Sandbox: none."}]},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"List files"},{"type":"input_image","image_url":"data:image/jpeg;base64,/9j/4AAQ","detail":"auto"}]},
              {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Plan: ls"}],"encrypted_content":"gAAA"},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Running ls.","annotations":[]}]},
              {"type":"function_call","id":"fc_1","call_id":"call_1","name":"exec_command","arguments":"{\"cmd\":\"ls\"}"},
              {"type":"function_call","id":"fc_2","call_id":"call_2","name":"exec_command","arguments":"{\"cmd\":\"pwd\"}"},
              {"type":"function_call_output","call_id":"call_1","output":"a.txt"},
              {"type":"function_call_output","call_id":"call_2","output":"/work"}
             ],
             "tools":[{"type":"function","name":"exec_command","description":"Runs a command","parameters":{"type":"object","properties":{"cmd":{"type":"string"}},"required":["cmd"],"additionalProperties":false},"strict":false},{"type":"web_search"}],
             "tool_choice":"auto","parallel_tool_calls":true,
             "reasoning":{"effort":"high","summary":"auto"},"max_output_tokens":4096,"temperature":0.2,"user":"u-7",
             "text":{"format":{"type":"json_schema","name":"answer","schema":{"type":"object","properties":{"files":{"type":"array","items":{"type":"string"}}},"required":["files"]},"strict":true}},
             "store":false,"stream":true}
            """#, from: .openAIResponses)
        let expected = try JSONText.parse(#"""
            {"model":"gpt-4.1",
             "messages":[
              {"role":"system","content":"You are Codex."},
              {"role":"system","content":"Sandbox: none."},
              {"role":"user","content":[{"type":"text","text":"List files"},{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}}]},
              {"role":"assistant","content":"Running ls.","tool_calls":[{"id":"call_1","type":"function","function":{"name":"exec_command","arguments":"{\"cmd\":\"ls\"}"}},{"id":"call_2","type":"function","function":{"name":"exec_command","arguments":"{\"cmd\":\"pwd\"}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"a.txt"},
              {"role":"tool","tool_call_id":"call_2","content":"/work"}
             ],
             "tools":[{"type":"function","function":{"name":"exec_command","description":"Runs a command","parameters":{"type":"object","properties":{"cmd":{"type":"string"}},"required":["cmd"],"additionalProperties":false},"strict":false}}],
             "tool_choice":"auto","parallel_tool_calls":true,"temperature":0.2,"max_completion_tokens":4096,
             "reasoning_effort":"high","user":"u-7",
             "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object","properties":{"files":{"type":"array","items":{"type":"string"}}},"required":["files"]},"strict":true}},
             "stream":true,"stream_options":{"include_usage":true}}
            """#)
        #expect(body == expected, "\(body)")
        #expect(Set(dropped) == ["store", "reasoning encrypted_content", "tool type web_search", "reasoning in history"])
    }

    /// Local servers that predate `max_completion_tokens` get `max_tokens`.
    @Test func legacyTokenLimitMember() throws {
        var options = RequestOptions()
        options.chatMaxTokensMember = "max_tokens"
        let out = try RequestTranslator.translate(Array(#"{"model":"llama3","max_tokens":100,"messages":[{"role":"user","content":"Hi"}]}"#.utf8), from: .anthropic, to: .openAIChat, options: options)
        #expect(try JSONText.parse(out.body) == JSONText.parse(#"{"model":"llama3","messages":[{"role":"user","content":"Hi"}],"max_tokens":100}"#))
    }

    /// Members no Chat request can carry are named, not silently lost.
    @Test func uncarriedMembersAreNamed() throws {
        let out = try RequestTranslator.translate(Array(#"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"context_management":{"edits":[]},"service_tier":"auto"}"#.utf8), from: .anthropic, to: .openAIChat)
        #expect(out.dropped == ["context_management", "service_tier"])
    }

    /// The Chat client's wish for the usage chunk is kept for the stream translation.
    @Test func includeUsageIsRead() throws {
        let asked = try RequestTranslator.translate(Array(#"{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]}"#.utf8), from: .openAIChat, to: .anthropic)
        #expect(asked.request.streamIncludeUsage == true)
        let aider = try RequestTranslator.translate(Array(#"{"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}"#.utf8), from: .openAIChat, to: .anthropic)
        #expect(aider.request.streamIncludeUsage == nil)
    }

    @Test func malformedBodiesNameTheProblem() {
        #expect(throws: TranslationError.invalid("messages")) {
            try RequestTranslator.translate(Array(#"{"model":"m"}"#.utf8), from: .anthropic, to: .openAIChat)
        }
        #expect(throws: TranslationError.invalid("messages[0].role")) {
            try RequestTranslator.translate(Array(#"{"model":"m","messages":[{"role":"wizard","content":"x"}]}"#.utf8), from: .openAIChat, to: .anthropic)
        }
        #expect {
            try RequestTranslator.translate(Array(#"{"model":"m","#.utf8), from: .openAIResponses, to: .openAIChat)
        } throws: { error in
            if case TranslationError.notJSON = error { return true }
            return false
        }
    }
}
