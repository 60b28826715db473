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
    /// How the model was chosen; `direct` in this version.
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

extension Store {
    private static let columns = """
        version, timestamp, request_id, user, key_id, surface, requested_model, served_model, provider, routing, \
        input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, latency_ms, first_byte_ms, \
        status, outcome, prompt_sha256, note
        """

    /// Appends records in one transaction.
    public func append(_ records: [AuditRecord]) async throws(StoreError) {
        guard !records.isEmpty else { return }
        try await perform { connection throws(StoreError) in try Self.insert(records, connection) }
    }

    /// Appends records in one transaction, blocking (the last flush at shutdown).
    public func appendBlocking(_ records: [AuditRecord]) throws(StoreError) {
        guard !records.isEmpty else { return }
        try performBlocking { connection throws(StoreError) in try Self.insert(records, connection) }
    }

    /// The newest `limit` records, newest last.
    public func auditRecords(limit: Int = 1000) throws(StoreError) -> [AuditRecord] {
        try performBlocking { connection throws(StoreError) in
            let statement = try connection.prepare(
                "SELECT \(Self.columns) FROM (SELECT * FROM audit_records ORDER BY seq DESC LIMIT ?) ORDER BY seq")
            statement.bind(1, limit)
            var records: [AuditRecord] = []
            while try statement.step() {
                var record = AuditRecord(
                    timestamp: statement.string(1) ?? "", requestID: statement.string(2) ?? "", user: statement.string(3),
                    keyID: statement.string(4), surface: statement.string(5) ?? "", requestedModel: statement.string(6),
                    servedModel: statement.string(7), provider: statement.string(8), routing: statement.string(9) ?? "",
                    inputTokens: statement.int(10) ?? 0, outputTokens: statement.int(11) ?? 0,
                    cacheReadTokens: statement.int(12) ?? 0, cacheWriteTokens: statement.int(13) ?? 0,
                    costUSD: statement.double(14) ?? 0, latencyMs: statement.double(15) ?? 0,
                    firstByteMs: statement.double(16), status: statement.int(17) ?? 0, outcome: statement.string(18) ?? "",
                    promptSHA256: statement.string(19))
                record.version = statement.int(0) ?? 1
                record.note = statement.string(20)
                records.append(record)
            }
            return records
        }
    }

    private static func insert(_ records: [AuditRecord], _ connection: SQLiteConnection) throws(StoreError) {
        try connection.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            let statement = try connection.prepare(
                "INSERT INTO audit_records (\(columns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
            for record in records {
                statement.bind(1, record.version)
                statement.bind(2, record.timestamp)
                statement.bind(3, record.requestID)
                statement.bind(4, record.user)
                statement.bind(5, record.keyID)
                statement.bind(6, record.surface)
                statement.bind(7, record.requestedModel)
                statement.bind(8, record.servedModel)
                statement.bind(9, record.provider)
                statement.bind(10, record.routing)
                statement.bind(11, record.inputTokens)
                statement.bind(12, record.outputTokens)
                statement.bind(13, record.cacheReadTokens)
                statement.bind(14, record.cacheWriteTokens)
                statement.bind(15, record.costUSD)
                statement.bind(16, record.latencyMs)
                statement.bind(17, record.firstByteMs)
                statement.bind(18, record.status)
                statement.bind(19, record.outcome)
                statement.bind(20, record.promptSHA256)
                statement.bind(21, record.note)
                _ = try statement.step()
                statement.reset()
            }
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
