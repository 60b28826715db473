/// What the mock answers to one request: a status, a content type, and chunks with the pause
/// before each. Scenarios are switched by a marker anywhere in the request body:
/// `mock:429`, `mock:400`, `mock:529`, `mock:500` (errors in the wire's own shape),
/// `mock:midstream-failure` (the stream breaks halfway), `mock:slow` (200 ms between events),
/// `mock:idle` (silence after the first events), `mock:hang` (no response head for a minute).
/// A request that offers tools gets a tool call only when its user asks for one (see `MockToolCall`).
/// A model name containing `mock-agent` selects the scripted agent instead (see `MockAgentTurn`).
/// A council's ranking prompt gets a parsable ranking (`MockBodies.ranking`).
public struct MockScript: Sendable {
    public var status: Int
    public var contentType: String
    /// Bytes to send, each after its pause in milliseconds.
    public var chunks: [(pauseMs: Int, bytes: [UInt8])]
    /// Break the connection after this many chunks.
    public var failAfter: Int?
    /// Wait this long before the response head.
    public var headDelayMs = 0
    /// For the scripted agent: one line saying what it answered and the usage it reported
    /// (`srooter mock-upstream` prints it, so tests can count requests and tokens independently).
    public var agentReport: String?
    /// Whether this answers a council's ranking prompt (counted in `GET /_mock/stats`).
    public var ranking = false

    /// The fixed usage the mock reports (tests compare the audit record with it).
    public static let usage = Usage(inputTokens: 25, outputTokens: 42, cacheReadTokens: 10, cacheWriteTokens: 5)

    /// The script for a request on `surface`.
    public static func make(surface: Surface, body: [UInt8]) -> MockScript {
        let text = String(decoding: body, as: UTF8.self)
        let marked = text.containsBytes("mock:")
        func has(_ marker: String) -> Bool { marked && text.containsBytes(marker) }
        let root = try? JSONParser.parse(body)
        let model = root?["model"]?.string ?? "mock-model"
        let stream = surface.canStream && root?["stream"]?.bool == true
        for (marker, status) in [("mock:429", 429), ("mock:400", 400), ("mock:529", 529), ("mock:500", 500)] where has(marker) {
            return MockScript(status: status, contentType: "application/json", chunks: [(0, MockBodies.error(surface.wire, status: status))])
        }
        if model.contains(MockAgentTurn.modelMarker) {
            return agent(surface: surface, root: root, bodyBytes: body.count, model: model, stream: stream)
        }
        if surface == .anthropicCountTokens {
            return MockScript(status: 200, contentType: "application/json", chunks: [(0, Array(#"{"input_tokens":40}"#.utf8))])
        }
        let call = MockToolCall.pick(for: root, wire: surface.wire)
        let ranking = MockBodies.ranking(to: root, surface: surface)
        let reply = ranking ?? MockBodies.reply(to: root, surface: surface)
        let content = MockContent(model: model, text: reply, call: call, includeUsage: root?["stream_options"]?["include_usage"]?.bool == true)
        guard stream else {
            var script = MockScript(status: 200, contentType: "application/json", chunks: [(0, content.body(surface.wire))])
            if has("mock:hang") { script.headDelayMs = 60_000 }
            script.ranking = ranking != nil
            return script
        }
        let pause = has("mock:slow") ? 200 : 0
        var chunks = content.frames(surface.wire).map { (pauseMs: pause, bytes: $0) }
        if has("mock:idle"), chunks.count > 3 { chunks[3].pauseMs = 60_000 }
        var script = MockScript(status: 200, contentType: "text/event-stream", chunks: chunks)
        if has("mock:midstream-failure") { script.failAfter = chunks.count / 2 }
        if has("mock:hang") { script.headDelayMs = 60_000 }
        return script
    }

    /// The scripted agent's answer. Usage is counted from the sizes: input a quarter of the
    /// request's bytes, output a quarter of the answer's, at least 1 each.
    static func agent(surface: Surface, root: JSONNode?, bodyBytes: Int, model: String, stream: Bool) -> MockScript {
        let inputTokens = max(1, bodyBytes / 4)
        if surface == .anthropicCountTokens {
            var script = MockScript(status: 200, contentType: "application/json", chunks: [(0, Array(#"{"input_tokens":\#(inputTokens)}"#.utf8))])
            script.agentReport = "mock-agent: surface=\(surface.rawValue) answer=count input_tokens=\(inputTokens) output_tokens=0"
            return script
        }
        let turn = MockAgentTurn.decide(root, wire: surface.wire)
        let (text, call, kind): (String, MockToolCall?, String) = switch turn {
        case .toolCall(let call): ("Running a command that writes \(MockAgentTurn.fileName). " + MockAgentTurn.reply(root, wire: surface.wire), call, "tool_call")
        case .text(let text): (text, nil, "text")
        case .edit(let text): (text, nil, "edit")
        }
        let usage = Usage(inputTokens: inputTokens, outputTokens: max(1, (text.utf8.count + (call?.arguments.utf8.count ?? 0)) / 4))
        let content = MockContent(
            model: model, text: text, call: call, includeUsage: root?["stream_options"]?["include_usage"]?.bool == true, usage: usage)
        var script = stream
            ? MockScript(status: 200, contentType: "text/event-stream", chunks: content.frames(surface.wire).map { (pauseMs: 0, bytes: $0) })
            : MockScript(status: 200, contentType: "application/json", chunks: [(0, content.body(surface.wire))])
        script.agentReport = "mock-agent: surface=\(surface.rawValue) answer=\(kind) stream=\(stream) input_tokens=\(usage.inputTokens) output_tokens=\(usage.outputTokens)"
        return script
    }
}
