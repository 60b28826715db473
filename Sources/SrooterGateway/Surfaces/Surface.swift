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

    /// An error body in this wire's shape. `message` must never contain a key or content.
    public func errorBody(status: Int, message: String) -> [UInt8] {
        var out: [UInt8] = []
        switch wire {
        case .anthropic:
            out += Array(#"{"type":"error","error":{"type":"#.utf8)
            CanonicalJSON.writeString(Self.anthropicType(status), into: &out)
            out += Array(#","message":"#.utf8)
            CanonicalJSON.writeString(message, into: &out)
            out += Array("}}".utf8)
        case .openAIChat, .openAIResponses:
            out += Array(#"{"error":{"message":"#.utf8)
            CanonicalJSON.writeString(message, into: &out)
            out += Array(#","type":"#.utf8)
            CanonicalJSON.writeString(Self.openAIType(status), into: &out)
            out += Array(#","param":null,"code":"#.utf8)
            if let code = Self.openAICode(status) { CanonicalJSON.writeString(code, into: &out) } else { out += Array("null".utf8) }
            out += Array("}}".utf8)
        }
        return out
    }

    /// An error as one stream frame, for failures after the response has started.
    public func errorFrame(status: Int, message: String) -> [UInt8] {
        switch wire {
        case .anthropic:
            return Array("event: error\ndata: ".utf8) + errorBody(status: status, message: message) + Array("\n\n".utf8)
        case .openAIChat:
            return Array("data: ".utf8) + errorBody(status: status, message: message) + Array("\n\n".utf8)
        case .openAIResponses:
            var out = Array("event: error\ndata: {\"type\":\"error\",\"code\":".utf8)
            CanonicalJSON.writeString(Self.openAICode(status) ?? Self.openAIType(status), into: &out)
            out += Array(",\"message\":".utf8)
            CanonicalJSON.writeString(message, into: &out)
            out += Array(",\"param\":null}\n\n".utf8)
            return out
        }
    }

    static func anthropicType(_ status: Int) -> String {
        switch status {
        case 401: "authentication_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 413: "request_too_large"
        case 429: "rate_limit_error"
        case 504: "timeout_error"
        case 529: "overloaded_error"
        case 400..<500: "invalid_request_error"
        default: "api_error"
        }
    }

    static func openAIType(_ status: Int) -> String {
        switch status {
        case 401: "authentication_error"
        case 429: "rate_limit_error"
        case 400..<500: "invalid_request_error"
        default: "server_error"
        }
    }

    static func openAICode(_ status: Int) -> String? {
        switch status {
        case 401: "invalid_api_key"
        case 404: "model_not_found"
        case 413: "request_too_large"
        case 504: "timeout"
        default: nil
        }
    }
}
