import HTTPTypes
import Hummingbird

/// Who an authenticated request comes from, with the credentials it presented (read once, so
/// decode finds a passthrough provider credential without reading the headers again).
struct Caller: Sendable {
    let principal: Principal
    let credentials: PresentedCredentials
}

/// The authenticate stage: Hummingbird middleware in front of `/v1/*`, `/admin/v1/*` and
/// `/admin/audit`. It resolves the caller from the headers before any body is read (an
/// unauthenticated caller costs no JSON work), puts it in the request context, and answers a
/// caller it cannot resolve with its surface's own refusal: each wire's error shape on `/v1`,
/// the admin shape on the admin routes. Keys are compared in constant time (``KeyRing``,
/// ``GatewaySecurity/isAdmin(_:)``).
struct Authenticate: RouterMiddleware {
    typealias Context = GatewayRequestContext

    /// Resolves the caller a request's headers prove, or nil.
    let identify: @Sendable (HTTPFields) -> Caller?
    /// The answer to a request whose caller is not resolved.
    let refuse: @Sendable (Request) async -> Response

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await authenticate(request) { caller in
            var context = context
            context.caller = caller
            return try await next(request, context)
        }
    }

    /// Runs `serve` with the request's caller, or refuses.
    func authenticate(_ request: Request, then serve: (Caller) async throws -> Response) async rethrows -> Response {
        guard let caller = identify(request.headers) else { return await refuse(request) }
        return try await serve(caller)
    }
}

extension Pipeline {
    /// The authenticate stage for a model call: an access key, or a 401 in the wire `surface`
    /// names (nil: a route that is not a model call, answered by `other`), finished like any refusal.
    func authentication(
        other: @escaping @Sendable (Request) -> Response = { _ in Response(status: .unauthorized) },
        surface: @escaping @Sendable (Request) -> Surface?
    ) -> Authenticate {
        Authenticate(identify: { [keys] in keys.caller($0) }) { request in
            guard let surface = surface(request) else { return other(request) }
            let trail = Trail(surface: surface)
            return await refuse(
                Refusal(status: 401, outcome: .unauthenticated,
                    message: "srooter: missing or unknown access key (send it as Authorization: Bearer, x-api-key or x-srooter-key)"),
                trail: trail, log: RequestLog(logger: logger, requestID: trail.requestID, surface: surface))
        }
    }
}

extension KeyRing {
    /// The caller of a srooter access key (`x-srooter-key`, `Authorization: Bearer` or `x-api-key`).
    func caller(_ headers: HTTPFields) -> Caller? {
        let credentials = PresentedCredentials(headers: headers)
        guard let presented = credentials.srooterKey, let principal = principal(for: presented) else { return nil }
        return Caller(principal: principal, credentials: credentials)
    }
}

extension GatewaySecurity {
    /// The caller of the config's admin key (`x-srooter-admin-key` or `Authorization: Bearer`),
    /// the only credential `/admin/audit` takes.
    func administrator(_ headers: HTTPFields) -> Caller? {
        guard isAdmin(Self.adminKey(headers)) else { return nil }
        return Caller(principal: .administrator, credentials: PresentedCredentials(headers: [:]))
    }
}

extension Principal {
    /// Whoever holds the config's admin key (`admin.key`): not an access key's user.
    static let administrator = Principal(keyID: "admin-key", user: "admin-key", team: nil)
}
