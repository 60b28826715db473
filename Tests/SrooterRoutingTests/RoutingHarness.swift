import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SrooterPolicy
import SrooterRouting
import SrooterStore
import SrooterTestSupport
import SrooterVault
import Synchronization
@testable import SrooterGateway

/// The request path run in process (no sockets): `Pipeline.handle` with providers scripted per
/// test and the audit records captured at the finish stage.
final class CapturedRecords: AuditRecorder {
    let records = Mutex<[AuditRecord]>([])
    func write(_ record: AuditRecord, spend: [SpendEntry]) async { records.withLock { $0.append(record) } }
    var all: [AuditRecord] { records.withLock { $0 } }
}

/// A provider whose answer is scripted per upstream model: the mock's (default), a status with
/// headers, or an error thrown before the head. It counts what reached it.
final class ScriptedProvider: Provider {
    enum Answer: Sendable {
        case mock
        case status(Int, headers: [(name: String, value: String)])
        case fail(UpstreamError)
    }

    let config: ProviderConfig
    let answers: [String: Answer]
    let received = Mutex<[String]>([])
    private let mock: MockProvider

    init(name: String, answers: [String: Answer] = [:]) {
        config = ProviderConfig(name: name, kind: .mock, baseURL: nil, credential: .none)
        mock = MockProvider(config: config)
        self.answers = answers
    }

    var models: [String] { received.withLock { $0 } }

    func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        let model = (try? JSONParser.parse(request.body))?["model"]?.string ?? "?"
        received.withLock { $0.append(model) }
        switch answers[model] ?? .mock {
        case .mock:
            return try await mock.send(request)
        case .fail(let error):
            throw error
        case .status(let status, let headers):
            let source = UpstreamBodySource()
            _ = source.put(ByteBuffer(bytes: MockBodies.error(request.surface.wire, status: status)))
            source.finish(nil)
            return UpstreamResponse(status: status, contentType: "application/json", headers: headers, body: UpstreamBody(source))
        }
    }
}

struct RoutingHarness {
    let folder = TemporaryDirectory()
    let secret: String
    let keyID: String
    let store: Store
    let keys: KeyRing
    var config = GatewayConfig()
    let records = CapturedRecords()
    /// The database's metadata key (it seals the learned routes' weights).
    let metadata: MetadataKeys

    init() async throws {
        let store = try Store(path: folder.file("srooter.db"))
        metadata = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder.path)).metadata
        let created = try await store.createAccessKey(user: "ada", team: nil)
        (secret, keyID, self.store) = (created.secret, created.key.id, store)
        keys = KeyRing(store: store)
        try await keys.reload()
    }

    /// Adds a model, sent upstream as `upstream` (default: its name + `-up`).
    mutating func model(_ name: String, provider: String, input: Double, output: Double, upstream: String? = nil) {
        config.models[name] = ModelConfig(
            name: name, provider: provider, upstreamModel: upstream ?? name + "-up", prices: .init(input: input, output: output))
    }

    func pipeline(_ providers: [ScriptedProvider], policy: PolicyEngine? = nil, router: (any ModelRouter)? = nil) -> Pipeline {
        pipeline(providers: providers, policy: policy, router: router)
    }

    func pipeline(providers: [any Provider], policy: PolicyEngine? = nil, router: (any ModelRouter)? = nil) -> Pipeline {
        var config = config
        for provider in providers { config.providers[provider.config.name] = provider.config }
        return Pipeline(config: config, providers: Dictionary(uniqueKeysWithValues: providers.map { ($0.config.name, $0) }),
                        keys: keys, finish: Finish(audit: records), logger: Logger(label: "test"), policy: policy,
                        router: router ?? TableRouter(config: config))
    }

    /// A policy engine with `document` set on the harness's key.
    func policy(_ document: String) async throws -> PolicyEngine {
        try await store.setPolicy(scopeKind: "key", scopeID: keyID, document: document)
        let engine = PolicyEngine(store: store)
        try await engine.reload()
        return engine
    }

    func chat(_ body: String) -> Request {
        var head = HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: "/v1/chat/completions")
        head.headerFields[.authorization] = "Bearer " + secret
        return Request(head: head, body: RequestBody(buffer: ByteBuffer(string: body)))
    }

    static func collect(_ response: Response) async throws -> String {
        let writer = CollectingWriter()
        var body = response.body
        try await body.write(writer)
        return writer.text
    }
}

/// Collects a response body's bytes.
final class CollectingWriter: ResponseBodyWriter, @unchecked Sendable {
    var bytes = ByteBuffer()
    func write(_ buffer: ByteBuffer) async throws { bytes.writeImmutableBuffer(buffer) }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
    var text: String { String(buffer: bytes) }
}
