import SrooterWire

/// An endpoint a client calls, with the wire it speaks and the error shapes that wire expects.
public enum Surface: String, Sendable, CaseIterable {
    case anthropicMessages = "anthropic-messages"
    case anthropicCountTokens = "anthropic-count-tokens"
    case openAIChat = "openai-chat"
    case openAIResponses = "openai-responses"

    /// The wire of requests and responses on this surface.
    public var wire: Wire {
        switch self {
        case .anthropicMessages, .anthropicCountTokens: .anthropic
        case .openAIChat: .openAIChat
        case .openAIResponses: .openAIResponses
        }
    }

    /// The path clients call (and srooter calls upstream).
    public var path: String {
        switch self {
        case .anthropicMessages: "/v1/messages"
        case .anthropicCountTokens: "/v1/messages/count_tokens"
        case .openAIChat: "/v1/chat/completions"
        case .openAIResponses: "/v1/responses"
        }
    }

    /// Whether responses can stream (count_tokens cannot).
    public var canStream: Bool { self != .anthropicCountTokens }

    /// An error body in this wire's shape (`WireErrors`, the one writer of error shapes). `message`
    /// must never contain a key or content.
    public func errorBody(status: Int, message: String) -> [UInt8] {
        WireErrors.body(WireFailure(status: status, message: message), wire: wire)
    }

    /// An error as one stream frame, for failures after the response has started.
    public func errorFrame(status: Int, message: String) -> [UInt8] {
        WireErrors.event(WireFailure(status: status, message: message), wire: wire)
    }
}
