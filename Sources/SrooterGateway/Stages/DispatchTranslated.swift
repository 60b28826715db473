import HTTPTypes
import Hummingbird
import NIOCore
import SrooterStore
import SrooterWire

extension Pipeline {
    /// The dispatch stage for a provider of another wire: the caps' edits and the routed model are
    /// applied to the client's body in place, the result is translated (``RequestTranslator``) and
    /// sent to the provider's own endpoint. What the translation could not carry is named in the
    /// `srooter-dropped` response header and the audit note.
    ///
    /// `count_tokens` on a model whose provider has no such endpoint (every OpenAI wire) is answered
    /// here with an estimate, marked `srooter-estimate: true`, without calling the provider.
    func dispatchTranslated(
        _ call: GatewayRequest, _ admitted: Admitted, request: Request, hangUp: HangUp?
    ) async throws(Refusal) -> Dispatched {
        let client = call.surface.wire
        let upstreamWire = admitted.upstreamWire
        if call.surface == .anthropicCountTokens {
            return Dispatched(upstream: Self.estimatedCount(call), addedIncludeUsage: false)
        }
        let edited = BodyRewrite.apply(
            to: call.bytes, root: call.summary.root, model: admitted.route.upstreamModel, ensureIncludeUsage: false, extra: admitted.edits)
        var options = RequestOptions()
        if admitted.provider.config.kind == .openAICompatible { options.chatMaxTokensMember = "max_tokens" }
        let translated: TranslatedRequest
        do {
            translated = try RequestTranslator.translate(edited.bytes, from: client, to: upstreamWire, options: options)
        } catch {
            throw Refusal(status: 400, outcome: .clientError,
                message: "srooter: model '\(call.requestedModel)' is served on the \(upstreamWire.rawValue) wire and this request cannot be translated to it: \(error)")
        }
        let upstreamSurface = Surface.generating(upstreamWire)
        let upstreamRequest = UpstreamRequest(
            surface: upstreamSurface, pathAndQuery: upstreamSurface.path, body: translated.body,
            forwardedHeaders: ForwardedHeaders.select(request.headers, client: client, upstream: upstreamWire),
            clientCredential: call.clientCredential, stream: call.stream, hangUp: hangUp)
        let translation = Translation(
            client: client, upstream: upstreamWire, dropped: translated.dropped,
            options: StreamOptions(
                estimatedInputTokens: (call.bodySize + 3) / 4, createdAt: Timestamp.unixSeconds(),
                includeUsageChunk: translated.request.streamIncludeUsage == true))
        do throws(UpstreamError) {
            return Dispatched(upstream: try await admitted.provider.send(upstreamRequest), addedIncludeUsage: false, translation: translation)
        } catch {
            throw Refusal(error)
        }
    }

    /// The header that marks an answer srooter estimated rather than the provider counted.
    static let estimateHeader = "srooter-estimate"

    /// `count_tokens` answered without the provider: the bytes of `system`, `messages` and `tools`
    /// as sent, at 4 bytes a token (the estimate the budget reservation uses), rounded up.
    static func estimatedCount(_ call: GatewayRequest) -> UpstreamResponse {
        let root = call.summary.root
        let bytes = ["system", "messages", "tools"].reduce(0) { $0 + (root[$1]?.range.count ?? 0) }
        let source = UpstreamBodySource()
        _ = source.put(ByteBuffer(string: #"{"input_tokens":\#((bytes + 3) / 4)}"#))
        source.finish(nil)
        return UpstreamResponse(status: 200, contentType: "application/json", headers: [(estimateHeader, "true")], body: UpstreamBody(source))
    }
}
