import HTTPTypes
import SrooterWire

/// Which of the client's headers go upstream: the ones providers use to identify the client
/// program and to route its caching, for the wire the provider speaks; never a credential, never
/// srooter's own, never anything else.
///
/// - Any provider: `user-agent` and the SDKs' `x-stainless-*` (language, OS, package version, retry count).
/// - Anthropic: `anthropic-*` (`anthropic-version`, `anthropic-beta`, …) and Claude Code's `x-app`; a
///   request translated from an OpenAI client gets `anthropic-version: 2023-06-01`, which Anthropic requires.
/// - OpenAI wires: Codex's `originator`, `session-id` / `session_id`, `conversation_id`, and
///   `openai-beta` and `chatgpt-account-id` (what a ChatGPT subscription token is checked against).
///
/// A subscription token passed through (`credential: passthrough`) is accepted by its provider only
/// with the client's own identity headers, which is why these pass; credentials (`authorization`,
/// `x-api-key`, `x-srooter-key`) are set by the provider from its configuration, and cookies,
/// hop-by-hop and encoding headers never pass.
enum ForwardedHeaders {
    static let anthropicVersion = "2023-06-01"

    /// The headers of `headers` a provider on `upstream` gets, in order; `client` is the wire they came in on.
    static func select(_ headers: HTTPFields, client: Wire, upstream: Wire) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        var sawVersion = false
        for field in headers {
            let name = field.name.canonicalName
            guard passes(name, upstream: upstream) else { continue }
            if name == "anthropic-version" { sawVersion = true }
            out.append((name, field.value))
        }
        if upstream == .anthropic, client != .anthropic, !sawVersion { out.append(("anthropic-version", anthropicVersion)) }
        return out
    }

    /// Whether a header of this lower-case name goes to a provider on `upstream`.
    static func passes(_ name: String, upstream: Wire) -> Bool {
        if name == "user-agent" || name.hasPrefix("x-stainless-") { return true }
        switch upstream {
        case .anthropic:
            return name.hasPrefix("anthropic-") || name == "x-app"
        case .openAIChat, .openAIResponses:
            switch name {
            case "originator", "session-id", "session_id", "conversation_id", "openai-beta", "chatgpt-account-id": return true
            default: return false
            }
        }
    }
}
