/// Why the model stopped, in wire-neutral terms, with each wire's name for it.
///
/// | neutral | Anthropic `stop_reason` | Chat `finish_reason` | Responses |
/// |---|---|---|---|
/// | endTurn | end_turn | stop | status completed |
/// | stopSequence | stop_sequence | stop | status completed |
/// | maxTokens | max_tokens | length | status incomplete, reason max_output_tokens |
/// | toolUse | tool_use | tool_calls | status completed (with function_call items) |
/// | refusal | refusal | content_filter | status incomplete, reason content_filter |
/// | pauseTurn | pause_turn | stop | status completed |
public enum StopReason: String, Sendable, Equatable {
    case endTurn, stopSequence, maxTokens, toolUse, refusal, pauseTurn

    init(anthropic: String) {
        switch anthropic {
        case "max_tokens", "model_context_window_exceeded": self = .maxTokens
        case "stop_sequence": self = .stopSequence
        case "tool_use": self = .toolUse
        case "refusal": self = .refusal
        case "pause_turn": self = .pauseTurn
        default: self = .endTurn
        }
    }

    init(chat: String) {
        switch chat {
        case "length": self = .maxTokens
        case "tool_calls", "function_call": self = .toolUse
        case "content_filter": self = .refusal
        default: self = .endTurn
        }
    }

    var anthropic: String {
        switch self {
        case .endTurn: "end_turn"
        case .stopSequence: "stop_sequence"
        case .maxTokens: "max_tokens"
        case .toolUse: "tool_use"
        case .refusal: "refusal"
        case .pauseTurn: "pause_turn"
        }
    }

    var chat: String {
        switch self {
        case .endTurn, .stopSequence, .pauseTurn: "stop"
        case .maxTokens: "length"
        case .toolUse: "tool_calls"
        case .refusal: "content_filter"
        }
    }

    /// The Responses `incomplete_details.reason`, or nil when the response is `completed`.
    var responsesIncompleteReason: String? {
        switch self {
        case .maxTokens: "max_output_tokens"
        case .refusal: "content_filter"
        default: nil
        }
    }
}
