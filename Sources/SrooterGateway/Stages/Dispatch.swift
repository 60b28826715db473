import HTTPTypes
import Hummingbird

extension Pipeline {
    /// What dispatch sent: the provider's answer, and whether srooter added the chat stream's
    /// usage request (its usage-only chunk is then dropped on the way back).
    struct Dispatched: Sendable {
        let upstream: UpstreamResponse
        let addedIncludeUsage: Bool
        /// How the answer is translated back, when the provider speaks another wire (nil: same wire).
        var translation: Translation? = nil
    }

    /// The dispatch stage: the body rewritten in place (the routed model, the caps' edits, and
    /// `stream_options.include_usage` for chat streams) and sent to the provider; returns once
    /// the response head has arrived.
    func dispatch(
        _ call: GatewayRequest, _ admitted: Admitted, request: Request, hangUp: HangUp?
    ) async throws(Refusal) -> Dispatched {
        let surface = call.surface
        if admitted.upstreamWire != surface.wire { return try await dispatchTranslated(call, admitted, request: request, hangUp: hangUp) }
        let ensureUsage = surface == .openAIChat && call.stream
        let rewritten = BodyRewrite.apply(
            to: call.bytes, root: call.summary.root, model: admitted.route.upstreamModel, ensureIncludeUsage: ensureUsage, extra: admitted.edits)
        let upstreamRequest = UpstreamRequest(
            surface: surface, pathAndQuery: surface.path + (surface.wire == .anthropic ? request.uri.query.map { "?" + $0 } ?? "" : ""),
            body: rewritten.bytes, forwardedHeaders: ForwardedHeaders.select(request.headers, client: surface.wire, upstream: surface.wire),
            clientCredential: call.clientCredential, stream: call.stream, hangUp: hangUp)
        do throws(UpstreamError) {
            return Dispatched(upstream: try await admitted.provider.send(upstreamRequest), addedIncludeUsage: rewritten.addedIncludeUsage)
        } catch {
            throw Refusal(error)
        }
    }
}

/// A client's hang-up, watched while the upstream exchange runs: it ends the exchange at once
/// (until the response head, and for a whole body until its end; a stream's relay listens for
/// the disconnect itself).
struct HangUpWatch {
    let hangUp: HangUp?
    private let connection: ClientConnection?
    private let token: Int?

    init(_ connection: ClientConnection?) {
        let hangUp = connection.map { _ in HangUp() }
        self.hangUp = hangUp
        self.connection = connection
        token = hangUp.flatMap { hangUp in connection?.onClose { hangUp.fire() } }
    }

    /// Stops watching.
    func stop() {
        if let token { connection?.forget(token) }
    }
}
