import Hummingbird
import NIOCore
import Synchronization

/// A client's TCP connection as the request path sees it: `onClose` actions run the moment the
/// socket closes, even while the upstream is silent (without this, a disconnect was noticed only
/// at the next byte to relay). The request path ends its upstream exchange that way (`HangUp`);
/// the mock upstream's waits use `cancellingOnDisconnect`.
final class ClientConnection: Sendable {
    private struct State {
        var closed = false
        var next = 0
        var onClose: [Int: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())

    /// Runs `operation` in a task of its own, cancelled if the client disconnects before it ends
    /// (or if the calling task is cancelled).
    func cancellingOnDisconnect<T: Sendable>(_ operation: @escaping @Sendable () async -> T) async -> T {
        let task = Task { await operation() }
        let token = onClose { task.cancel() }
        let value = await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
        if let token { forget(token) }
        return value
    }

    /// Calls `action` when the client disconnects (at once if it already has). Returns a token
    /// for `forget`, or nil when the action already ran.
    func onClose(_ action: @escaping @Sendable () -> Void) -> Int? {
        let token = state.withLock { state -> Int? in
            guard !state.closed else { return nil }
            state.next += 1
            state.onClose[state.next] = action
            return state.next
        }
        if token == nil { action() }
        return token
    }

    /// Drops an `onClose` action that is no longer needed.
    func forget(_ token: Int) {
        state.withLock { _ = $0.onClose.removeValue(forKey: token) }
    }

    /// The socket closed: cancel whatever is watching.
    func close() {
        let actions = state.withLock { state in
            state.closed = true
            defer { state.onClose.removeAll() }
            return Array(state.onClose.values)
        }
        for action in actions { action() }
    }
}

/// The open client connections by channel, so a request can find its own.
enum ClientConnections {
    private static let open = Mutex<[ObjectIdentifier: ClientConnection]>([:])

    static func register(_ channel: any Channel, _ connection: ClientConnection) {
        open.withLock { $0[ObjectIdentifier(channel)] = connection }
    }

    static func remove(_ channel: any Channel) -> ClientConnection? {
        open.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    static func find(_ channel: any Channel) -> ClientConnection? {
        open.withLock { $0[ObjectIdentifier(channel)] }
    }
}

/// Added to every client channel's pipeline: registers the connection, and closes it when the
/// client's side ends (end of input or the channel going inactive).
final class ClientConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    func handlerAdded(context: ChannelHandlerContext) {
        ClientConnections.register(context.channel, ClientConnection())
    }

    /// Hummingbird allows half-closed connections, so a client that hangs up shows first as the
    /// end of its input; no client of these APIs half-closes while still waiting for an answer.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { ClientConnections.find(context.channel)?.close() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        ClientConnections.remove(context.channel)?.close()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        ClientConnections.remove(context.channel)?.close()
    }
}

/// The request context of the gateway's routes: Hummingbird's basics plus the client connection.
struct GatewayRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client's connection (nil when the channel is not watched, as in tests of the router alone).
    let connection: ClientConnection?
    /// Who is calling, once ``Authenticate`` has resolved it (nil on routes it does not guard).
    var caller: Caller?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        connection = ClientConnections.find(source.channel)
    }
}
