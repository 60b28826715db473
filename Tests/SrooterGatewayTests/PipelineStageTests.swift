import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SrooterPolicy
import SrooterStore
import SrooterTestSupport
import SrooterVault
import Synchronization
import Testing
@testable import SrooterGateway

/// The request path run in process, without sockets: a Hummingbird `Request` handed to
/// `Pipeline.handle`, the in-process mock provider, and the audit records captured at the
/// finish stage's audit sink.
@Suite struct PipelineStageTests {
    /// Captures the records the audit sink writes, in order.
    final class CapturedRecords: AuditRecorder {
        let records = Mutex<[AuditRecord]>([])
        func write(_ record: AuditRecord, spend: [SpendEntry]) async { records.withLock { $0.append(record) } }
        var all: [AuditRecord] { records.withLock { $0 } }
    }

    /// The mock provider, keeping the bodies it was sent.
    final class RecordingProvider: Provider {
        let mock: MockProvider
        let bodies = Mutex<[String]>([])
        init(name: String) { mock = MockProvider(config: ProviderConfig(name: name, kind: .mock, baseURL: nil, credential: .none)) }
        var config: ProviderConfig { mock.config }
        func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
            bodies.withLock { $0.append(String(decoding: request.body, as: UTF8.self)) }
            return try await mock.send(request)
        }
    }

    /// Routes every request to one model, as a fallback.
    struct FallbackRouter: ModelRouter {
        let target: ModelConfig
        func route(requested: String, surface: Surface) -> RouteDecision? {
            RouteDecision(model: target, kind: .fallback, reason: "test: everything falls back")
        }
    }

    struct Setup {
        let folder = TemporaryDirectory()
        let secret: String
        let keyID: String
        let store: Store
        let keys: KeyRing
        var config: GatewayConfig
        let provider = RecordingProvider(name: "local")
        let records = CapturedRecords()

        init() async throws {
            let store = try Store(path: folder.file("srooter.db"))
            _ = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder.path))
            let created = try await store.createAccessKey(user: "ada", team: nil)
            (secret, keyID, self.store) = (created.secret, created.key.id, store)
            keys = KeyRing(store: store)
            try await keys.reload()
            var config = GatewayConfig()
            config.providers["local"] = provider.config
            config.models["asked"] = ModelConfig(name: "asked", provider: "local", upstreamModel: "asked-upstream", prices: .init(input: 1, output: 2))
            config.models["other"] = ModelConfig(name: "other", provider: "local", upstreamModel: "other-upstream", prices: .init(input: 3, output: 4))
            self.config = config
        }

        func pipeline(router: (any ModelRouter)? = nil, policy: PolicyEngine? = nil) -> Pipeline {
            Pipeline(config: config, providers: ["local": provider], keys: keys, finish: Finish(audit: records),
                     logger: Logger(label: "test"), policy: policy, router: router)
        }

        func request(model: String, key: String? = nil) -> Request {
            var head = HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: "/v1/chat/completions")
            head.headerFields[.authorization] = "Bearer " + (key ?? secret)
            let body = #"{"model":"\#(model)","messages":[{"role":"user","content":"hello"}]}"#
            return Request(head: head, body: RequestBody(buffer: ByteBuffer(string: body)))
        }
    }

    @Test func auditRoutingComesFromTheRouteDecision() async throws {
        let setup = try await Setup()
        let response = await setup.pipeline(router: FallbackRouter(target: setup.config.models["other"]!))
            .handle(setup.request(model: "asked"), surface: .openAIChat)
        #expect(response.status == .ok)
        let record = try #require(setup.records.all.only)
        #expect(record.routing == "fallback")
        #expect(record.requestedModel == "asked" && record.servedModel == "other-upstream" && record.provider == "local")
        #expect(record.status == 200 && record.outcome == "ok")
        // Priced at the routed model's prices (3 and 4 USD per million tokens).
        #expect(record.outputTokens > 0 && record.costUSD == (Double(record.inputTokens) * 3 + Double(record.outputTokens) * 4) / 1_000_000)
        // Dispatch sent the routed model upstream, not the requested one.
        let sent = try #require(setup.provider.bodies.withLock { $0 }.only)
        #expect(sent.contains(#""model":"other-upstream""#) && !sent.contains("asked"))
    }

    @Test func directRouterRecordsDirect() async throws {
        let setup = try await Setup()
        let response = await setup.pipeline().handle(setup.request(model: "asked"), surface: .openAIChat)
        #expect(response.status == .ok)
        let record = try #require(setup.records.all.only)
        #expect(record.routing == "direct" && record.servedModel == "asked-upstream")
        // The mock's usage priced at the routed model's prices (1 and 2 USD per million tokens).
        #expect(record.inputTokens > 0 && record.costUSD == (Double(record.inputTokens) * 1 + Double(record.outputTokens) * 2) / 1_000_000)
    }

    /// Route before admit: the budget reservation is priced on the model the request is routed
    /// to. The caller's budget is 0.05 USD a day; the reservation counts the body at 4 bytes a
    /// token and 4096 output tokens. At the requested model's prices (1 and 2 USD per million
    /// tokens) that is under 0.01 USD; at the routed model's (1000 each) over 4 USD.
    @Test func admissionPricesTheRoutedModel() async throws {
        var setup = try await Setup()
        setup.config.models["dear"] = ModelConfig(name: "dear", provider: "local", upstreamModel: "dear-upstream", prices: .init(input: 1000, output: 1000))
        try await setup.store.setPolicy(scopeKind: "key", scopeID: setup.keyID, document: #"{"budget_usd":{"day":0.05}}"#)
        let engine = PolicyEngine(store: setup.store)
        try await engine.reload()

        let direct = await setup.pipeline(policy: engine).handle(setup.request(model: "asked"), surface: .openAIChat)
        #expect(direct.status == .ok)
        let routed = await setup.pipeline(router: FallbackRouter(target: setup.config.models["dear"]!), policy: engine)
            .handle(setup.request(model: "asked"), surface: .openAIChat)
        #expect(routed.status == .tooManyRequests)
        #expect(setup.records.all.map(\.outcome) == ["ok", "over_budget"])
        #expect(setup.provider.bodies.withLock { $0.count } == 1, "the refused request never reached the provider")
    }

    /// Requests refused before they are routed are finished once each, with no route in the record.
    @Test func refusalsAreFinishedOnceWithoutARoute() async throws {
        let setup = try await Setup()
        let pipeline = setup.pipeline()
        let unauthenticated = await pipeline.handle(setup.request(model: "asked", key: "sk-srt-nope_0000"), surface: .openAIChat)
        let unknown = await pipeline.handle(setup.request(model: "nonesuch"), surface: .openAIChat)
        #expect(unauthenticated.status == .unauthorized && unknown.status == .notFound)
        let records = setup.records.all
        #expect(records.map(\.status) == [401, 404])
        #expect(records.map(\.outcome) == ["unauthenticated", "client_error"])
        #expect(records.allSatisfy { $0.routing == "none" && $0.servedModel == nil && $0.provider == nil })
        #expect(setup.provider.bodies.withLock { $0.isEmpty })
    }

    /// `finish` is the only place a request's spend is settled or its audit record written:
    /// outside `Finish/`, no source of the gateway settles a budget or rate charge, writes to the
    /// audit writer, or builds an `AuditRecord` (the admin API's own records aside), nothing but
    /// the audit sink's writer appends audit rows or spend to the store, and only the pipeline's
    /// refusal path, the relay stage, the MCP route and the feedback endpoint (their
    /// ``EndpointCallOutcome``) deliver outcomes; routing features reach the store only
    /// through the feature sink.
    @Test func onlyTheFinishSinksSettleOrAudit() async throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/SrooterGateway").standardized
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL })
            .filter { $0.pathExtension == "swift" }
        #expect(files.count > 40)
        var offences: [String] = []
        var deliverers: Set<String> = []
        for file in files {
            let relative = String(file.standardized.path.dropFirst(sources.path.count + 1))
            guard !relative.hasPrefix("Finish/") else { continue }
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                let code = line.trimmingCharacters(in: .whitespaces)
                guard !code.hasPrefix("//") else { continue }
                if code.contains(".settle(") || code.contains("settleTokens(") && relative != "Policy/PolicyStage.swift" || code.contains("settlePolicy") {
                    offences.append("\(relative): \(code)")
                }
                if (code.contains("AuditRecord(") || code.contains("adminAction(") || code.contains("endpointCall(") || code.contains("audit.write(")) && !relative.hasPrefix("Admin/") {
                    offences.append("\(relative): \(code)")
                }
                // Spend and audit rows reach the store only through the audit sink's writer.
                let storeWrite = ["addSpend(", "appendChained", "log.append(", "appendBlocking("].contains { code.contains($0) }
                if storeWrite && relative != "Server/AuditWriter.swift" { offences.append("\(relative): \(code)") }
                // Routing features are stored only by the finish stage's feature sink (in `Finish/`), feedback only by its endpoint.
                if code.contains("saveRoutingFeatures(") || code.contains("setRoutingFeedback(") && relative != "Routing/FeedbackRoute.swift" {
                    offences.append("\(relative): \(code)")
                }
                if code.contains(".deliver(") { deliverers.insert(relative) }
            }
        }
        #expect(offences.isEmpty, "settlement or audit outside the finish sinks: \(offences)")
        #expect(deliverers == ["Pipeline.swift", "Stages/RelayStage.swift", "Server/CortexMCPRoute.swift", "Routing/FeedbackRoute.swift"])
    }
}

extension Array {
    /// The one element, or nil when there are none or several.
    fileprivate var only: Element? { count == 1 ? first : nil }
}
