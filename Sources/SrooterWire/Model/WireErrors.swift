/// Errors in each wire's shape, the one place they are written: the gateway's own refusals and
/// provider errors read from one wire and written in another. The status travels unchanged; the
/// type names follow each wire's documented list.
public enum WireErrors {
    /// The failure an upstream error body describes (message only; never content).
    public static func failure<Bytes: Collection<UInt8>>(status: Int, body: Bytes) -> WireFailure {
        let root = try? JSONText.parse(body)
        let message = root?["error"]?["message"]?.string ?? root?["message"]?.string ?? "upstream error (HTTP \(status))"
        return WireFailure(status: status, message: message)
    }

    /// An error body for a client of `wire`.
    public static func body(_ failure: WireFailure, wire: Wire) -> [UInt8] { JSONText.bytes(json(failure, wire: wire)) }

    /// An error as one stream event, for failures after the response has started.
    public static func event(_ failure: WireFailure, wire: Wire) -> [UInt8] {
        switch wire {
        case .anthropic: return frame("error", json(failure, wire: wire))
        case .openAIChat: return frame(nil, json(failure, wire: wire))
        case .openAIResponses:
            let code = openAICode(failure.status) ?? openAIType(failure.status)
            return frame("error", ["type": "error", "code": .string(code), "message": .string(failure.message), "param": nil])
        }
    }

    static func json(_ failure: WireFailure, wire: Wire) -> JSONValue {
        switch wire {
        case .anthropic:
            return ["type": "error", "error": ["type": .string(anthropicType(failure.status)), "message": .string(failure.message)]]
        case .openAIChat, .openAIResponses:
            return ["error": ["message": .string(failure.message), "type": .string(openAIType(failure.status)), "param": nil, "code": openAICode(failure.status).map { .string($0) } ?? nil]]
        }
    }

    /// One SSE frame: `event: NAME\ndata: JSON\n\n` (no `event:` line when `name` is nil).
    static func frame(_ name: String?, _ data: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        if let name {
            out += "event: ".utf8
            out += name.utf8
            out.append(0x0A)
        }
        out += "data: ".utf8
        JSONText.write(data, into: &out)
        out += [0x0A, 0x0A]
        return out
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

    /// The status an Anthropic error type stands for (for errors met mid-stream, which carry no status).
    static func status(anthropicType type: String?) -> Int {
        switch type {
        case "authentication_error": 401
        case "permission_error": 403
        case "not_found_error": 404
        case "request_too_large": 413
        case "rate_limit_error": 429
        case "timeout_error": 504
        case "overloaded_error": 529
        case "invalid_request_error": 400
        default: 500
        }
    }

    /// The status an OpenAI error code or type stands for.
    static func status(openAICode code: String?) -> Int {
        switch code {
        case "invalid_api_key", "authentication_error": 401
        case "rate_limit_exceeded", "rate_limit_error", "insufficient_quota": 429
        case "model_not_found": 404
        case "invalid_request_error", "invalid_prompt", "context_length_exceeded": 400
        case "timeout": 504
        default: 500
        }
    }

    /// A Responses `error.code` (the API's closed list: server_error, rate_limit_exceeded, invalid_prompt, …).
    static func responsesCode(_ status: Int) -> String {
        switch status {
        case 429: "rate_limit_exceeded"
        case 400..<500: "invalid_prompt"
        default: "server_error"
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
