import HTTPTypes

/// One request as the stages after decode see it, read once: the surface and caller, the body as
/// sent (forwarded, with in-place edits, when client and provider speak the same wire) and what
/// the gateway reads from it (``RequestSummary``: model, stream flag, prompt hash, parsed tree).
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
}
