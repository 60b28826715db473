/// Choices a translation cannot take from the request itself.
public struct RequestOptions: Sendable, Equatable {
    /// `max_tokens` for Anthropic when the client gave no limit (Anthropic requires one).
    public var defaultAnthropicMaxTokens = 8192
    /// The Chat member that carries the output limit: `max_completion_tokens` (OpenAI) or
    /// `max_tokens` (older local servers).
    public var chatMaxTokensMember = "max_completion_tokens"

    public init() {}
}
