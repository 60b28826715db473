import Hummingbird
import Logging
import SrooterPolicy

/// The request path, as its ordered stages:
///
/// authenticate → decode → route → admit → dispatch → relay → finish
///
/// Each stage is a step below (its code in `Stages/`); a stage that refuses throws a ``Refusal``,
/// which the client gets in its own wire. Every request, refused or served, ends in ``Finish``,
/// the one place spend is settled and the audit record written. When client and provider speak
/// the same wire the body goes upstream byte for byte except `model` (and, for chat streams,
/// `stream_options.include_usage`); errors the provider makes pass through unchanged.
public struct Pipeline: Sendable {
    let config: GatewayConfig
    let providers: [String: any Provider]
    let keys: KeyRing
    let logger: Logger
    /// The policy stage (nil: no policy, as before issue 8).
    let policy: PolicyStage?
    let router: any ModelRouter
    let finish: Finish
    /// Request body bytes held by all requests together (`limits.max_buffered_body_bytes`).
    let bodies: BodyMemory

    /// - Parameters:
    ///   - router: chooses the model each request is served by (default: ``TableRouter``
    ///     over the configuration's models and routes).
    ///   - features: where trivial and learned routes' request features are stored (nil: nowhere).
    public init(
        config: GatewayConfig, providers: [String: any Provider], keys: KeyRing, audit: AuditWriter, logger: Logger,
        policy: PolicyEngine? = nil, router: (any ModelRouter)? = nil, features: FeatureWriter? = nil
    ) {
        let router = router ?? TableRouter(config: config)
        let feedback: any OutcomeSink = (router as? any OutcomeLearner).map { RouterFeedback(learner: $0) } ?? NoRouterFeedback()
        let sink: any OutcomeSink = features.map { writer in
            RoutingFeatureSink(writer: writer, scope: { principal in Self.tenancy(of: principal, in: policy?.directory) })
        } ?? NoMetrics()
        self.init(
            config: config, providers: providers, keys: keys, finish: Finish(audit: audit, feedback: feedback, features: sink), logger: logger,
            policy: policy, router: router)
    }

    /// The tenancy stored features and feedback are scoped to: the caller's org (`org:NAME`), or
    /// the user (`user:NAME`) when the directory places them in none.
    static func tenancy(of principal: Principal, in directory: Directory?) -> String {
        if let org = directory?.placement(user: principal.user, keyTeam: principal.team).org { return "org:\(org)" }
        return "user:\(principal.user)"
    }

    init(
        config: GatewayConfig, providers: [String: any Provider], keys: KeyRing, finish: Finish, logger: Logger,
        policy: PolicyEngine? = nil, router: (any ModelRouter)? = nil
    ) {
        self.config = config
        self.providers = providers
        self.keys = keys
        self.finish = finish
        self.logger = logger
        self.policy = policy.map { PolicyStage(engine: $0) }
        self.router = router ?? TableRouter(config: config)
        bodies = BodyMemory(limit: config.connections.maxBufferedBodyBytes)
    }

    /// Serves one request on `surface`, authenticating it first (the in-process entry; the routes
    /// run ``Authenticate`` as middleware and call ``handle(_:surface:caller:connection:)``).
    func handle(_ request: Request, surface: Surface, connection: ClientConnection? = nil) async -> Response {
        await authentication { _ in surface }.authenticate(request) { caller in
            await handle(request, surface: surface, caller: caller, connection: connection)
        }
    }

    /// Serves one authenticated request on `surface`.
    /// - Parameter connection: the client's connection; when given, a disconnect ends the
    ///   upstream request at once (until the response head, and for a whole body until its end).
    func handle(_ request: Request, surface: Surface, caller: Caller, connection: ClientConnection? = nil) async -> Response {
        var trail = Trail(surface: surface)
        trail.principal = caller.principal
        let log = RequestLog(logger: logger, requestID: trail.requestID, surface: surface)
        var held = 0
        defer { bodies.give(held) }
        do throws(Refusal) {
            let call = try await decode(request.body, surface: surface, principal: caller.principal, credentials: caller.credentials, held: &held)
            trail.read(call)
            let route = self.route(call)
            let admitted = try admit(call, route: route, trail: &trail)
            let watch = HangUpWatch(connection)
            defer { watch.stop() }
            let sent = try await dispatchAttempts(call, admitted, request: request, hangUp: watch.hangUp, trail: &trail)
            return await relay(sent, call: call, trail: trail, connection: connection, log: log)
        } catch {
            return await refuse(error, trail: trail, log: log)
        }
    }

    /// Finishes a refused request and answers it in its client's wire.
    func refuse(_ error: Refusal, trail: Trail, log: RequestLog) async -> Response {
        await finish.deliver(RequestOutcome(trail: trail, status: error.status, outcome: error.outcome))
        log.info("request refused", metadata: ["srooter.status": "\(error.status)", "srooter.outcome": "\(error.outcome.rawValue)"])
        return error.response(on: trail.surface)
    }
}
