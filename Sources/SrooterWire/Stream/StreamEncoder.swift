/// Writes ``StreamEvent``s as one client wire's stream bytes.
protocol StreamEncoder: Sendable {
    mutating func encode(_ event: StreamEvent, into out: inout [UInt8])
}

/// What a stream translation needs that the upstream stream does not say.
public struct StreamOptions: Sendable, Equatable {
    /// Input tokens to announce in Anthropic's `message_start` when the upstream gives its count
    /// only at the end (Chat, Responses): the gateway's estimate of the request, never zero.
    /// The real count follows in `message_delta.usage`.
    public var estimatedInputTokens: Int
    /// Unix seconds for Chat's `created` and Responses' `created_at` (the machine reads no clock).
    public var createdAt: Int
    /// The model name to show the client (its own alias), or nil for the upstream's.
    public var model: String?
    /// Whether a Chat client gets the usage chunk (`stream_options.include_usage`).
    public var includeUsageChunk: Bool

    public init(estimatedInputTokens: Int = 1, createdAt: Int = 0, model: String? = nil, includeUsageChunk: Bool = true) {
        self.estimatedInputTokens = max(1, estimatedInputTokens)
        self.createdAt = createdAt
        self.model = model
        self.includeUsageChunk = includeUsageChunk
    }
}
