import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP connection to the gateway that the test drives byte by byte: it writes what it is told,
/// keeps every byte it receives, and closes when told, so a test can hang up at an exact point
/// of a response, or send a request slowly. Waits are event-driven and bounded.
final class RawConnection: Sendable {
    fileprivate struct State {
        var received: [UInt8] = []
        var closed = false
        /// Just before connecting (so never after the server accepted), then the first byte and
        /// the close as the event loop saw them (not delayed by a busy test pool).
        var openedAt: ContinuousClock.Instant?
        var firstReadAt: ContinuousClock.Instant?
        var closedAt: ContinuousClock.Instant?
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    let channel: any Channel
    private let state: NIOLockedValueBox<State>

    struct Timeout: Error, CustomStringConvertible {
        let what: String
        var description: String { "timed out waiting for \(what)" }
    }

    private init(channel: any Channel, state: NIOLockedValueBox<State>) {
        self.channel = channel
        self.state = state
    }

    /// - Parameter initial: bytes written the moment the connection opens, from the event loop (so
    ///   a request is not delayed by a busy test process and taken for a slow sender).
    static func open(port: Int, initial: String? = nil) async throws -> RawConnection {
        let state = NIOLockedValueBox(State(openedAt: .now))
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(state: state, initial: initial))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, state: state)
    }

    func send(_ text: String) async throws { try await channel.writeAndFlush(ByteBuffer(string: text)) }

    func close() async { try? await channel.close() }

    var received: [UInt8] { state.withLockedValue { $0.received } }
    var isClosed: Bool { state.withLockedValue { $0.closed } }
    /// How long the first byte took to arrive after the connection opened.
    var timeToFirstByte: Duration? {
        state.withLockedValue { state in state.openedAt.flatMap { opened in state.firstReadAt.map { $0 - opened } } }
    }

    /// How long the connection was open, once it closed.
    var lifetime: Duration? {
        state.withLockedValue { state in state.openedAt.flatMap { opened in state.closedAt.map { $0 - opened } } }
    }

    /// Waits until `condition` holds for the bytes received so far (checked on each read and at
    /// close), or fails after `seconds`.
    func wait(for what: String, seconds: Double, until condition: @escaping @Sendable (_ received: [UInt8], _ closed: Bool) -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while true {
            let (bytes, closed) = state.withLockedValue { ($0.received, $0.closed) }
            if condition(bytes, closed) { return }
            if closed { throw Timeout(what: what + " (the connection closed first)") }
            guard ContinuousClock.now < deadline else { throw Timeout(what: what) }
            // Woken by the next read or the close; the timer only bounds the wait.
            let timer = channel.eventLoop.scheduleTask(deadline: .now() + .milliseconds(Int64(seconds * 1000))) { [state] in
                Self.wake(state)
            }
            await withCheckedContinuation { continuation in
                let ready = state.withLockedValue { current -> Bool in
                    if current.received.count != bytes.count || current.closed != closed { return true }
                    current.waiters.append(continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
            timer.cancel()
        }
    }

    fileprivate static func wake(_ state: NIOLockedValueBox<State>) {
        let waiters = state.withLockedValue { current in
            defer { current.waiters.removeAll() }
            return current.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let state: NIOLockedValueBox<State>
        let initial: String?
        init(state: NIOLockedValueBox<State>, initial: String?) {
            self.state = state
            self.initial = initial
        }

        func channelActive(context: ChannelHandlerContext) {
            if let initial { context.writeAndFlush(NIOAny(ByteBuffer(string: initial)), promise: nil) }
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            state.withLockedValue {
                $0.firstReadAt = $0.firstReadAt ?? .now
                $0.received.append(contentsOf: buffer.readableBytesView)
            }
            RawConnection.wake(state)
        }

        func channelInactive(context: ChannelHandlerContext) {
            state.withLockedValue {
                $0.closed = true
                $0.closedAt = .now
            }
            RawConnection.wake(state)
            context.fireChannelInactive()
        }
    }
}

/// A raw HTTP/1.1 response as received so far: status, headers, and the body with any chunked
/// framing removed (an incomplete last chunk is left out).
struct RawResponse {
    var status = 0
    var headers: [String: String] = [:]
    var body: [UInt8] = []
    /// The head arrived whole.
    var hasHead = false
    /// The body ended (the last chunk, or all of `content-length`).
    var complete = false

    init(_ bytes: [UInt8]) {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let headEnd = bytes.firstRange(of: separator) else { return }
        hasHead = true
        let head = String(decoding: bytes[..<headEnd.lowerBound], as: UTF8.self).split(separator: "\r\n")
        status = head.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let rest = Array(bytes[headEnd.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            var index = 0
            while let lineEnd = rest[index...].firstRange(of: Array("\r\n".utf8)) {
                guard let size = Int(String(decoding: rest[index..<lineEnd.lowerBound], as: UTF8.self), radix: 16) else { break }
                if size == 0 {
                    complete = true
                    break
                }
                let start = lineEnd.upperBound
                guard rest.count >= start + size + 2 else { break }
                body.append(contentsOf: rest[start..<start + size])
                index = start + size + 2
            }
        } else {
            body = rest
            complete = headers["content-length"].flatMap(Int.init).map { rest.count >= $0 } ?? false
        }
    }

    /// The body's complete server-sent events (each ended by a blank line), as text.
    var events: [String] {
        let text = String(decoding: body, as: UTF8.self)
        var parts = text.components(separatedBy: "\n\n")
        parts.removeLast()  // what follows the last blank line: an event not yet complete, or nothing
        return parts
    }
}
