import NIOCore
import NIOHTTP1
import NIOTLS

/// The last handler of a connection to a provider: carries one request at a time over a
/// keep-alive HTTP/1.1 connection.
///
/// - The request's head, body and end go out in one flush: one `writev`, so the provider reads
///   the whole request in one go, where AsyncHTTPClient flushed the head on its own.
/// - The response head completes a promise; body chunks go straight into the
///   `UpstreamBodySource` the relay reads in batches.
/// - Reads stop while the relay is more than `UpstreamBodySource.highWater` bytes behind.
/// - The idle timeout counts from the last byte received (or the request sent), the total timeout
///   from the start of the exchange; either fails the exchange and closes the connection.
/// - A connection whose exchange ended cleanly and may be kept alive goes back to the pool, which
///   closes it after `pooledFor` unused.
final class UpstreamConnection: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    /// How long a connection waits in the pool before it is closed.
    static let pooledFor = TimeAmount.seconds(60)

    private struct Exchange {
        let head: EventLoopPromise<HTTPResponseHead>
        let body: UpstreamBodySource
        var headReceived = false
        var keepAlive = true
        var idleTimer: Scheduled<Void>?
        var totalTimer: Scheduled<Void>?
    }

    private let idleTimeout: TimeAmount
    private let release: @Sendable (any Channel) -> Void
    private var context: ChannelHandlerContext?
    private var exchange: Exchange?
    private var flow = UpstreamFlow(now: .now())
    private var poolTimer: Scheduled<Void>?
    /// Completed when the TLS handshake is (nil for plain connections, which are ready once connected).
    private var handshake: EventLoopPromise<Void>?

    /// - Parameters:
    ///   - release: puts the connection back in the pool after a clean exchange.
    ///   - handshake: completed once TLS is up (or failed with the reason it is not).
    init(idleTimeout: TimeAmount, release: @escaping @Sendable (any Channel) -> Void, handshake: EventLoopPromise<Void>? = nil) {
        self.idleTimeout = idleTimeout
        self.release = release
        self.handshake = handshake
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Sends a request (call on the channel's event loop). `response` gets the head; the body fills `source`.
    func start(head: HTTPRequestHead, body: ByteBuffer, deadline: NIODeadline, response: EventLoopPromise<HTTPResponseHead>, into source: UpstreamBodySource) {
        guard let context, context.channel.isActive, exchange == nil else {
            let failure = UpstreamError.unreachable("the connection to the provider closed")
            response.fail(failure)
            source.finish(failure)
            return
        }
        poolTimer?.cancel()
        poolTimer = nil
        flow.heard(at: .now())
        let loop = context.eventLoop.assumeIsolated()
        exchange = Exchange(
            head: response, body: source,
            idleTimer: loop.scheduleTask(deadline: flow.lastActivity + idleTimeout) { self.checkIdle() },
            totalTimer: loop.scheduleTask(deadline: deadline) { self.fail(.totalTimeout, close: true) })
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if body.readableBytes > 0 { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        // Last: when the relay already gave up, this closes the channel at once, and the close
        // must find the exchange to fail (closing inside the event loop is immediate).
        let channel = context.channel
        source.whenCancelled { channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let current = exchange else { return }
        flow.heard(at: .now())
        switch unwrapInboundIn(data) {
        case .head(let head):
            exchange?.headReceived = true
            exchange?.keepAlive = head.isKeepAlive
            current.head.succeed(head)
        case .body(let buffer):
            if !current.body.put(buffer) { holdReads(until: current.body, context: context) }
        case .end:
            complete(context: context)
        }
    }

    func read(context: ChannelHandlerContext) {
        if flow.read() { context.read() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            handshake?.succeed()
            handshake = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshake?.fail(UpstreamError.unreachable("the provider closed the connection during the TLS handshake"))
        handshake = nil
        poolTimer?.cancel()
        fail(.unreachable("the provider closed the connection"), close: false)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let mapped = UpstreamError.from(error)
        handshake?.fail(mapped)
        handshake = nil
        fail(mapped, close: true)
    }

    private func complete(context: ChannelHandlerContext) {
        guard let current = exchange else { return }
        exchange = nil
        current.idleTimer?.cancel()
        current.totalTimer?.cancel()
        resumeReads()
        // Back in the pool before the relay hears of the end, so its next request can reuse it.
        current.body.forgetCancellation()
        if current.keepAlive, context.channel.isActive {
            poolTimer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.pooledFor) { context.close(promise: nil) }
            release(context.channel)
        } else {
            context.close(promise: nil)
        }
        current.body.finish(nil)
    }

    private func fail(_ error: UpstreamError, close: Bool) {
        if let current = exchange {
            exchange = nil
            current.idleTimer?.cancel()
            current.totalTimer?.cancel()
            if !current.headReceived { current.head.fail(error) }
            current.body.finish(error)
        }
        if close { context?.close(promise: nil) }
    }

    private func checkIdle() {
        guard exchange != nil else { return }
        guard let context else { return fail(.unreachable("the connection to the provider closed"), close: false) }
        switch flow.idle(timeout: idleTimeout, now: .now()) {
        case .checkAgain(let time):
            exchange?.idleTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: time) { self.checkIdle() }
        case .timedOut:
            fail(.idleTimeout, close: true)
        }
    }

    private func holdReads(until source: UpstreamBodySource, context: ChannelHandlerContext) {
        guard flow.hold() else { return }
        let loop = context.eventLoop
        let handler = NIOLoopBound(self, eventLoop: loop)
        source.whenDrained { loop.execute { handler.value.resumeReads() } }
    }

    private func resumeReads() {
        if flow.resume(at: .now()) { context?.read() }
    }
}
