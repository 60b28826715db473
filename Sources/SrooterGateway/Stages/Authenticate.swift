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
