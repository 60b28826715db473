/// What the mock answers to one request: a status, a content type, and chunks with the pause
/// before each. Scenarios are switched by a marker anywhere in the request body:
/// `mock:429`, `mock:400`, `mock:529`, `mock:500` (errors in the wire's own shape),
/// `mock:midstream-failure` (the stream breaks halfway), `mock:slow` (200 ms between events),
/// `mock:idle` (silence after the first events), `mock:hang` (no response head for a minute).
/// A request that offers tools gets a tool call only when its user asks for one (see `MockToolCall`).
public struct MockScript: Sendable {
    public var status: Int
    public var contentType: String
    /// Bytes to send, each after its pause in milliseconds.
    public var chunks: [(pauseMs: Int, bytes: [UInt8])]
    /// Break the connection after this many chunks.
    public var failAfter: Int?
    /// Wait this long before the response head.
    public var headDelayMs = 0

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
        if surface == .anthropicCountTokens {
            return MockScript(status: 200, contentType: "application/json", chunks: [(0, Array(#"{"input_tokens":40}"#.utf8))])
        }
        let call = MockToolCall.pick(for: root, wire: surface.wire)
        let reply = MockBodies.reply(to: root, surface: surface)
        let content = MockContent(model: model, text: reply, call: call, includeUsage: root?["stream_options"]?["include_usage"]?.bool == true)
        guard stream else {
            var script = MockScript(status: 200, contentType: "application/json", chunks: [(0, content.body(surface.wire))])
            if has("mock:hang") { script.headDelayMs = 60_000 }
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
}
