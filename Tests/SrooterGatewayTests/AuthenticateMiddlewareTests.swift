import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SrooterPolicy
import SrooterStore
import SrooterTestSupport
import SrooterVault
import Synchronization
import Testing
@testable import SrooterGateway

/// The ``Authenticate`` middleware in front of `/v1/*`, `/admin/v1/*` and `/admin/audit`, through
/// the gateway's own route registration and Hummingbird's in-process test client (no sockets):
/// a missing, wrong, or revoked key gets each surface's own 401, byte for byte; a good key in
/// each header style reaches the handler with its principal.
@Suite(.timeLimit(.minutes(1))) struct AuthenticateMiddlewareTests {
    /// Captures what the finish stage's audit sink is given.
    final class CapturedRecords: AuditRecorder {
        let records = Mutex<[AuditRecord]>([])
        func write(_ record: AuditRecord, spend: [SpendEntry]) async { records.withLock { $0.append(record) } }
        var all: [AuditRecord] { records.withLock { $0 } }
    }

    static let adminKey = "test-admin-key-0123456789"
    static let wireMessage = "srooter: missing or unknown access key (send it as Authorization: Bearer, x-api-key or x-srooter-key)"

    /// The 401 bodies as each wire documents its errors (Anthropic `authentication_error`;
    /// OpenAI `authentication_error` with code `invalid_api_key`) and as the admin routes answer.
    static let anthropic401 = #"{"type":"error","error":{"type":"authentication_error","message":"\#(wireMessage)"}}"#
    static let openAI401 = #"{"error":{"message":"\#(wireMessage)","type":"authentication_error","param":null,"code":"invalid_api_key"}}"#
    static let anthropicModels401 = #"{"type":"error","error":{"type":"authentication_error","message":"srooter: missing or unknown access key"}}"#
    static let openAIModels401 = #"{"error":{"message":"srooter: missing or unknown access key","type":"authentication_error","param":null,"code":"invalid_api_key"}}"#
    static let admin401 = #"{"error":"srooter: missing or unknown access key (send it as Authorization: Bearer or x-api-key)"}"#
    static let audit401 = #"{"error":{"type":"srooter_error","message":"srooter: /admin needs the admin key (admin.key in the config) as Authorization: Bearer"}}"#

    struct Gateway {
        let folder = TemporaryDirectory()
        let live: String
        let revoked: String
        let records = CapturedRecords()
        let app: Application<RouterResponder<GatewayRequestContext>>

        init() async throws {
            var config = GatewayConfig()
            config.databasePath = folder.file("srooter.db")
            config.security.adminKey = .environment(name: "TEST_ADMIN_KEY")
            let mock = ProviderConfig(name: "local", kind: .mock, baseURL: nil, credential: .none)
            config.providers["local"] = mock
            config.models["asked"] = ModelConfig(name: "asked", provider: "local", upstreamModel: "asked-upstream", prices: .init(input: 1, output: 2))
            let store = try Store(path: config.databasePath)
            let security = try await GatewaySecurity.open(config: config, store: store, environment: ["TEST_ADMIN_KEY": Self.adminKeyValue])
            live = try await store.createAccessKey(user: "ada", team: nil).secret
            let gone = try await store.createAccessKey(user: "bob", team: nil)
            try await store.revokeAccessKey(id: gone.key.id)
            revoked = gone.secret
            let keys = KeyRing(store: store)
            try await keys.reload()
            let engine = PolicyEngine(store: store)
            try await engine.reload()
            let logger = Logger(label: "test")
            let pipeline = Pipeline(
                config: config, providers: ["local": MockProvider(config: mock)], keys: keys, finish: Finish(audit: records), logger: logger)
            let router = Router(context: GatewayRequestContext.self)
            pipeline.addRoutes(to: router, ready: { true })
            AdminAPI(store: store, keys: keys, engine: engine, audit: AuditWriter(log: security.log, logger: logger)).addRoutes(to: router)
            security.addAdminRoutes(to: router)
            app = Application(router: router)
        }

        static var adminKeyValue: String { AuthenticateMiddlewareTests.adminKey }

        /// A key of the right form and a known id but the wrong secret (the digest comparison refuses it).
        var forged: String { String(live.dropLast()) + (live.last == "A" ? "B" : "A") }
    }

    /// One request through the router: status and body.
    static func call(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, _ headers: HTTPFields, body: String? = nil
    ) async throws -> (status: Int, body: String) {
        try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            (Int(response.status.code), String(buffer: response.body))
        }
    }

    static let chatBody = #"{"model":"asked","messages":[{"role":"user","content":"hello"}]}"#
    static let messagesBody = #"{"model":"asked","max_tokens":16,"messages":[{"role":"user","content":"hello"}]}"#

    /// Each surface with the 401 it answers and a request to make there.
    static let surfaces: [(method: HTTPRequest.Method, path: String, extra: HTTPFields, body: String?, refusal: String, audited: Bool)] = [
        (.post, "/v1/messages", [HTTPField.Name("anthropic-version")!: "2023-06-01"], messagesBody, anthropic401, true),
        (.post, "/v1/messages/count_tokens", [HTTPField.Name("anthropic-version")!: "2023-06-01"], messagesBody, anthropic401, true),
        (.post, "/v1/chat/completions", [:], chatBody, openAI401, true),
        (.post, "/v1/responses", [:], #"{"model":"asked","input":"hello"}"#, openAI401, true),
        (.get, "/v1/models", [HTTPField.Name("anthropic-version")!: "2023-06-01"], nil, anthropicModels401, false),
        (.get, "/v1/models", [:], nil, openAIModels401, false),
        (.get, "/admin/v1/me", [:], nil, admin401, false),
        (.post, "/admin/v1/orgs", [:], #"{"name":"acme"}"#, admin401, false),
    ]

    @Test func missingWrongAndRevokedKeysGetEachSurfacesRefusal() async throws {
        let gateway = try await Gateway()
        let presented: [(String, HTTPFields)] = [
            ("no key", [:]),
            ("unknown key", [.authorization: "Bearer sk-srt-0123456789ab_" + String(repeating: "x", count: 43)]),
            ("wrong secret", [.authorization: "Bearer " + gateway.forged]),
            ("revoked key", [.authorization: "Bearer " + gateway.revoked]),
            ("revoked key as x-api-key", [HTTPField.Name("x-api-key")!: gateway.revoked]),
            ("the admin key", [.authorization: "Bearer " + Self.adminKey]),
        ]
        let live = gateway.live
        let (problems, auditedRefusals) = try await gateway.app.test(.router) { client in
            var problems: [String] = []
            var auditedRefusals = 0
            for surface in Self.surfaces {
                for (label, headers) in presented {
                    var fields = surface.extra
                    fields.append(contentsOf: headers)
                    let answer = try await Self.call(client, surface.method, surface.path, fields, body: surface.body)
                    if answer.status != 401 || answer.body != surface.refusal {
                        problems.append("\(surface.method) \(surface.path) with \(label): \(answer.status) \(answer.body)")
                    }
                    if surface.audited { auditedRefusals += 1 }
                }
            }
            // Refused before the body is read: a body that is not JSON, or over the admin limit, is never looked at.
            let notJSON = try await Self.call(client, .post, "/v1/chat/completions", [:], body: "{not json")
            if notJSON.status != 401 || notJSON.body != Self.openAI401 { problems.append("unread body: \(notJSON.status) \(notJSON.body)") }
            auditedRefusals += 1
            let large = try await Self.call(client, .post, "/admin/v1/orgs", [:], body: String(repeating: "x", count: 2 << 20))
            if large.status != 401 || large.body != Self.admin401 { problems.append("large admin body: \(large.status) \(large.body)") }
            // /admin/audit takes the admin key only: no key, a wrong one, or a user's access key is refused.
            for headers: HTTPFields in [[:], [.authorization: "Bearer wrong"], [.authorization: "Bearer " + live],
                                        [HTTPField.Name("x-srooter-admin-key")!: Self.adminKey + "x"]] {
                let answer = try await Self.call(client, .get, "/admin/audit", headers)
                if answer.status != 401 || answer.body != Self.audit401 { problems.append("/admin/audit with \(headers): \(answer.status) \(answer.body)") }
            }
            return (problems, auditedRefusals)
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // A refused model call is finished like any refusal: one record each, unauthenticated, nobody named.
        let records = gateway.records.all
        #expect(records.count == auditedRefusals)
        #expect(records.allSatisfy { $0.status == 401 && $0.outcome == "unauthenticated" && $0.user == nil && $0.keyID == nil })
    }

    @Test func aGoodKeyInEachHeaderStyleReachesTheHandler() async throws {
        let gateway = try await Gateway()
        let styles: [(String, HTTPFields)] = [
            ("Authorization: Bearer", [.authorization: "Bearer " + gateway.live]),
            ("lower-case bearer", [.authorization: "bearer " + gateway.live]),
            ("x-api-key", [HTTPField.Name("x-api-key")!: gateway.live]),
            ("x-srooter-key", [HTTPField.Name("x-srooter-key")!: gateway.live]),
        ]
        try await gateway.app.test(.router) { client in
            for (label, headers) in styles {
                let chat = try await Self.call(client, .post, "/v1/chat/completions", headers, body: Self.chatBody)
                #expect(chat.status == 200, "\(label): \(chat.status) \(chat.body)")
                var anthropic = headers
                anthropic[HTTPField.Name("anthropic-version")!] = "2023-06-01"
                let messages = try await Self.call(client, .post, "/v1/messages", anthropic, body: Self.messagesBody)
                #expect(messages.status == 200, "\(label): \(messages.status) \(messages.body)")
                let models = try await Self.call(client, .get, "/v1/models", headers)
                #expect(models.status == 200 && models.body.contains(#""id":"asked""#), "\(label): \(models.status) \(models.body)")
                // Past authentication, the admin handler sees the caller: ada holds no role, and is named.
                let me = try await Self.call(client, .get, "/admin/v1/me", headers)
                #expect(me.status == 403 && me.body == #"{"error":"user 'ada' lacks self.read"}"#, "\(label): \(me.status) \(me.body)")
            }
            for headers: HTTPFields in [[.authorization: "Bearer " + Self.adminKey], [HTTPField.Name("x-srooter-admin-key")!: Self.adminKey]] {
                let export = try await Self.call(client, .get, "/admin/audit", headers)
                #expect(export.status == 200, "\(headers): \(export.status) \(export.body)")
            }
        }
        // The served calls were finished with the caller's principal.
        let records = gateway.records.all
        #expect(records.count == styles.count * 2 && records.allSatisfy { $0.user == "ada" && $0.status == 200 })
    }
}
