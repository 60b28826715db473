/// Token counts of one response as the provider reported them, in Anthropic's terms:
/// `inputTokens` excludes cached input (OpenAI's `cached_tokens` are moved to `cacheReadTokens`),
/// as the gateway's `Usage` counts them.
public struct TokenUsage: Sendable, Equatable {
    public var inputTokens = 0
    public var outputTokens = 0
    public var cacheReadTokens = 0
    public var cacheWriteTokens = 0
    /// Reasoning tokens, already included in `outputTokens` (OpenAI reports them; Anthropic does not).
    public var reasoningTokens = 0

    public init(inputTokens: Int = 0, outputTokens: Int = 0, cacheReadTokens: Int = 0, cacheWriteTokens: Int = 0, reasoningTokens: Int = 0) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadTokens = cacheReadTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.reasoningTokens = reasoningTokens
    }

    /// All input, cached or not: OpenAI's `prompt_tokens` / `input_tokens`.
    public var totalInputTokens: Int { inputTokens + cacheReadTokens + cacheWriteTokens }

    /// Reads Anthropic's `usage` object; members it lacks keep their current value (a
    /// `message_delta` may carry only `output_tokens`).
    mutating func readAnthropic(_ usage: JSONValue) {
        if let value = usage["input_tokens"]?.int { inputTokens = value }
        if let value = usage["output_tokens"]?.int { outputTokens = value }
        if let value = usage["cache_read_input_tokens"]?.int { cacheReadTokens = value }
        if let value = usage["cache_creation_input_tokens"]?.int { cacheWriteTokens = value }
    }

    /// Reads OpenAI's usage: Chat's (`prompt_tokens`, …) or Responses' (`input_tokens`, …); cached and
    /// cache-written tokens are part of OpenAI's input count and are moved out of `inputTokens`.
    static func openAI(_ usage: JSONValue) -> TokenUsage {
        let chat = usage["prompt_tokens"] != nil
        let input = usage[chat ? "prompt_tokens" : "input_tokens"]?.int ?? 0
        let details = usage[chat ? "prompt_tokens_details" : "input_tokens_details"]
        let cached = details?["cached_tokens"]?.int ?? 0
        let written = details?["cache_write_tokens"]?.int ?? 0
        let output = usage[chat ? "completion_tokens" : "output_tokens"]?.int ?? 0
        let reasoning = usage[chat ? "completion_tokens_details" : "output_tokens_details"]?["reasoning_tokens"]?.int ?? 0
        return TokenUsage(inputTokens: max(0, input - cached - written), outputTokens: output, cacheReadTokens: cached, cacheWriteTokens: written, reasoningTokens: reasoning)
    }

    /// Anthropic's `usage` object.
    var anthropicJSON: JSONValue {
        [
            "input_tokens": .int(inputTokens), "cache_creation_input_tokens": .int(cacheWriteTokens),
            "cache_read_input_tokens": .int(cacheReadTokens), "output_tokens": .int(outputTokens),
        ]
    }

    /// Chat Completions' `usage` object.
    var chatJSON: JSONValue {
        [
            "prompt_tokens": .int(totalInputTokens), "completion_tokens": .int(outputTokens),
            "total_tokens": .int(totalInputTokens + outputTokens),
            "prompt_tokens_details": ["cached_tokens": .int(cacheReadTokens)],
            "completion_tokens_details": ["reasoning_tokens": .int(reasoningTokens)],
        ]
    }

    /// Responses' `usage` object.
    var responsesJSON: JSONValue {
        [
            "input_tokens": .int(totalInputTokens),
            "input_tokens_details": ["cached_tokens": .int(cacheReadTokens), "cache_write_tokens": .int(cacheWriteTokens)],
            "output_tokens": .int(outputTokens), "output_tokens_details": ["reasoning_tokens": .int(reasoningTokens)],
            "total_tokens": .int(totalInputTokens + outputTokens),
        ]
    }
}
