import NIOCore
import Synchronization

/// A response body as it arrives from upstream, handed on in batches: `next()` returns everything
/// that arrived since the last call as one buffer.
///
/// A provider's TCP read often carries a dozen SSE events; relayed one by one they cost the client
/// a dozen writes and a dozen wake-ups, batched they go out in one. `cancel()`, or dropping the
/// body before its end, ends the upstream request (the connection is closed, not reused).
public final class UpstreamBody: Sendable {
    let source: UpstreamBodySource

    init(_ source: UpstreamBodySource) { self.source = source }

    deinit { source.cancel() }

    /// Everything that arrived since the last call; nil at the end of the body. Throws the
    /// upstream's failure (or `UpstreamError.cancelled`) once the bytes before it were taken.
    public func next() async throws -> ByteBuffer? {
        while true {
            if let taken = source.take() { return try taken.get() }
            // A task already cancelled runs `onCancel` at once.
            await withTaskCancellationHandler { await source.wait() } onCancel: { [source] in source.cancel() }
        }
    }

    /// Ends the upstream request now (the client went away).
    public func cancel() { source.cancel() }
}

/// The producer's side of an `UpstreamBody`: the connection puts chunks in and ends it; the
/// relay takes them out. When the relay falls behind by more than `highWater` bytes (a slow
/// client), `put` says so and the producer stops reading until `whenDrained` fires.
final class UpstreamBodySource: Sendable {
    /// Bytes waiting for the relay beyond which the producer stops reading from the socket.
    static let highWater = 1 << 20

    private struct State {
        var pending: ByteBuffer?
        var end: Result<Void, UpstreamError>?
        var waiter: CheckedContinuation<Void, Never>?
        var onCancel: (@Sendable () -> Void)?
        var onDrain: (@Sendable () -> Void)?
        var cancelled = false
    }

    private let state = Mutex(State())

    /// Adds bytes; false when the relay is more than `highWater` bytes behind.
    func put(_ chunk: ByteBuffer) -> Bool {
        let (waiter, below) = state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool) in
            guard state.end == nil else { return (nil, true) }
            if state.pending == nil {
                state.pending = chunk
            } else {
                state.pending?.writeImmutableBuffer(chunk)
            }
            defer { state.waiter = nil }
            return (state.waiter, (state.pending?.readableBytes ?? 0) <= Self.highWater)
        }
        waiter?.resume()
        return below
    }

    /// Ends the body: normally (nil) or with the failure the relay sees after the bytes before it.
    func finish(_ failure: UpstreamError?) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.end == nil { state.end = failure.map { .failure($0) } ?? .success(()) }
            state.onCancel = nil
            state.onDrain = nil
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Calls `action` (once) when the relay cancels before the end; at once if it already has.
    func whenCancelled(_ action: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            guard !state.cancelled else { return true }
            if state.end == nil { state.onCancel = action }
            return false
        }
        if now { action() }
    }

    /// Drops the `whenCancelled` action: the connection is going back to the pool, where a late
    /// cancel of this body must not close it under the next request.
    func forgetCancellation() {
        state.withLock { $0.onCancel = nil }
    }

    /// Calls `action` (once) after the relay next takes what is pending.
    func whenDrained(_ action: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            guard state.pending != nil, state.end == nil else { return true }
            state.onDrain = action
            return false
        }
        if now { action() }
    }

    /// The relay gives up: the body ends with `.cancelled` and the producer is told.
    func cancel() {
        let (waiter, action) = state.withLock { state -> (CheckedContinuation<Void, Never>?, (@Sendable () -> Void)?) in
            guard !state.cancelled else { return (nil, nil) }
            state.cancelled = true
            if state.end == nil { state.end = .failure(.cancelled) }
            defer {
                state.waiter = nil
                state.onCancel = nil
                state.onDrain = nil
            }
            return (state.waiter, state.onCancel)
        }
        waiter?.resume()
        action?()
    }

    /// The pending bytes, or the end once everything before it was taken; nil when neither is there yet.
    func take() -> Result<ByteBuffer?, UpstreamError>? {
        let (taken, drained) = state.withLock { state -> (Result<ByteBuffer?, UpstreamError>?, (@Sendable () -> Void)?) in
            if let pending = state.pending {
                state.pending = nil
                defer { state.onDrain = nil }
                return (.success(pending), state.onDrain)
            }
            switch state.end {
            case .success: return (.success(nil), nil)
            case .failure(let error): return (.failure(error), nil)
            case nil: return (nil, nil)
            }
        }
        drained?()
        return taken
    }

    /// Whether the end (or the failure) has come, after every byte before it was put: what a test
    /// waits for before it takes a body that arrived in several reads.
    var hasEnded: Bool { state.withLock { $0.end != nil } }

    /// Waits until there is something to take. The waiter is resumed by the producer, which runs
    /// on to the end of its read first, so whatever arrived together is taken together.
    func wait() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                guard state.pending == nil, state.end == nil else { return true }
                state.waiter = waiter
                return false
            }
            if ready { waiter.resume() }
        }
    }
}
