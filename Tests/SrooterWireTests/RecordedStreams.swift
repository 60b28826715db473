/// Upstream streams written by hand after the providers' documented stream formats (Anthropic
/// "Streaming Messages", OpenAI "Chat Completions streaming" and "Responses streaming events"),
/// with what coding agents meet: reasoning, text with non-ASCII, tool calls whose arguments are
/// split across deltas, parallel tool calls, cached input and usage.
enum RecordedStreams {
    /// Joins `(event, data)` pairs as SSE frames.
    static func sse(_ frames: [(String?, String)], lineEnd: String = "\n") -> String {
        frames.map { frame in
            (frame.0.map { "event: \($0)\(lineEnd)" } ?? "") + "data: \(frame.1)\(lineEnd)\(lineEnd)"
        }.joined()
    }

    /// Anthropic: thinking with a signature, text, then two parallel tool_use blocks; cached input.
    static let anthropic = sse([
        ("message_start", #"{"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"cache_creation_input_tokens":0,"cache_read_input_tokens":2048,"output_tokens":2}}}"#),
        ("ping", #"{"type": "ping"}"#),
        ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"The user wants the date. "}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"I'll run `date`."}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"}}"#),
        ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
        ("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Checking the date"}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":" — one moment."}}"#),
        ("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
        ("content_block_start", #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"Bash","input":{}}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"command\": \"da"}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"te -u\"}"}}"#),
        ("content_block_stop", #"{"type":"content_block_stop","index":2}"#),
        ("content_block_start", #"{"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_01Vb7S2fQk1bM3oWcGkqPf9e","name":"Read","input":{}}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{\"file_path\":\"/tmp/a.txt\"}"}}"#),
        ("content_block_stop", #"{"type":"content_block_stop","index":3}"#),
        ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}"#),
        ("message_stop", #"{"type":"message_stop"}"#),
    ])

    private static func chat(_ rest: String) -> String {
        #"{"id":"chatcmpl-Cx1","object":"chat.completion.chunk","created":1764720001,"model":"gpt-4.1-2025-04-14","service_tier":"default","system_fingerprint":"fp_f6cf8e1e2a",\#(rest)}"#
    }

    /// OpenAI Chat Completions: text, then two parallel tool calls with split arguments, then the
    /// usage chunk (`stream_options.include_usage`) and `[DONE]`. CRLF line ends, as some servers send.
    static let chat = sse([
        (nil, chat(#""choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null"#)),
        (nil, chat(#""choices":[{"index":0,"delta":{"content":"Let me look"},"logprobs":null,"finish_reason":null}],"usage":null"#)),
        (nil, chat(#""choices":[{"index":0,"delta":{"content":" — now."},"logprobs":null,"finish_reason":null}],"usage":null"#)),
        (nil, chat(#""choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_abc","type":"function","function":{"name":"Bash","arguments":""}}]},"logprobs":null,"finish_reason":null}],"usage":null"#)),
        (nil, chat(#""choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"command\":"}}]},"logprobs":null,"finish_reason":null}],"usage":null"#)),
        (nil, chat(#""choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":" \"ls\"}"}}]},"logprobs":null,"finish_reason":null}],"usage":null"#)),
        (nil, chat(#""choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_def","type":"function","function":{"name":"Read","arguments":""}}]},"logprobs":null,"finish_reason":null}],"usage":null"#)),
        (nil, chat(#""choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\"file_path\":\"a.txt\"}"}}]},"logprobs":null,"finish_reason":null}],"usage":null"#)),
        (nil, chat(#""choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}],"usage":null"#)),
        (nil, chat(#""choices":[],"usage":{"prompt_tokens":1200,"completion_tokens":40,"total_tokens":1240,"prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}"#)),
        (nil, "[DONE]"),
    ], lineEnd: "\r\n")

    /// A local reasoning model behind an OpenAI-compatible server (vLLM/Ollama put the reasoning in
    /// `reasoning_content`), ending on `stop` with usage in the last content chunk's sibling.
    static let chatReasoning = sse([
        (nil, #"{"id":"chatcmpl-local1","object":"chat.completion.chunk","created":1764720003,"model":"qwen3:8b","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Two plus two"},"finish_reason":null}]}"#),
        (nil, #"{"id":"chatcmpl-local1","object":"chat.completion.chunk","created":1764720003,"model":"qwen3:8b","choices":[{"index":0,"delta":{"reasoning_content":" is four."},"finish_reason":null}]}"#),
        (nil, #"{"id":"chatcmpl-local1","object":"chat.completion.chunk","created":1764720003,"model":"qwen3:8b","choices":[{"index":0,"delta":{"content":"4"},"finish_reason":null}]}"#),
        (nil, #"{"id":"chatcmpl-local1","object":"chat.completion.chunk","created":1764720003,"model":"qwen3:8b","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#),
        (nil, #"{"id":"chatcmpl-local1","object":"chat.completion.chunk","created":1764720003,"model":"qwen3:8b","choices":[],"usage":{"prompt_tokens":18,"completion_tokens":12,"total_tokens":30}}"#),
        (nil, "[DONE]"),
    ])

    private static func response(_ status: String, output: String = "[]", usage: String = "null") -> String {
        #"{"id":"resp_68a1b2","object":"response","created_at":1764720002,"status":"\#(status)","error":null,"incomplete_details":null,"model":"gpt-5-2025-08-07","output":\#(output),"parallel_tool_calls":true,"tool_choice":"auto","tools":[],"usage":\#(usage)}"#
    }

    /// OpenAI Responses: a reasoning summary, a message, a function call with split arguments,
    /// then `response.completed` with usage (cached and reasoning tokens).
    static let responses = sse([
        ("response.created", #"{"type":"response.created","sequence_number":0,"response":\#(response("in_progress"))}"#),
        ("response.in_progress", #"{"type":"response.in_progress","sequence_number":1,"response":\#(response("in_progress"))}"#),
        ("response.output_item.added", #"{"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"rs_01","type":"reasoning","summary":[]}}"#),
        ("response.reasoning_summary_part.added", #"{"type":"response.reasoning_summary_part.added","sequence_number":3,"item_id":"rs_01","output_index":0,"summary_index":0,"part":{"type":"summary_text","text":""}}"#),
        ("response.reasoning_summary_text.delta", #"{"type":"response.reasoning_summary_text.delta","sequence_number":4,"item_id":"rs_01","output_index":0,"summary_index":0,"delta":"**Listing files**"}"#),
        ("response.reasoning_summary_text.done", #"{"type":"response.reasoning_summary_text.done","sequence_number":5,"item_id":"rs_01","output_index":0,"summary_index":0,"text":"**Listing files**"}"#),
        ("response.reasoning_summary_part.done", #"{"type":"response.reasoning_summary_part.done","sequence_number":6,"item_id":"rs_01","output_index":0,"summary_index":0,"part":{"type":"summary_text","text":"**Listing files**"}}"#),
        ("response.output_item.done", #"{"type":"response.output_item.done","sequence_number":7,"output_index":0,"item":{"id":"rs_01","type":"reasoning","summary":[{"type":"summary_text","text":"**Listing files**"}],"encrypted_content":"gAAAAABo..."}}"#),
        ("response.output_item.added", #"{"type":"response.output_item.added","sequence_number":8,"output_index":1,"item":{"id":"msg_01","type":"message","status":"in_progress","role":"assistant","content":[]}}"#),
        ("response.content_part.added", #"{"type":"response.content_part.added","sequence_number":9,"item_id":"msg_01","output_index":1,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}"#),
        ("response.output_text.delta", #"{"type":"response.output_text.delta","sequence_number":10,"item_id":"msg_01","output_index":1,"content_index":0,"delta":"I'll list","logprobs":[]}"#),
        ("response.output_text.delta", #"{"type":"response.output_text.delta","sequence_number":11,"item_id":"msg_01","output_index":1,"content_index":0,"delta":" the files — ok.","logprobs":[]}"#),
        ("response.output_text.done", #"{"type":"response.output_text.done","sequence_number":12,"item_id":"msg_01","output_index":1,"content_index":0,"text":"I'll list the files — ok.","logprobs":[]}"#),
        ("response.content_part.done", #"{"type":"response.content_part.done","sequence_number":13,"item_id":"msg_01","output_index":1,"content_index":0,"part":{"type":"output_text","text":"I'll list the files — ok.","annotations":[]}}"#),
        ("response.output_item.done", #"{"type":"response.output_item.done","sequence_number":14,"output_index":1,"item":{"id":"msg_01","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"I'll list the files — ok.","annotations":[]}]}}"#),
        ("response.output_item.added", #"{"type":"response.output_item.added","sequence_number":15,"output_index":2,"item":{"id":"fc_01","type":"function_call","status":"in_progress","arguments":"","call_id":"call_X1","name":"exec_command"}}"#),
        ("response.function_call_arguments.delta", #"{"type":"response.function_call_arguments.delta","sequence_number":16,"item_id":"fc_01","output_index":2,"delta":"{\"cmd\":"}"#),
        ("response.function_call_arguments.delta", #"{"type":"response.function_call_arguments.delta","sequence_number":17,"item_id":"fc_01","output_index":2,"delta":" \"ls -la\"}"}"#),
        ("response.function_call_arguments.done", #"{"type":"response.function_call_arguments.done","sequence_number":18,"item_id":"fc_01","output_index":2,"arguments":"{\"cmd\": \"ls -la\"}"}"#),
        ("response.output_item.done", #"{"type":"response.output_item.done","sequence_number":19,"output_index":2,"item":{"id":"fc_01","type":"function_call","status":"completed","arguments":"{\"cmd\": \"ls -la\"}","call_id":"call_X1","name":"exec_command"}}"#),
        ("response.completed", #"{"type":"response.completed","sequence_number":20,"response":\#(response("completed", output: "[]", usage: #"{"input_tokens":3000,"input_tokens_details":{"cached_tokens":2500},"output_tokens":300,"output_tokens_details":{"reasoning_tokens":192},"total_tokens":3300}"#))}"#),
    ])
}
