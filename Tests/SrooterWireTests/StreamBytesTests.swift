import SrooterWire
import Testing

/// The exact bytes a translated stream puts on the wire where the writer takes a shortcut (the
/// Anthropic deltas are written straight to bytes, the SSE reader copies whole line runs), and
/// the reader's limit and line ends at their edges. Expected bytes are written out by hand from
/// Anthropic's "Streaming Messages" event format.
@Suite struct StreamBytesTests {
    let options = StreamOptions(estimatedInputTokens: 10, createdAt: 1764720100)

    private func chunk(_ delta: String) -> (String?, String) {
        (nil, #"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":\#(delta),"finish_reason":null}]}"#)
    }

    private func deltaFrames(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n\n")
            .filter { $0.hasPrefix("event: content_block_delta\n") }.map { $0 + "\n\n" }
    }

    /// Text, reasoning and tool-argument deltas, with every escape JSON needs, byte for byte.
    @Test func anthropicDeltaFramesAreExactBytes() {
        let stream = RecordedStreams.sse([
            chunk(#"{"role":"assistant","reasoning_content":"think \"hard\""}"#),
            chunk(#"{"content":"Hi \"q\" \\ é\n\t\u0001 🦊"}"#),
            chunk(#"{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"Bash","arguments":"{\"command\":"}}]}"#),
            chunk(#"{"tool_calls":[{"index":0,"function":{"arguments":"\"ls\"}"}}]}"#),
            (nil, "[DONE]"),
        ])
        var translator = StreamTranslator(upstream: .openAIChat, client: .anthropic, options: options)
        var out = translator.feed(Array(stream.utf8))
        out += translator.finish()
        #expect(deltaFrames(out) == [
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"think \\\"hard\\\"\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi \\\"q\\\" \\\\ é\\n\\t\\u0001 🦊\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"command\\\":\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"ls\\\"}\"}}\n\n",
        ])
        #expect(translator.completed)
    }

    /// `\r`, `\r\n` and `\n` line ends read alike, a `\r` at the end of one read and its `\n` at
    /// the start of the next included.
    @Test(arguments: [Wire.openAIChat, .anthropic])
    func lineEndsReadAlikeAtEverySplit(upstream: Wire) {
        let frames: [(String?, String)] = upstream == .openAIChat
            ? [chunk(#"{"role":"assistant","content":"one"}"#), chunk(#"{"content":" two"}"#), (nil, "[DONE]")]
            : [
                ("message_start", #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":1}}}"#),
                ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
                ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"one two"}}"#),
                ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
                ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}}"#),
                ("message_stop", #"{"type":"message_stop"}"#),
            ]
        let client: Wire = upstream == .anthropic ? .openAIChat : .anthropic
        let plain = translateWhole(RecordedStreams.sse(frames), from: upstream, to: client, options: options)
        #expect(plain.translator.completed && !plain.translator.failed)
        for lineEnd in ["\r", "\r\n"] {
            let bytes = Array(RecordedStreams.sse(frames, lineEnd: lineEnd).utf8)
            for split in 0...bytes.count {
                var translator = StreamTranslator(upstream: upstream, client: client, options: options)
                var out = translator.feed(bytes[..<split])
                out += translator.feed(bytes[split...])
                out += translator.finish()
                #expect(out == plain.bytes, "line end \(lineEnd.debugDescription), split at \(split)")
            }
        }
    }

    /// An event of exactly 16 MiB (the reader's limit) is read; one byte more fails the stream
    /// with a 502 in the client's wire, whether it arrives in one read or two.
    @Test func theEventLimitIsExact() {
        let limit = 16 << 20
        let prefix = Array("data: ".utf8)
        for size in [limit, limit + 1] {
            let line = prefix + [UInt8](repeating: UInt8(ascii: "x"), count: size - prefix.count)
            for cut in [line.count, line.count / 2] {
                var translator = StreamTranslator(upstream: .openAIChat, client: .anthropic, options: options)
                _ = translator.feed(line[..<cut])
                _ = translator.feed(line[cut...])
                #expect(translator.failed == (size > limit), "size \(size), cut at \(cut)")
                if size > limit {
                    #expect(translator.failure?.status == 502)
                } else {
                    #expect(translator.pendingByteCount == size)
                }
            }
        }
    }
}
