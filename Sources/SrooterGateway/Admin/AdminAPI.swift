import FoundationEssentials
import HTTPTypes
import Hummingbird
import NIOCore
import SrooterAudit
import SrooterPolicy
import SrooterStore

/// The admin API under `/admin/v1/...`: JSON in and out, for a caller ``Authenticate`` resolved
/// from an access key. Each endpoint parses the request, calls ``Administration`` (which checks
/// the caller's roles, validates, writes and records the audit record), and renders the result.
struct AdminAPI: Sendable {
    let service: Administration
    let keys: KeyRing
    let engine: PolicyEngine
    let log: AuditLog
    /// The routes and prices `GET /admin/v1/routing` summarises with.
    let config: GatewayConfig

    init(store: any Administration.Storage, keys: KeyRing, engine: PolicyEngine, audit: AuditWriter, config: GatewayConfig = GatewayConfig()) {
        service = Administration(
            store: store, trail: GatewayTrail(writer: audit), directory: { engine.directory },
            balances: { engine.ledger.balances() },
            changed: {
                try? await engine.reload()
                try? await keys.reload()
            })
        self.keys = keys
        self.engine = engine
        self.config = config
        log = audit.log
    }

    /// One admin call in progress.
    struct Call: Sendable {
        let caller: Principal
        let action: String
        let service: Administration
        let body: [UInt8]
        let request: Request
        let parameters: Parameters

        var actor: AdminActor { .caller(caller) }

        /// A path parameter.
        func parameter(_ name: String) -> String { parameters.get(name) ?? "" }

        /// A query parameter.
        func query(_ name: String) -> String? { request.uri.queryParameters.get(name) }

        /// The JSON body as `T` (snake_case keys); a body that is not is refused (and recorded) here.
        func decode<T: Decodable>(_ type: T.Type) async throws(AdminError) -> T {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            do {
                return try decoder.decode(T.self, from: Data(body.isEmpty ? Array("{}".utf8) : body))
            } catch {
                let refusal = AdminError.invalid("the body is not the expected JSON: \(error)")
                await service.refused(action, target: request.uri.path, as: actor, refusal)
                throw refusal
            }
        }
    }

    /// What a handler returns: a status and a JSON value.
    struct Reply: Sendable {
        var status: Int
        var json: [UInt8]

        init<T: Encodable>(status: Int = 200, _ value: T) {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.sortedKeys]
            self.status = status
            self.json = (try? encoder.encode(value)).map { Array($0) } ?? Array("{}".utf8)
        }

        /// A service result as `{"<verb>": "<what>"}`.
        init(_ verb: String, _ done: Administration.Done<String>) {
            self.init(status: done.status, [verb: done.value])
        }
    }

    typealias Handler = @Sendable (Call) async throws(AdminError) -> Reply

    /// Registers every endpoint, behind ``Authenticate``.
    func addRoutes(to router: Router<GatewayRequestContext>) {
        let group = router.group("/admin/v1").add(middleware: Authenticate(identify: { [keys] in keys.caller($0) }) { _ in Self.unauthenticated })
        for endpoint in endpoints {
            let handler = endpoint.handler
            let action = endpoint.action
            group.on(RouterPath(stringLiteral: String(endpoint.path.dropFirst("/admin/v1".count))), method: endpoint.method) { request, context in
                guard let caller = context.caller?.principal else { return Self.unauthenticated }
                return await self.serve(request, caller: caller, parameters: context.parameters, action: action, handler)
            }
        }
    }

    /// The answer to a caller without a known access key (not audited: there is no one to name).
    static var unauthenticated: Response {
        respond(Reply(status: 401, ["error": "srooter: missing or unknown access key (send it as Authorization: Bearer or x-api-key)"]))
    }

    private func serve(_ request: Request, caller: Principal, parameters: Parameters, action: String, _ handler: Handler) async -> Response {
        var buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: 1 << 20)
        } catch {
            let refusal = AdminError.tooLarge("the body is larger than 1 MiB")
            await service.refused(action, target: request.uri.path, as: .caller(caller), refusal)
            return Self.respond(Reply(status: refusal.status, ["error": refusal.message]))
        }
        let body = buffer.readBytes(length: buffer.readableBytes) ?? []
        let call = Call(caller: caller, action: action, service: service, body: body, request: request, parameters: parameters)
        do {
            return Self.respond(try await handler(call))
        } catch {
            return Self.respond(Reply(status: error.status, ["error": error.message]))
        }
    }

    private static func respond(_ reply: Reply) -> Response {
        Response(
            status: HTTPResponse.Status(code: reply.status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.json)))
    }
}

/// The gateway's audit trail for admin actions: the same group-commit writer requests use.
struct GatewayTrail: AdminTrail {
    let writer: AuditWriter
    func append(_ record: AuditRecord) async { await writer.write(record) }
}
