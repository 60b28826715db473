import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// HTTP/1.1 to providers over SwiftNIO: keep-alive connections pooled per origin (TLS for
/// `https`, with the system's trust roots), one request at a time on each, as many connections as
/// there are concurrent requests.
///
/// Written for the request path rather than taken from AsyncHTTPClient: a request goes out in one
/// write, and response chunks go from the channel handler to the relay without a task hop each
/// (see `UpstreamConnection`). It does what the gateway needs and nothing more: `POST` with a
/// body already in memory, no redirects, no decompression, no proxies, no retries (a request that
/// failed may have reached the provider, and a second try could be billed twice).
public final class UpstreamClient: Sendable {
    /// Connect, idle (between bytes received) and total (whole exchange) timeouts.
    public struct Timeouts: Sendable {
        public var connect: TimeAmount
        public var idle: TimeAmount
        public var total: TimeAmount

        public init(connect: TimeAmount, idle: TimeAmount, total: TimeAmount) {
            self.connect = connect
            self.idle = idle
            self.total = total
        }
    }

    private let timeouts: Timeouts
    private let tls: TLSConfiguration
    private let pool = Mutex<[UpstreamOrigin: [any Channel]]>([:])
    private let tlsContext = Mutex<NIOSSLContext?>(nil)

    public convenience init(timeouts: Timeouts) {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.applicationProtocols = ["http/1.1"]
        self.init(timeouts: timeouts, tls: tls)
    }

    /// - Parameter tls: for `https` origins (tests trust their own certificate authority with it).
    init(timeouts: Timeouts, tls: TLSConfiguration) {
        self.timeouts = timeouts
        self.tls = tls
    }

    /// Sends `head` and `body` to `origin`; returns once the response head has arrived.
    /// - Parameter hangUp: the client's hang-up; it ends the exchange like cancelling the task does,
    ///   before the head or while the body is read.
    public func send(
        to origin: UpstreamOrigin, head: HTTPRequestHead, body: ByteBuffer, hangUp: HangUp? = nil
    ) async throws(UpstreamError) -> (HTTPResponseHead, UpstreamBody) {
        let deadline = NIODeadline.now() + timeouts.total
        let channel = try await connection(to: origin, deadline: deadline)
        let source = UpstreamBodySource()
        let responseBody = UpstreamBody(source)
        hangUp?.onHangUp { source.cancel() }
        let response = channel.eventLoop.makePromise(of: HTTPResponseHead.self)
        let start: @Sendable () -> Void = {
            guard let handler = try? channel.pipeline.syncOperations.handler(type: UpstreamConnection.self) else {
                let failure = UpstreamError.unreachable("the connection to the provider closed")
                response.fail(failure)
                source.finish(failure)
                return
            }
            handler.start(head: head, body: body, deadline: deadline, response: response, into: source)
        }
        if channel.eventLoop.inEventLoop { start() } else { channel.eventLoop.execute(start) }
        do {
            let head = try await withTaskCancellationHandler {
                try await response.futureResult.get()
            } onCancel: {
                source.cancel()
            }
            return (head, responseBody)
        } catch {
            if Task.isCancelled || hangUp?.fired == true { throw .cancelled }
            throw UpstreamError.from(error)
        }
    }

    /// Closes the pooled connections (requests in flight finish on theirs).
    public func shutdown() async {
        let idle = pool.withLock { pool in
            defer { pool.removeAll() }
            return pool.values.flatMap { $0 }
        }
        for channel in idle { try? await channel.close() }
    }

    /// A pooled connection that is still open, or a new one.
    ///
    /// Under `serve` a request runs on the event loop of its client's connection, and it takes
    /// only a pooled connection on that same loop (else it opens one there): a connection on the
    /// other loop would cost two thread hops per request, about what a fresh connection costs once.
    private func connection(to origin: UpstreamOrigin, deadline: NIODeadline) async throws(UpstreamError) -> any Channel {
        let current = MultiThreadedEventLoopGroup.currentEventLoop
        let pooled = pool.withLock { pool -> (any Channel)? in
            guard var idle = pool[origin] else { return nil }
            defer { pool[origin] = idle }
            idle.removeAll { !$0.isActive }
            guard let current else { return idle.popLast() }
            return idle.lastIndex { $0.eventLoop === current }.map { idle.remove(at: $0) }
        }
        if let pooled { return pooled }
        let ssl = origin.tls ? try sslContext() : nil
        let idle = timeouts.idle
        let release: @Sendable (any Channel) -> Void = { [weak self] channel in
            self?.pool.withLock { $0[origin, default: []].append(channel) }
        }
        let connectTimeout = min(timeouts.connect, max(deadline - .now(), .milliseconds(1)))
        let loop = current ?? MultiThreadedEventLoopGroup.singleton.any()
        let handshake = ssl == nil ? nil : loop.makePromise(of: Void.self)
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(connectTimeout)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handlers = channel.pipeline.syncOperations
                    if let ssl { try handlers.addHandler(NIOSSLClientHandler(context: ssl, serverHostname: origin.serverName)) }
                    try handlers.addHTTPClientHandlers()
                    try handlers.addHandler(UpstreamConnection(idleTimeout: idle, release: release, handshake: handshake))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: origin.host, port: origin.port).get()
        } catch {
            handshake?.fail(error)
            if Task.isCancelled { throw .cancelled }
            if case ChannelError.connectTimeout = error { throw .connectTimeout }
            throw .unreachable("could not connect to \(origin.hostHeader): \(Self.reason(error))")
        }
        guard let handshake else { return channel }
        // A connection is handed out once TLS is up, so a refused certificate is this request's error.
        let timer = loop.scheduleTask(in: connectTimeout) {
            handshake.fail(UpstreamError.connectTimeout)
            channel.close(promise: nil)
        }
        handshake.futureResult.whenComplete { _ in timer.cancel() }
        do {
            try await handshake.futureResult.get()
            return channel
        } catch {
            channel.close(promise: nil)
            if Task.isCancelled { throw .cancelled }
            throw UpstreamError.from(error)
        }
    }

    /// The TLS client context, made on first use (loading the trust roots takes a few milliseconds).
    private func sslContext() throws(UpstreamError) -> NIOSSLContext {
        do {
            return try tlsContext.withLock { cached in
                if let cached { return cached }
                let context = try NIOSSLContext(configuration: tls)
                cached = context
                return context
            }
        } catch {
            throw .unreachable("TLS could not be set up: \(error)")
        }
    }

    /// A connect failure in a few words (NIO's descriptions list every address tried).
    private static func reason(_ error: any Error) -> String {
        if let failure = error as? NIOConnectionError {
            if failure.dnsAError != nil || failure.dnsAAAAError != nil, failure.connectionErrors.isEmpty { return "the name did not resolve" }
            if let first = failure.connectionErrors.first { return "\(first.error)" }
        }
        return "\(error)"
    }
}

extension UpstreamOrigin {
    /// The name sent for SNI and checked against the certificate; nil for an IP address, which
    /// SNI cannot carry (the certificate is then checked against the address).
    var serverName: String? {
        let isAddress = host.contains(":") || host.allSatisfy { $0 == "." || $0.isNumber }
        return isAddress ? nil : host
    }
}
