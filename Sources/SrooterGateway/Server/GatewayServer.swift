import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import SrooterPolicy
import SrooterStore
import Synchronization

/// `srooter serve`: the Hummingbird application, the audit writer and the key ring in one
/// service group. SIGTERM or SIGINT stops accepting, lets in-flight streams finish (up to
/// `timeouts.drain`), then the audit writer writes what is left, then `run` returns.
public struct GatewayServer: Sendable {
    public let config: GatewayConfig
    let logger: Logger

    public init(config: GatewayConfig, logger: Logger) {
        self.config = config
        self.logger = logger
    }

    /// Why the server could not start.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs until a shutdown signal.
    /// - Parameter onReady: called once the port is bound, with the bound port.
    public func run(environment: [String: String], onReady: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let store: Store
        do { store = try Store(path: config.databasePath) } catch { throw StartError(description: error.description) }
        // The vault opens first: it checks the master key and attaches the metadata cipher the
        // store needs to read the (sealed) access keys and directory.
        let security = try await GatewaySecurity.open(config: config, store: store, environment: environment)
        let keys = KeyRing(store: store)
        do { try await keys.reload() } catch { throw StartError(description: error.description) }
        let audit = AuditWriter(log: security.log, logger: logger)
        let checkpoints: DatabaseCheckpoints
        do {
            checkpoints = DatabaseCheckpoints(checkpointer: try WALCheckpointer(path: config.databasePath), store: store)
            try store.deferAutomaticCheckpoints()
        } catch { throw StartError(description: error.description) }
        let policy = PolicyEngine(store: store, reservationTTL: Int(config.timeouts.total) + 60)  // issue 8
        do { try await policy.reload() } catch { throw StartError(description: error.description) }

        let client = UpstreamClient(
            timeouts: .init(
                connect: Self.amount(config.timeouts.connect), idle: Self.amount(config.timeouts.idle), total: Self.amount(config.timeouts.total)))

        var providers: [String: any Provider] = [:]
        for (name, provider) in config.providers {
            if provider.kind == .mock, provider.baseURL == nil {
                providers[name] = MockProvider(config: provider)
            } else {
                let secret = await security.secret(for: provider, environment: environment, logger: logger)
                guard let http = HTTPProvider(config: provider, client: client, secret: secret) else {
                    throw StartError(description: "provider '\(name)': base_url is not an http:// or https:// URL with a host")
                }
                providers[name] = http
            }
        }
        let features = FeatureWriter(repository: store, retentionDays: config.security.audit.retentionDays, logger: logger)  // issue 20
        let tableRouter = TableRouter(config: config, weightsKey: security.vault.metadata, report: { [logger] line in logger.error("\(line)") })
        let pipeline = Pipeline(
            config: config, providers: providers, keys: keys, audit: audit, logger: logger, policy: policy, router: tableRouter, features: features)
        let readyBox = ReadyFlag()
        let router = Router(context: GatewayRequestContext.self)
        let feedback = FeedbackRoute(repository: store, writer: features, finish: Finish(audit: audit), directory: { policy.directory })
        pipeline.addRoutes(to: router, ready: { readyBox.value }, feedback: feedback)
        AdminAPI(store: store, keys: keys, engine: policy, audit: audit, config: config).addRoutes(to: router)  // issue 8
        CortexMCPRoute(store: store, keys: keys, engine: policy, audit: audit).addRoutes(to: router)  // issue 21
        security.addAdminRoutes(to: router)

        let counter = ConnectionCounter(limits: config.connections)
        let http1 = Self.http1(counter: counter, logger: logger)
        let server: HTTPServerBuilder
        if let certificate = config.tlsCertificate, let key = config.tlsKey {
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
                let privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
                let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(privateKey))
                server = try .tls(.http1(configuration: http1), tlsConfiguration: tls)
            } catch {
                throw StartError(description: "tls: cannot load \(certificate) / \(key): \(error)")
            }
        } else {
            server = .http1(configuration: http1)
        }
        let app = Application(
            router: router, server: server,
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "srooter"),
            onServerRunning: { channel in
                readyBox.value = true
                onReady(channel.localAddress?.port ?? 0)
            },
            logger: logger)
        var groupConfiguration = ServiceGroupConfiguration(
            services: [
                .init(service: checkpoints), .init(service: keys), .init(service: audit), .init(service: features),
                .init(service: PolicyRefresher(engine: policy, logger: logger)),
                .init(service: app),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = Self.duration(config.timeouts.drain)
        let group = ServiceGroup(configuration: groupConfiguration)
        do {
            try await group.run()
        } catch {
            logger.warning("shutdown: \(error)")
        }
        await client.shutdown()
        logger.info("srooter stopped")
    }

    /// HTTP/1 with each client connection watched, so a disconnect cancels its upstream work, and
    /// timed and counted (`limits:`; Hummingbird's own idle timeout is not used: see `ConnectionGuard`).
    static func http1(counter: ConnectionCounter, logger: Logger) -> HTTP1Channel.Configuration {
        .init(additionalChannelHandlers: [ClientConnectionHandler(), ConnectionGuard(counter: counter, logger: logger)])
    }

    /// HTTP/1 with each client connection watched and no limits (the mock upstream, a test tool).
    static var watchedHTTP1: HTTP1Channel.Configuration { .init(additionalChannelHandlers: [ClientConnectionHandler()]) }

    static func amount(_ seconds: Double) -> TimeAmount { .nanoseconds(Int64(seconds * 1_000_000_000)) }
    static func duration(_ seconds: Double) -> Duration { .nanoseconds(Int64(seconds * 1_000_000_000)) }
}

/// Set once the listener is bound.
final class ReadyFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var value: Bool {
        get { flag.load(ordering: .acquiring) }
        set { flag.store(newValue, ordering: .releasing) }
    }
}
