/// One request's audit record, version 1: metadata only, never prompt or completion text.
public struct AuditRecord: Sendable, Equatable, Codable {
    public var version = 1
    public var timestamp: String
    public var requestID: String
    public var user: String?
    public var keyID: String?
    /// `anthropic-messages`, `anthropic-count-tokens`, `openai-chat`, `openai-responses`.
    public var surface: String
    public var requestedModel: String?
    public var servedModel: String?
    public var provider: String?
    /// How the model was chosen: `direct`, `trivial`, `learned`, `council` or `fallback` (a request
    /// refused before routing: `none`; the admin API, feedback and MCP records: `admin`, `feedback`, `cortex`).
    public var routing: String
    public var inputTokens: Int
    public var outputTokens: Int
    public var cacheReadTokens: Int
    public var cacheWriteTokens: Int
    /// US dollars from the configured price table.
    public var costUSD: Double
    public var latencyMs: Double
    public var firstByteMs: Double?
    /// The HTTP status the client received.
    public var status: Int
    /// `ok`, `upstream_error`, `client_error`, `timeout`, `client_disconnected`, `incomplete`.
    public var outcome: String
    /// SHA-256 of the canonical `{"system","messages"}` (see `PromptHash`), when the body had a prompt.
    public var promptSHA256: String?
    /// What policy did to the request or, for `surface == "admin"`, the admin action and its
    /// target (`cap thinking.budget_tokens=8000 (team:platform)`, `admin team.create team:platform`). Never a secret.
    public var note: String? = nil

    public init(
        timestamp: String, requestID: String, user: String?, keyID: String?, surface: String, requestedModel: String?,
        servedModel: String?, provider: String?, routing: String, inputTokens: Int, outputTokens: Int,
        cacheReadTokens: Int, cacheWriteTokens: Int, costUSD: Double, latencyMs: Double, firstByteMs: Double?,
        status: Int, outcome: String, promptSHA256: String?
    ) {
        self.timestamp = timestamp
        self.requestID = requestID
        self.user = user
        self.keyID = keyID
        self.surface = surface
        self.requestedModel = requestedModel
        self.servedModel = servedModel
        self.provider = provider
        self.routing = routing
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadTokens = cacheReadTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.costUSD = costUSD
        self.latencyMs = latencyMs
        self.firstByteMs = firstByteMs
        self.status = status
        self.outcome = outcome
        self.promptSHA256 = promptSHA256
    }
}

extension AuditRecord {
    /// The record of an admin action, whoever made it (`/admin/v1` or the CLI): `surface` and
    /// `routing` are `admin`; `note` is `admin <action> <target>` (see ``endpointCall``).
    /// Requests are recorded by the gateway's audit sink.
    public static func adminAction(
        actor: String, keyID: String?, requestID: String, action: String, target: String, status: Int, latencyMs: Double,
        timestamp: String = Timestamp.now()
    ) -> AuditRecord {
        endpointCall(
            surface: "admin", routing: "admin", user: actor, keyID: keyID, requestID: requestID, note: "admin \(action) \(target)",
            status: status, latencyMs: latencyMs, timestamp: timestamp)
    }

    /// The record of a call that is not a model call (an admin action, a feedback score, an MCP
    /// tool call): no model, provider, usage or cost; `outcome` follows `status` (`ok` below 300,
    /// `forbidden` for 403, otherwise `client_error`); `note` says what was called, never its content.
    public static func endpointCall(
        surface: String, routing: String, user: String?, keyID: String?, requestID: String, note: String, status: Int,
        latencyMs: Double, timestamp: String = Timestamp.now()
    ) -> AuditRecord {
        var record = AuditRecord(
            timestamp: timestamp, requestID: requestID, user: user, keyID: keyID, surface: surface, requestedModel: nil,
            servedModel: nil, provider: nil, routing: routing, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0,
            cacheWriteTokens: 0, costUSD: 0, latencyMs: latencyMs, firstByteMs: nil, status: status,
            outcome: status < 300 ? "ok" : status == 403 ? "forbidden" : "client_error", promptSHA256: nil)
        record.note = note
        return record
    }
}
