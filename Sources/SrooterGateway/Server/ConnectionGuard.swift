import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes
import Synchronization

/// The connection counts every client channel shares, and the limits it enforces.
final class ConnectionCounter: Sendable {
    let limits: ConnectionLimits
    private let open = Atomic<Int>(0)

    init(limits: ConnectionLimits) { self.limits = limits }

    /// Open client connections now.
    var count: Int { open.load(ordering: .relaxed) }

    /// Counts a new connection: `.normal` within the cap, `.overflow` in the reserve past it,
    /// nil (not counted) when even the reserve is full.
    func admit() -> ConnectionGuard.Admission? {
        let now = open.wrappingAdd(1, ordering: .relaxed).newValue
        if now <= limits.maxConnections { return .normal }
        if now <= limits.maxConnections + ConnectionLimits.overflowConnections { return .overflow }
        open.wrappingSubtract(1, ordering: .relaxed)
        return nil
    }

    func release() { open.wrappingSubtract(1, ordering: .relaxed) }
}

/// Times every client connection and caps how many there are (`limits:` in srooter.yaml):
///
/// - a new connection has `header_seconds` to send its first request head, and a keep-alive
///   connection `keep_alive_seconds` after a response to send the next one;
/// - a body still arriving `header_seconds` after its head must have come at
///   `min_body_bytes_per_second` on average, checked each second after that;
/// - while a response is being written nothing is timed here (a long stream is not idle; the
///   upstream's silence has its own timeout);
/// - past `max_connections`, a connection is answered only `GET /healthz`, everything else a
///   503 and a close; past the overflow reserve too, it is closed at once.
///
/// One timer per connection, moved rather than cancelled: state changes only update fields,
/// and the timer, when it fires, works out what is due (so a fast request costs no timer work).
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    enum Admission { case normal, overflow }

    private let counter: ConnectionCounter
    private let logger: Logger
    private var admission: Admission?
    /// The current request head arrived and its body has not ended.
    private var readingBody = false
    /// Requests whose response has not ended.
    private var inFlight = 0
    /// Responses ended on this connection.
    private var served = 0
    /// When the connection opened or its last response ended (the wait for a head started).
    private var waitingSince = NIODeadline.now()
    private var bodyStart = NIODeadline.now()
    private var bodyBytes = 0
    /// The request being answered 503 here: its parts are dropped.
    private var refusing = false
    private var timer: Scheduled<Void>?
    private var timerDeadline = NIODeadline.distantFuture
    private var started = false

    private static let healthPath = "/healthz"

    init(counter: ConnectionCounter, logger: Logger) {
        self.counter = counter
        self.logger = logger
    }

    private var limits: ConnectionLimits { counter.limits }

    /// Added to a channel that may not be active yet: counted when it is.
    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        admission = counter.admit()
        // Logged once per crossing, not per connection: an attacker must not be able to fill the log.
        if admission == .overflow, counter.count == limits.maxConnections + 1 {
            logger.warning("limits.max_connections reached: new connections get 503 (GET /healthz is still answered)")
        }
        guard admission != nil else {
            context.close(promise: nil)
            return
        }
        waitingSince = .now()
        arm(context, at: waitingSince + Self.amount(limits.headerSeconds))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if admission != nil { counter.release() }
        admission = nil
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if admission == .overflow, !(head.method == .get && head.path == Self.healthPath) {
                refusing = true
                refuse(context)
                return
            }
            readingBody = true
            inFlight += 1
            bodyStart = .now()
            bodyBytes = 0
        case .body(let buffer):
            if refusing { return }
            bodyBytes += buffer.readableBytes
        case .end:
            if refusing {
                refusing = false
                return
            }
            readingBody = false
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            inFlight = max(0, inFlight - 1)  // an error Hummingbird answers without a head read here
            served += 1
            if inFlight == 0 {
                waitingSince = .now()
                arm(context, at: waitingSince + Self.amount(limits.keepAliveSeconds))
            }
        }
        context.write(data, promise: promise)
    }

    /// A 503 in the client's terms is not known here (no route yet): a plain JSON error, then close.
    private func refuse(_ context: ChannelHandlerContext) {
        let body = ByteBuffer(string: #"{"error":{"type":"overloaded","message":"srooter: too many open connections; retry shortly"}}"#)
        let head = HTTPResponse(
            status: .serviceUnavailable,
            headerFields: [.contentType: "application/json", .contentLength: "\(body.readableBytes)", .connection: "close", .retryAfter: "1"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    /// Makes sure the timer fires no later than `deadline`.
    private func arm(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        guard timer == nil || deadline < timerDeadline else { return }
        timer?.cancel()
        timerDeadline = deadline
        let loop = context.eventLoop.assumeIsolated()
        timer = loop.scheduleTask(deadline: deadline) { [self] in fire(context) }
    }

    private func fire(_ context: ChannelHandlerContext) {
        timer = nil
        let now = NIODeadline.now()
        if readingBody {
            let grace = bodyStart + Self.amount(limits.headerSeconds)
            guard now >= grace else { return arm(context, at: grace) }
            let seconds = Double((now - bodyStart).nanoseconds) / 1e9
            if Double(bodyBytes) < limits.minBodyBytesPerSecond * seconds {
                return close(context, "the request body arrived slower than \(Int(limits.minBodyBytesPerSecond)) bytes a second")
            }
            return arm(context, at: now + .seconds(1))
        }
        guard inFlight == 0 else { return }  // answering: re-armed when the response ends
        let limit = served == 0 ? limits.headerSeconds : limits.keepAliveSeconds
        let due = waitingSince + Self.amount(limit)
        guard now >= due else { return arm(context, at: due) }
        close(context, served == 0 ? "no request head within \(limit) s" : "idle for \(limit) s after a response")
    }

    private func close(_ context: ChannelHandlerContext, _ reason: String) {
        logger.debug("connection closed", metadata: ["srooter.reason": "\(reason)"])
        context.close(promise: nil)
    }

    static func amount(_ seconds: Double) -> TimeAmount { .nanoseconds(Int64(seconds * 1_000_000_000)) }
}
