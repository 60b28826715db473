import FoundationEssentials
import HTTPTypes
import Hummingbird
import NIOCore
import SrooterEncoding
import SrooterPolicy
import SrooterStore

/// The admin API under `/admin/v1/...`: JSON in and out, authenticated with an access key whose
/// user holds a role that permits the action (see `Role.permissions`). Every call, allowed or
/// refused, is written as an audit record (`surface: admin`; who, what, target; never a secret).
struct AdminAPI: Sendable {
    let store: Store
    let keys: KeyRing
    let engine: PolicyEngine
    let audit: AuditWriter

    /// One admin call in progress.
    struct Call: Sendable {
        let caller: Principal
        let directory: Directory
        let body: [UInt8]
        let request: Request
        let parameters: Parameters

        /// A path parameter.
        func parameter(_ name: String) -> String { parameters.get(name) ?? "" }

        /// A query parameter.
        func query(_ name: String) -> String? { request.uri.queryParameters.get(name) }

        /// The JSON body as `T` (snake_case keys).
        func decode<T: Decodable>(_ type: T.Type) throws(AdminError) -> T {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            do {
                return try decoder.decode(T.self, from: Data(body.isEmpty ? Array("{}".utf8) : body))
            } catch {
                throw AdminError(status: 400, message: "the body is not the expected JSON: \(error)")
            }
        }

        /// Refuses with 403 unless the caller has `permission` over `target`.
        func require(_ permission: Permission, on target: ScopeRef) throws(AdminError) {
            try require(permission, on: target, naming: target)
        }

        /// Refuses with 403 unless the caller has `permission` over `target` (nil: a target that
        /// does not exist). The refusal names `shown`, what the caller named, so it reads the same
        /// whether the target exists in another org or not at all: no answer tells a caller what
        /// exists outside its scopes.
        func require(_ permission: Permission, on target: ScopeRef?, naming shown: ScopeRef) throws(AdminError) {
            guard let target, directory.permits(caller.user, permission, on: target) else {
                throw AdminError(status: 403, message: "user '\(caller.user)' lacks \(permission.rawValue) on \(shown)")
            }
        }

        /// Refuses with 403 unless the caller has `permission` somewhere.
        func requireAnywhere(_ permission: Permission) throws(AdminError) {
            guard directory.permitsAnywhere(caller.user, permission) else {
                throw AdminError(status: 403, message: "user '\(caller.user)' lacks \(permission.rawValue)")
            }
        }
    }

    /// What a handler returns: a status, a JSON value, and the target for the audit note.
    struct Reply: Sendable {
        var status: Int = 200
        var json: [UInt8]
        var target: String

        init<T: Encodable>(status: Int = 200, _ value: T, target: String) {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.sortedKeys]
            self.status = status
            self.json = (try? encoder.encode(value)).map { Array($0) } ?? Array("{}".utf8)
            self.target = target
        }
    }

    typealias Handler = @Sendable (Call) async throws(AdminError) -> Reply

    /// Registers every endpoint.
    func addRoutes(to router: Router<GatewayRequestContext>) {
        for endpoint in endpoints {
            let handler = endpoint.handler
            let action = endpoint.action
            router.on(RouterPath(stringLiteral: endpoint.path), method: endpoint.method) { request, context in
                await self.serve(request, parameters: context.parameters, action: action, handler)
            }
        }
    }

    private func serve(_ request: Request, parameters: Parameters, action: String, _ handler: Handler) async -> Response {
        let start = ContinuousClock.now
        let credentials = PresentedCredentials(headers: request.headers)
        guard let presented = credentials.srooterKey, let caller = keys.principal(for: presented) else {
            return respond(status: 401, error: "missing or unknown access key (send it as Authorization: Bearer or x-api-key)")
        }
        var reply: Reply
        var target = request.uri.path
        do {
            var buffer = try await request.body.collect(upTo: 1 << 20)
            let body = buffer.readBytes(length: buffer.readableBytes) ?? []
            let call = Call(caller: caller, directory: engine.directory, body: body, request: request, parameters: parameters)
            reply = try await handler(call)
            target = reply.target
            if request.method != .get { try? await engine.reload() }
        } catch let error as AdminError {
            reply = Reply(status: error.status, ["error": error.message], target: target)
        } catch {
            reply = Reply(status: 413, ["error": "the body is larger than 1 MiB"], target: target)
        }
        let record = AuditRecord.adminAction(
            actor: caller.user, keyID: caller.keyID, requestID: "adm_" + Hex.encode(SecureRandom.unique(12)), action: action,
            target: target, status: reply.status, latencyMs: Self.milliseconds(since: start))
        await audit.write(record)
        return Response(
            status: HTTPResponse.Status(code: reply.status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.json)))
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }

    private func respond(status: Int, error: String) -> Response {
        let reply = Reply(status: status, ["error": "srooter: " + error], target: "")
        return Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.json)))
    }
}

/// An admin call that cannot be done: the status and a one-line reason.
struct AdminError: Error, Sendable {
    var status: Int
    var message: String

    /// Maps a store failure by its case (never its text): missing rows are 403 (the API does not reveal
    /// what exists), conflicts 409, references to missing rows 400.
    static func store(_ error: StoreError) -> AdminError {
        switch error {
        case .notFound: AdminError(status: 403, message: "not permitted on this target")
        case .conflict(_, let reason): AdminError(status: 409, message: reason)
        case .danglingReference(_, let reason): AdminError(status: 400, message: reason)
        case .badName, .refused: AdminError(status: 400, message: error.description)
        default: AdminError(status: 500, message: error.description)
        }
    }
}

/// Runs a store call, mapping its error.
func storing<T>(_ body: () async throws(StoreError) -> T) async throws(AdminError) -> T {
    do { return try await body() } catch { throw AdminError.store(error) }
}
