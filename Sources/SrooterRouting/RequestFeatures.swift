/// What the gateway measures of a request while it is in flight, for the routing decision. Only
/// counts, sizes and flags: no text of the prompt is kept (the fence language tags are short
/// identifiers, and the session key is a hash).
public struct RequestFeatures: Sendable, Equatable {
    /// Input tokens estimated as body bytes / 4 (as the budget estimate counts them).
    public var tokenEstimate = 0
    /// The client's output token limit (`max_tokens`, `max_completion_tokens`, `max_output_tokens`), if sent.
    public var maxOutputTokens: Int?
    /// Whether the request asks for reasoning (`thinking` enabled, an effort above `minimal`/`none`).
    public var reasoningAsked = false
    /// Tools the client declared.
    public var toolCount = 0
    /// Image (and document) parts in the conversation.
    public var imageCount = 0
    /// Conversation items (`messages`, or `input`); the system prompt is not counted.
    public var messageCount = 0
    /// Assistant turns so far (the conversation's depth).
    public var assistantTurns = 0
    /// Characters of text in the last user turn.
    public var lastTurnChars = 0
    /// Code fences (```), counted over all text.
    public var codeFenceCount = 0
    /// The language tags of opening fences (`swift`, `python`), lower-cased, each once.
    public var fenceLanguages: [String] = []
    /// The request is one of the small side calls coding agents make (Claude Code's title and
    /// topic calls, its quota probe), recognised by fixed phrases of their system prompt.
    public var sideCall = false
    /// A hash of the conversation's first messages (system prompt and first user message), the
    /// same on every turn of one conversation; nil when there is no first message.
    public var sessionKey: String?
    /// The conversation's earlier requests through this gateway, and how many of them failed
    /// (filled in by the router from ``SessionOutcomes``; 0 when unknown).
    public var sessionRequests = 0
    public var sessionFailures = 0

    public init() {}
}
