import SrooterWire
import Testing

/// Stream shapes that are legal but unusual, and what each must give.
@Suite struct StreamEdgeTests {
    let options = StreamOptions(estimatedInputTokens: 10, createdAt: 1764720100)

    private func chat(_ delta: String, finish: String = "null") -> (String?, String) {
        (nil, #"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":\#(delta),"finish_reason":\#(finish)}]}"#)
    }

    /// Deltas of a tool call that was already closed cannot be placed in Anthropic's sequential
    /// blocks: the client gets an error event, not arguments glued to the wrong call.
    @Test func interleavedToolCallDeltasFailCleanly() {
        let stream = RecordedStreams.sse([
            chat(#"{"role":"assistant","tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"A","arguments":"{\"x\":"}}]}"#),
            chat(#"{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"B","arguments":"{}"}}]}"#),
            chat(#"{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]}"#),
            chat("{}", finish: #""tool_calls""#),
            (nil, "[DONE]"),
        ])
        let (bytes, translator) = translateWhole(stream, from: .openAIChat, to: .anthropic, options: options)
        let frames = Frame.split(bytes)
        #expect(frames.last == Frame("error", #"{"type":"error","error":{"type":"api_error","message":"the upstream interleaved the deltas of parallel tool calls"}}"#))
        #expect(!frames.contains { $0.data.contains(#""partial_json":"1}""#) })
        #expect(translator.failed)
    }

    /// A Responses server that sends a call's arguments only in `output_item.done` still gives the client the arguments.
    @Test func responsesArgumentsOnlyInItemDone() {
        let stream = RecordedStreams.sse([
            ("response.created", #"{"type":"response.created","sequence_number":0,"response":{"id":"resp_2","object":"response","created_at":1,"status":"in_progress","model":"m","output":[]}}"#),
            ("response.output_item.added", #"{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"fc_9","type":"function_call","status":"in_progress","arguments":"","call_id":"call_9","name":"exec_command"}}"#),
            ("response.output_item.done", #"{"type":"response.output_item.done","sequence_number":2,"output_index":0,"item":{"id":"fc_9","type":"function_call","status":"completed","arguments":"{\"cmd\":\"ls\"}","call_id":"call_9","name":"exec_command"}}"#),
            ("response.completed", #"{"type":"response.completed","sequence_number":3,"response":{"id":"resp_2","object":"response","created_at":1,"status":"completed","model":"m","output":[],"usage":{"input_tokens":7,"output_tokens":5,"total_tokens":12}}}"#),
        ])
        let (bytes, translator) = translateWhole(stream, from: .openAIResponses, to: .anthropic, options: options)
        expectFrames(Frame.split(bytes), [
            Frame("message_start", #"{"type":"message_start","message":{"id":"resp_2","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}"#),
            Frame("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"call_9","name":"exec_command","input":{}}}"#),
            Frame("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"cmd\":\"ls\"}"}}"#),
            Frame("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
            Frame("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":7,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":5}}"#),
            Frame("message_stop", #"{"type":"message_stop"}"#),
        ])
        #expect(translator.completed)
    }

    /// Nothing is emitted after the end: bytes after `message_stop` are ignored.
    @Test func nothingAfterTheEnd() {
        var translator = StreamTranslator(upstream: .anthropic, client: .openAIChat, options: options)
        _ = translator.feed(Array(RecordedStreams.anthropic.utf8))
        #expect(translator.completed)
        #expect(translator.feed(Array("event: ping\ndata: {\"type\":\"ping\"}\n\n".utf8)).isEmpty)
        #expect(translator.finish().isEmpty)
    }
}
