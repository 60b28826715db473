import Testing
@testable import SrooterGateway
import SrooterWire

@Suite struct UsageCaptureTests {
    private func frames(_ surface: Surface, tools: Bool = false, includeUsage: Bool = false) -> [SSEFrame] {
        let body = #"{"model":"m","stream":true\#(includeUsage ? #","stream_options":{"include_usage":true}"# : "")\#(tools ? #","tools":[{"name":"search"}]"# : ""),"messages":[{"role":"user","content":"hi"}],"input":"hi"}"#
        let script = MockScript.make(surface: surface, body: Array(body.utf8))
        var parser = SSEParser()
        return script.chunks.flatMap { parser.feed($0.bytes) }
    }

    @Test(arguments: [Surface.anthropicMessages, .openAIChat, .openAIResponses])
    func streamUsageMatchesTheMock(surface: Surface) {
        var capture = UsageCapture(wire: surface.wire)
        for frame in frames(surface, includeUsage: true) { capture.observe(frame) }
        var expected = MockScript.usage
        if surface != .anthropicMessages { expected.cacheWriteTokens = 0 }  // OpenAI reports no cache writes
        #expect(capture.usage == expected)
        #expect(capture.completed)
    }

    @Test(arguments: [Surface.anthropicMessages, .openAIChat, .openAIResponses])
    func wholeBodyUsageMatchesTheMock(surface: Surface) {
        let script = MockScript.make(surface: surface, body: Array(#"{"model":"m","messages":[],"input":"x"}"#.utf8))
        var capture = UsageCapture(wire: surface.wire)
        capture.observe(body: script.chunks[0].bytes)
        let expected = surface == .anthropicMessages ? MockScript.usage : Usage(inputTokens: 25, outputTokens: 42, cacheReadTokens: 10)
        #expect(capture.usage == expected)
    }

    @Test func anthropicTakesTheLastMessageDelta() {
        var capture = UsageCapture(wire: .anthropic)
        capture.observe(SSEFrame(event: "message_start", data: #"{"type":"message_start","message":{"usage":{"input_tokens":9,"output_tokens":1}}}"#, raw: []))
        capture.observe(SSEFrame(event: "message_delta", data: #"{"type":"message_delta","usage":{"output_tokens":5}}"#, raw: []))
        capture.observe(SSEFrame(event: "message_delta", data: #"{"type":"message_delta","usage":{"output_tokens":11}}"#, raw: []))
        #expect(capture.usage == Usage(inputTokens: 9, outputTokens: 11))
        #expect(!capture.completed)
    }

    @Test func chatWithoutUsageChunkReportsNone() {
        var capture = UsageCapture(wire: .openAIChat)
        for frame in frames(.openAIChat) { capture.observe(frame) }
        #expect(!capture.sawUsage)
        #expect(capture.completed)
    }

    @Test("only the usage chunk that include_usage adds is flagged, not a content chunk that mentions usage")
    func flagsTheUsageOnlyChunk() {
        var capture = UsageCapture(wire: .openAIChat)
        var flagged: [Bool] = []
        for frame in frames(.openAIChat, includeUsage: true) {
            capture.observe(frame)
            flagged.append(capture.lastWasUsageChunk)
        }
        #expect(flagged.filter { $0 }.count == 1)
        #expect(flagged.dropLast().last == true)  // the chunk before [DONE]
        capture.observe(SSEFrame(event: nil, data: #"{"choices":[{"delta":{"content":"\"usage\""}}],"usage":null}"#, raw: []))
        #expect(!capture.lastWasUsageChunk)
        capture.observe(SSEFrame(event: nil, data: #"{"choices":[{"delta":{}}],"usage":{"prompt_tokens":1,"completion_tokens":2}}"#, raw: []))
        #expect(!capture.lastWasUsageChunk)
    }

    @Test("content bytes are the string values of the content members, escapes as sent, nothing else")
    func contentTally() {
        func tally(_ wire: Wire, _ event: String?, _ data: String) -> Int {
            ContentTally.bytes(in: SSEFrame(event: event, data: data, raw: []), wire: wire)
        }
        #expect(tally(.anthropic, "content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi \"x\"\n"}}"#) == 10)
        #expect(tally(.anthropic, "content_block_delta", #"{"delta":{"type":"input_json_delta","partial_json":"{\"a\": 1}"}}"#) == 10)
        #expect(tally(.anthropic, "content_block_start", #"{"content_block":{"type":"text","text":"abc"}}"#) == 0)
        // A member name inside a string value is not a member.
        #expect(tally(.openAIChat, nil, #"{"choices":[{"delta":{"role":"assistant","content":"say \"content\":\"xx\""}}]}"#) == 22)
        #expect(tally(.openAIChat, nil, #"{"choices":[{"delta":{"content":null,"tool_calls":[{"function":{"name":"f","arguments":"{}"}}]}}]}"#) == 2)
        #expect(tally(.openAIResponses, "response.output_text.delta", #"{"type":"response.output_text.delta","delta":"abcd"}"#) == 4)
        // A value ending in an escaped backslash, and one with a backslash before an escaped quote.
        #expect(tally(.anthropic, nil, #"{"delta":{"text":"a\\"},"x":{"text":"zz"}}"#) == 5)
        #expect(tally(.anthropic, nil, #"{"delta":{"text":"a\\\"b"}}"#) == 6)
        #expect(tally(.openAIResponses, "response.output_text.done", #"{"type":"response.output_text.done","text":"abcd"}"#) == 0)
    }

    @Test(arguments: [Surface.anthropicMessages, .openAIChat, .openAIResponses])
    func cutStreamsAreChargedAnEstimateUntilTheFinalUsage(surface: Surface) {
        let all = frames(surface, includeUsage: true)
        var capture = UsageCapture(wire: surface.wire)
        var estimatedUntil = 0
        for (index, frame) in all.enumerated() {
            let charge = capture.charge(requestBytes: 400)
            if charge.estimated {
                estimatedUntil = index
                #expect(charge.usage.outputTokens >= (capture.contentBytes + 3) / 4)
                #expect(charge.usage.inputTokens == (capture.sawUsage ? capture.usage.inputTokens : 100))
            }
            capture.observe(frame)
        }
        // The mock's text, "Hello from the srooter mock. ...", was all counted before its usage.
        #expect(capture.contentBytes >= 90)
        #expect(estimatedUntil >= all.count - 3)
        #expect(capture.charge(requestBytes: 400).estimated == false)
    }

    @Test func pricesPerMillion() {
        let prices = ModelConfig.Prices(input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75)
        #expect(abs(prices.cost(of: Usage(inputTokens: 1_000_000, outputTokens: 1_000_000, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000)) - 22.05) < 1e-9)
    }
}
