import SrooterWire

/// Token counts of one response, in Anthropic's terms: `inputTokens` excludes cached input,
/// which is counted in `cacheReadTokens` (OpenAI's `cached_tokens` are moved there).
public struct Usage: Sendable, Equatable, Codable {
    public var inputTokens = 0
    public var outputTokens = 0
    public var cacheReadTokens = 0
    public var cacheWriteTokens = 0

    public init(inputTokens: Int = 0, outputTokens: Int = 0, cacheReadTokens: Int = 0, cacheWriteTokens: Int = 0) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadTokens = cacheReadTokens
        self.cacheWriteTokens = cacheWriteTokens
    }
}

/// Reads usage from a response as it passes, without keeping any content: a pure value fed
/// stream frames (or one whole non-streaming body).
///
/// - Anthropic: `message_start.message.usage`, then every `message_delta.usage` (cumulative: the last wins).
/// - Chat Completions: the chunk carrying `usage` (requested with `stream_options.include_usage`).
/// - Responses: `response.completed` (or `.incomplete` / `.failed`) `response.usage`.
public struct UsageCapture: Sendable {
    /// The wire being read.
    public let wire: Wire
    /// The usage seen so far.
    public private(set) var usage = Usage()
    /// Whether any usage was seen.
    public private(set) var sawUsage = false
    /// Whether the provider's final usage was read (Anthropic `message_delta`, the Chat usage
    /// chunk, Responses' terminal event), not only Anthropic's opening count.
    public private(set) var sawFinalUsage = false
    /// Bytes of generated content in the frames observed (see ``ContentTally``).
    public private(set) var contentBytes = 0
    /// Whether the stream reached its proper end (`message_stop`, `[DONE]`, `response.completed`).
    public private(set) var completed = false
    /// Whether the provider sent an error event in the stream.
    public private(set) var sawError = false
    /// Whether the last frame observed was a Chat Completions chunk with usage and no choices:
    /// the one `stream_options.include_usage` adds.
    public private(set) var lastWasUsageChunk = false

    public init(wire: Wire) { self.wire = wire }

    /// Reads one stream frame.
    public mutating func observe(_ frame: SSEFrame) {
        lastWasUsageChunk = false
        if wire == .openAIChat, frame.data == "[DONE]" {
            completed = true
            if sawUsage { sawFinalUsage = true }  // usage in content chunks: the last one stands
            return
        }
        contentBytes += ContentTally.bytes(in: frame, wire: wire)
        guard mayCarryUsage(frame), let root = try? JSONParser.parse(Array(frame.data.utf8)) else { return }
        let type = frame.event ?? root["type"]?.string
        switch wire {
        case .anthropic:
            switch type {
            case "message_start": if let usage = root["message"]?["usage"] { readAnthropic(usage) }
            case "message_delta":
                if let usage = root["usage"] {
                    readAnthropic(usage)
                    sawFinalUsage = true
                }
            case "message_stop": completed = true
            case "error": sawError = true
            default: break
            }
        case .openAIChat:
            if let usage = root["usage"], case .object = usage.value {
                readOpenAI(usage, input: "prompt_tokens", output: "completion_tokens", details: "prompt_tokens_details")
                lastWasUsageChunk = root["choices"]?.array?.isEmpty == true
                if lastWasUsageChunk { sawFinalUsage = true }
            }
            if root["error"] != nil { sawError = true }
        case .openAIResponses:
            switch type {
            case "response.completed", "response.incomplete", "response.failed":
                if let usage = root["response"]?["usage"], case .object = usage.value {
                    readOpenAI(usage, input: "input_tokens", output: "output_tokens", details: "input_tokens_details")
                    sawFinalUsage = true
                }
                completed = type == "response.completed"
                if type == "response.failed" { sawError = true }
            case "error": sawError = true
            default: break
            }
        }
    }

    /// A cheap test that skips the many content deltas without parsing them.
    private func mayCarryUsage(_ frame: SSEFrame) -> Bool {
        switch wire {
        case .anthropic:
            if let event = frame.event { return event == "message_start" || event == "message_delta" || event == "message_stop" || event == "error" }
        case .openAIResponses:
            if let event = frame.event { return event.hasPrefix("response.completed") || event == "response.incomplete" || event == "response.failed" || event == "error" }
        case .openAIChat:
            return frame.data.containsBytes("\"usage\"") || frame.data.containsBytes("\"error\"")
        }
        return frame.data.utf8.contains(UInt8(ascii: "{"))
    }

    /// Reads a whole non-streaming response body.
    public mutating func observe(body: [UInt8]) {
        guard let root = try? JSONParser.parse(body), let usage = root["usage"], case .object = usage.value else { return }
        switch wire {
        case .anthropic: readAnthropic(usage)
        case .openAIChat: readOpenAI(usage, input: "prompt_tokens", output: "completion_tokens", details: "prompt_tokens_details")
        case .openAIResponses: readOpenAI(usage, input: "input_tokens", output: "output_tokens", details: "input_tokens_details")
        }
        completed = true
        sawFinalUsage = true
    }

    /// What to charge for a stream: the provider's usage when its final usage was read;
    /// otherwise (the client hung up or the upstream broke before it) an estimate that is never
    /// below what was seen: input from Anthropic's `message_start` or, without it, the request
    /// body at 4 bytes a token (as the budget reservation counts it); output the larger of any
    /// output count seen and the content delivered at 4 bytes a token (``ContentTally``).
    /// - Returns: the usage, and whether it is an estimate.
    public func charge(requestBytes: Int) -> (usage: Usage, estimated: Bool) {
        StreamCharge(self).charge(requestBytes: requestBytes)
    }

    private mutating func readAnthropic(_ node: JSONNode) {
        if let value = node["input_tokens"]?.int { usage.inputTokens = value }
        if let value = node["output_tokens"]?.int { usage.outputTokens = value }
        if let value = node["cache_read_input_tokens"]?.int { usage.cacheReadTokens = value }
        if let value = node["cache_creation_input_tokens"]?.int { usage.cacheWriteTokens = value }
        sawUsage = true
    }

    private mutating func readOpenAI(_ node: JSONNode, input: String, output: String, details: String) {
        let cached = node[details]?["cached_tokens"]?.int ?? 0
        usage.inputTokens = max(0, (node[input]?.int ?? 0) - cached)
        usage.outputTokens = node[output]?.int ?? 0
        usage.cacheReadTokens = cached
        usage.cacheWriteTokens = 0
        sawUsage = true
    }
}

/// What a stream's charge is worked out from, whoever read it: the relay's ``UsageCapture`` on
/// the same wire, or the stream translator across wires (which keeps the provider's own counts).
struct StreamCharge: Sendable {
    /// The provider's usage seen so far.
    var usage: Usage
    var sawUsage: Bool
    /// Whether the provider's final usage was read.
    var sawFinalUsage: Bool
    /// Bytes of generated content relayed or translated (text, reasoning, tool arguments).
    var contentBytes: Int

    init(usage: Usage, sawUsage: Bool, sawFinalUsage: Bool, contentBytes: Int) {
        self.usage = usage
        self.sawUsage = sawUsage
        self.sawFinalUsage = sawFinalUsage
        self.contentBytes = contentBytes
    }

    init(_ capture: UsageCapture) {
        self.init(usage: capture.usage, sawUsage: capture.sawUsage, sawFinalUsage: capture.sawFinalUsage, contentBytes: capture.contentBytes)
    }

    /// The provider's usage when its final usage was read; otherwise (the client hung up or the
    /// upstream broke before it) an estimate never below what was seen: input from the counts seen
    /// or, without any, the request body at 4 bytes a token (as the budget reservation counts it);
    /// output the larger of any output count seen and the content at 4 bytes a token.
    func charge(requestBytes: Int) -> (usage: Usage, estimated: Bool) {
        guard !sawFinalUsage else { return (usage, false) }
        var estimate = usage
        if !sawUsage { estimate.inputTokens = (requestBytes + 3) / 4 }
        estimate.outputTokens = max(usage.outputTokens, (contentBytes + 3) / 4)
        return (estimate, true)
    }
}
