/// Streams as the providers send them (shapes from each API's documentation, with thinking or
/// reasoning, text and a tool call), and the usage each ends with.
struct RecordedStream: Sendable, CustomStringConvertible {
    let name: String
    /// The gateway path, and the model of the policy harness that reaches this wire.
    let path: String
    let model: String
    let frames: [String]
    /// Index of the frame that carries the provider's final usage.
    let finalUsageFrame: Int
    /// That usage: input, output, cache read, cache write (as srooter records it).
    let usage: (input: Int, output: Int, cacheRead: Int, cacheWrite: Int)
    /// Prices per million tokens of `model` in the harness (input, output, cache read, cache write).
    let prices: (input: Double, output: Double, cacheRead: Double, cacheWrite: Double)

    var description: String { name }

    /// The request body, naming the cut in its prompt (`ScriptedStreamUpstream` reads it).
    func body(cut: Int, mode: String) -> String {
        let marker = "srooter-cut \(cut) \(mode)"
        switch path {
        case "/v1/messages":
            return #"{"model":"\#(model)","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"What is the weather in Paris? \#(marker)"}],"tools":[{"name":"get_weather","description":"Weather now","input_schema":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}]}"#
        case "/v1/chat/completions":
            return #"{"model":"\#(model)","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"What is the weather in Paris? \#(marker)"}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}]}"#
        default:
            return #"{"model":"\#(model)","stream":true,"input":"What is the weather in Paris? \#(marker)","tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}]}"#
        }
    }

    static let all = [anthropic, chat, responses]

    private static func event(_ type: String, _ data: String) -> String { "event: \(type)\ndata: \(data)\n\n" }

    static let anthropic = RecordedStream(
        name: "anthropic-messages", path: "/v1/messages", model: "claude-test",
        frames: [
            event("message_start", #"{"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"cache_creation_input_tokens":0,"cache_read_input_tokens":128,"output_tokens":2}}}"#),
            event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"#),
            event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"The user asks for the weather in Paris. I have a get_weather tool; "}}"#),
            event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"I should call it with \"Paris, France\"."}}"#),
            event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"}}"#),
            event("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
            event("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#),
            event("ping", #"{"type": "ping"}"#),
            event("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"I'll check the current weather in Paris"}}"#),
            event("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":" for you \u00e9\u00e8 \ud83c\udf24\n"}}"#),
            event("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
            event("content_block_start", #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}"#),
            event("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}"#),
            event("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"location\": \"Paris"}}"#),
            event("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":", France\", \"unit\": \"celsius\"}"}}"#),
            event("content_block_stop", #"{"type":"content_block_stop","index":2}"#),
            event("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}"#),
            event("message_stop", #"{"type":"message_stop"}"#),
        ],
        finalUsageFrame: 16, usage: (472, 89, 128, 0), prices: (3, 15, 0.3, 3.75))

    private static func chunk(_ delta: String, finish: String = "null", usage: String = "null") -> String {
        #"data: {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_eb9dce56a8","choices":[{"index":0,"delta":\#(delta),"logprobs":null,"finish_reason":\#(finish)}],"usage":\#(usage)}"# + "\n\n"
    }

    static let chat = RecordedStream(
        name: "chat-completions", path: "/v1/chat/completions", model: "gpt-test",
        frames: [
            chunk(#"{"role":"assistant","content":"","refusal":null}"#),
            chunk(#"{"content":"Let me look"}"#),
            chunk(#"{"content":" that up \u00e9 \ud83c\udf24\n"}"#),
            chunk(#"{"tool_calls":[{"index":0,"id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","type":"function","function":{"name":"get_weather","arguments":""}}]}"#),
            chunk(#"{"tool_calls":[{"index":0,"function":{"arguments":"{\"loc"}}]}"#),
            chunk(#"{"tool_calls":[{"index":0,"function":{"arguments":"ation\": \"Paris, France\"}"}}]}"#),
            chunk("{}", finish: #""tool_calls""#),
            #"data: {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_eb9dce56a8","choices":[],"usage":{"prompt_tokens":82,"completion_tokens":31,"total_tokens":113,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0}}}"# + "\n\n",
            "data: [DONE]\n\n",
        ],
        finalUsageFrame: 7, usage: (82, 31, 0, 0), prices: (1.25, 10, 0.125, 0))

    private static func responsesEvent(_ type: String, _ sequence: Int, _ fields: String) -> String {
        event(type, #"{"type":"\#(type)","sequence_number":\#(sequence),\#(fields)}"#)
    }

    private static let inProgress = #"{"id":"resp_67ccd3a9da748190baa7f1570fe91ac6","object":"response","created_at":1741476777,"status":"in_progress","model":"gpt-5-2025-08-07","output":[],"usage":null}"#

    static let responses = RecordedStream(
        name: "responses", path: "/v1/responses", model: "gpt-test",
        frames: [
            responsesEvent("response.created", 0, #""response":\#(inProgress)"#),
            responsesEvent("response.in_progress", 1, #""response":\#(inProgress)"#),
            responsesEvent("response.output_item.added", 2, #""output_index":0,"item":{"id":"rs_01","type":"reasoning","summary":[]}"#),
            responsesEvent("response.reasoning_summary_part.added", 3, #""item_id":"rs_01","output_index":0,"summary_index":0,"part":{"type":"summary_text","text":""}"#),
            responsesEvent("response.reasoning_summary_text.delta", 4, #""item_id":"rs_01","output_index":0,"summary_index":0,"delta":"**Checking the weather** I need the get_weather tool.""#),
            responsesEvent("response.reasoning_summary_text.done", 5, #""item_id":"rs_01","output_index":0,"summary_index":0,"text":"**Checking the weather** I need the get_weather tool.""#),
            responsesEvent("response.output_item.done", 6, #""output_index":0,"item":{"id":"rs_01","type":"reasoning","summary":[{"type":"summary_text","text":"**Checking the weather** I need the get_weather tool."}]}"#),
            responsesEvent("response.output_item.added", 7, #""output_index":1,"item":{"id":"msg_01","type":"message","status":"in_progress","role":"assistant","content":[]}"#),
            responsesEvent("response.content_part.added", 8, #""item_id":"msg_01","output_index":1,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}"#),
            responsesEvent("response.output_text.delta", 9, #""item_id":"msg_01","output_index":1,"content_index":0,"delta":"Checking the weather""#),
            responsesEvent("response.output_text.delta", 10, #""item_id":"msg_01","output_index":1,"content_index":0,"delta":" in Paris \u00e9 \ud83c\udf24\n""#),
            responsesEvent("response.output_text.done", 11, #""item_id":"msg_01","output_index":1,"content_index":0,"text":"Checking the weather in Paris \u00e9 \ud83c\udf24\n""#),
            responsesEvent("response.content_part.done", 12, #""item_id":"msg_01","output_index":1,"content_index":0,"part":{"type":"output_text","text":"Checking the weather in Paris \u00e9 \ud83c\udf24\n","annotations":[]}"#),
            responsesEvent("response.output_item.done", 13, #""output_index":1,"item":{"id":"msg_01","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Checking the weather in Paris \u00e9 \ud83c\udf24\n","annotations":[]}]}"#),
            responsesEvent("response.output_item.added", 14, #""output_index":2,"item":{"id":"fc_01","type":"function_call","status":"in_progress","arguments":"","call_id":"call_01","name":"get_weather"}"#),
            responsesEvent("response.function_call_arguments.delta", 15, #""item_id":"fc_01","output_index":2,"delta":"{\"location\":""#),
            responsesEvent("response.function_call_arguments.delta", 16, #""item_id":"fc_01","output_index":2,"delta":"\"Paris, France\"}""#),
            responsesEvent("response.function_call_arguments.done", 17, #""item_id":"fc_01","output_index":2,"arguments":"{\"location\":\"Paris, France\"}""#),
            responsesEvent("response.output_item.done", 18, #""output_index":2,"item":{"id":"fc_01","type":"function_call","status":"completed","arguments":"{\"location\":\"Paris, France\"}","call_id":"call_01","name":"get_weather"}"#),
            responsesEvent("response.completed", 19, #""response":{"id":"resp_67ccd3a9da748190baa7f1570fe91ac6","object":"response","created_at":1741476777,"status":"completed","model":"gpt-5-2025-08-07","output":[],"usage":{"input_tokens":90,"input_tokens_details":{"cached_tokens":0},"output_tokens":64,"output_tokens_details":{"reasoning_tokens":32},"total_tokens":154}}"#),
        ],
        finalUsageFrame: 19, usage: (90, 64, 0, 0), prices: (1.25, 10, 0.125, 0))
}
