import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SrooterPolicy
import SrooterStore

/// The request path, written once:
///
/// decode → authenticate → route (`direct`) → provider → relay → settle → audit
///
/// (Authentication runs before the body is parsed, so an unauthenticated caller costs no JSON
/// work.) When client and provider speak the same wire the body goes upstream byte for byte
/// except `model` (and, for chat streams, `stream_options.include_usage`). Errors the gateway
/// makes are in the client's wire format; errors the provider makes pass through unchanged.
public struct Pipeline: Sendable {
    let config: GatewayConfig
    let providers: [String: any Provider]
    let keys: KeyRing
    let audit: AuditWriter
    let logger: Logger
    /// The policy stage (nil: no policy, as before issue 8).
    let policy: PolicyStage?
    /// Request body bytes held by all requests together (`limits.max_buffered_body_bytes`).
    let bodies: BodyMemory

    public init(
        config: GatewayConfig, providers: [String: any Provider], keys: KeyRing, audit: AuditWriter, logger: Logger,
        policy: PolicyEngine? = nil
    ) {
        self.config = config
        self.providers = providers
        self.keys = keys
        self.audit = audit
        self.logger = logger
        self.policy = policy.map { PolicyStage(engine: $0) }
        bodies = BodyMemory(limit: config.connections.maxBufferedBodyBytes)
    }

    /// Serves one request on `surface`.
    /// - Parameter connection: the client's connection; when given, a disconnect ends the
    ///   upstream request at once (until the response head, and for a whole body until its end).
    func handle(_ request: Request, surface: Surface, connection: ClientConnection? = nil) async -> Response {
        var trail = Trail(surface: surface)
        let log = RequestLog(logger: logger, requestID: trail.requestID, surface: surface)

        // authenticate
        let credentials = PresentedCredentials(headers: request.headers)
        guard let presented = credentials.srooterKey, let principal = keys.principal(for: presented) else {
            return await finish(&trail, status: 401, outcome: "unauthenticated", log: log,
                message: "srooter: missing or unknown access key (send it as Authorization: Bearer, x-api-key or x-srooter-key)")
        }
        trail.principal = principal
        // No key id or user in log metadata (they are sealed at rest): the request id ties a log
        // line to its audit record, which names both.

        // decode
        let body: [UInt8]
        var held = 0
        defer { bodies.give(held) }
        do {
            var buffer = try await bodies.collect(request.body, maxBytes: config.maxBodyBytes, held: &held)
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch BodyMemory.Refusal.full {
            return await finish(&trail, status: 503, outcome: "overloaded", log: log,
                message: "srooter: the gateway holds too many request bodies in memory (limits.max_buffered_body_bytes); retry shortly",
                headers: [HTTPField(name: .retryAfter, value: "1")])
        } catch {
            return await finish(&trail, status: 413, outcome: "client_error", log: log,
                message: "srooter: the request body is larger than the limit of \(config.maxBodyBytes) bytes")
        }
        let summary: RequestSummary
        do {
            summary = try RequestSummary(body: body, surface: surface)
        } catch .malformed(let reason) {
            return await finish(&trail, status: 400, outcome: "client_error", log: log, message: "srooter: the body is not valid JSON: \(reason)")
        } catch .duplicate(let member) {
            return await finish(&trail, status: 400, outcome: "client_error", log: log,
                message: "srooter: the body has more than one \"\(member)\" member; send each member once")
        } catch {
            return await finish(&trail, status: 400, outcome: "client_error", log: log, message: "srooter: the body has no \"model\" field")
        }
        trail.requestedModel = summary.model
        trail.requestBytes = body.count
        trail.promptSHA256 = summary.promptSHA256

        // policy: roles, allowlist, caps, rate limits, budget reservation (settled in Trail.commit)
        var capEdits: [BodyRewrite.Edit] = []
        if let policy {
            switch policy.admit(
                principal: principal, summary: summary, requestID: trail.requestID, bodyBytes: body.count, surface: surface,
                model: config.models[summary.model])
            {
            case .refuse(let refusal):
                return await finish(&trail, status: refusal.status, outcome: refusal.outcome, log: log, message: refusal.message, headers: refusal.headers)
            case .proceed(let pass):
                capEdits = pass.edits
                trail.policy = pass
            }
        }

        // route (direct: the configured model, nothing else yet)
        guard let model = config.models[summary.model], let provider = providers[model.provider] else {
            return await finish(&trail, status: 404, outcome: "client_error", log: log,
                message: "srooter: unknown model '\(summary.model)'; GET /v1/models lists the models you may use")
        }
        trail.model = model
        trail.provider = model.provider
        guard provider.config.kind.wires.contains(surface.wire) else {
            return await finish(&trail, status: 400, outcome: "client_error", log: log,
                message: "srooter: model '\(summary.model)' is served by provider '\(model.provider)' (\(provider.config.kind.rawValue)), which does not speak the \(surface.wire.rawValue) wire; use that provider's endpoint or another model")
        }

        // provider
        let ensureUsage = surface == .openAIChat && summary.stream
        let rewritten = BodyRewrite.apply(to: body, root: summary.root, model: model.upstreamModel, ensureIncludeUsage: ensureUsage, extra: capEdits)
        // A disconnect ends the upstream exchange at once (until the response head, and for a whole
        // body until its end; a stream's relay listens for it itself).
        let hangUp = connection.map { _ in HangUp() }
        let upstreamRequest = UpstreamRequest(
            surface: surface, pathAndQuery: surface.path + (surface.wire == .anthropic ? request.uri.query.map { "?" + $0 } ?? "" : ""),
            body: rewritten.bytes, forwardedHeaders: Self.forwarded(request.headers),
            clientCredential: credentials.clientCredential, stream: summary.stream, hangUp: hangUp)
        let token = hangUp.flatMap { hangUp in connection?.onClose { hangUp.fire() } }
        defer { if let token { connection?.forget(token) } }

        let upstream: UpstreamResponse
        do throws(UpstreamError) {
            upstream = try await provider.send(upstreamRequest)
        } catch {
            return await finish(&trail, status: error.status == 499 ? 504 : error.status, outcome: error.outcome, log: log, message: error.message)
        }
        // relay + settle + audit
        let relay = Relay(
            surface: surface, upstream: upstream, dropUsageChunk: rewritten.addedIncludeUsage, trail: trail, prices: model.prices,
            audit: audit, logger: log, memory: bodies)
        if upstream.status >= 300 || !summary.stream {
            return await relay.whole()
        }
        return relay.streaming(connection: connection)
    }

    /// Headers passed upstream as sent: the Anthropic version and beta flags, nothing else of the client's.
    static func forwarded(_ headers: HTTPFields) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        for field in headers {
            let name = field.name.canonicalName
            if name == "anthropic-version" || name == "anthropic-beta" { out.append((name, field.value)) }
        }
        return out
    }

    /// Ends a request the gateway itself answers (errors before any upstream response).
    private func finish(
        _ trail: inout Trail, status: Int, outcome: String, log: RequestLog, message: String, headers extra: [HTTPField] = []
    ) async -> Response {
        await trail.commit(to: audit, status: status, outcome: outcome, usage: Usage(), prices: nil, firstByte: nil)
        log.info("request refused", metadata: ["srooter.status": "\(status)", "srooter.outcome": "\(outcome)"])
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: trail.surface.errorBody(status: status, message: message))))
    }
}

/// What the audit record of one request accumulates as the request moves along.
struct Trail: Sendable {
    let surface: Surface
    let requestID = "req_" + AccessKeyFormat.hex(SecureRandom.unique(12))
    let timestamp = Timestamp.now()
    let start = ContinuousClock.now
    var principal: Principal?
    var requestedModel: String?
    var model: ModelConfig?
    var provider: String?
    var promptSHA256: String?
    /// What the policy stage admitted the request with (caps noted, reservation to settle).
    var policy: PolicyPass?
    /// The request body's size (a stream cut before its usage is charged from it; see `UsageCapture.charge`).
    var requestBytes = 0

    /// The record's note when a stream's usage is srooter's estimate, not the provider's.
    static let estimatedUsageNote = "usage estimated: the stream ended before the provider's usage"

    /// Settles the policy stage's reservation and charge, then writes the request's record with
    /// the settled spend and returns once both are committed (call before the last bytes go out).
    /// - Parameter usageEstimated: `usage` is srooter's estimate (noted in the record).
    func commit(
        to audit: AuditWriter, status: Int, outcome: String, usage: Usage, usageEstimated: Bool = false, prices: ModelConfig.Prices?,
        firstByte: ContinuousClock.Instant?
    ) async {
        let spend = settlePolicy(usage: usage, costUSD: prices?.cost(of: usage) ?? 0)
        var entry = record(status: status, outcome: outcome, usage: usage, prices: prices, firstByte: firstByte)
        if usageEstimated { entry.note = [entry.note, Self.estimatedUsageNote].compactMap { $0 }.joined(separator: "; ") }
        await audit.write(entry, spend: spend)
    }

    func record(status: Int, outcome: String, usage: Usage, prices: ModelConfig.Prices?, firstByte: ContinuousClock.Instant?) -> AuditRecord {
        func ms(_ duration: Duration) -> Double {
            Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        }
        var record = AuditRecord(
            timestamp: timestamp, requestID: requestID, user: principal?.user, keyID: principal?.keyID, surface: surface.rawValue,
            requestedModel: requestedModel, servedModel: model?.upstreamModel, provider: provider, routing: "direct",
            inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cacheReadTokens: usage.cacheReadTokens,
            cacheWriteTokens: usage.cacheWriteTokens, costUSD: prices?.cost(of: usage) ?? 0,
            latencyMs: ms(ContinuousClock.now - start), firstByteMs: firstByte.map { ms($0 - start) }, status: status,
            outcome: outcome, promptSHA256: promptSHA256)
        record.note = policy?.note
        return record
    }
}
