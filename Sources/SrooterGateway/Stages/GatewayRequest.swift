import SrooterPolicy

/// One request as the stages after decode see it, read once: the surface and caller, the body as
/// sent (forwarded, with in-place edits, when client and provider speak the same wire) and what
/// the gateway reads from it. The model, stream flag and prompt hash are read at decode
/// (``RequestSummary``); the rest is read from the same parsed tree when a stage asks, so a
/// request whose stages do not ask pays nothing for it.
struct GatewayRequest: Sendable {
    let surface: Surface
    let principal: Principal
    /// The body's bytes as the client sent them.
    let bytes: [UInt8]
    let summary: RequestSummary
    /// The provider credential the client brought (passthrough providers).
    let clientCredential: ClientCredential?

    /// The model the client asked for.
    var requestedModel: String { summary.model }
    var stream: Bool { summary.stream }
    var bodySize: Int { bytes.count }
    var promptSHA256: String? { summary.promptSHA256 }

    /// The token limits and reasoning settings, in the wire's own fields (`max_tokens`,
    /// `thinking.budget_tokens`, `reasoning_effort`, `max_output_tokens`, `reasoning.effort`, ...).
    var limits: CapFields { CapRewrite.fields(of: summary.root, surface: surface) }

    /// The number of tools the client declared (`tools`).
    var toolCount: Int { summary.root["tools"]?.array?.count ?? 0 }

    /// The number of conversation items: `messages` (Anthropic, Chat Completions) or `input`
    /// (Responses: an array's items, or 1 for a plain string). The system prompt is not counted.
    var messageCount: Int {
        let items = surface.wire == .openAIResponses ? summary.root["input"] : summary.root["messages"]
        guard let items else { return 0 }
        if let array = items.array { return array.count }
        return items.string == nil ? 0 : 1
    }
}
