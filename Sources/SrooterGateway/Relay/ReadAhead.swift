import NIOCore
import Synchronization

/// An upstream stream read ahead by a task of its own and handed on in batches: `next()` returns
/// everything that arrived since the last call as one buffer.
///
/// A provider's TCP read often carries a dozen SSE events; relayed one by one they cost the client
/// a dozen writes and a dozen wake-ups. Read ahead, they go out in one write. The reader is
/// cancelled when the client disconnects (at once, even while the upstream is silent) and when the
/// consumer goes away, which ends the upstream request. The reader does not wait for the client:
/// a slow client buffers the stream in memory.
final class ReadAhead: Sendable {
    /// What the reader task and the consumer share.
    private final class Shelf: Sendable {
        private struct State {
            var pending: ByteBuffer?
            var end: Result<Void, any Error>?
            var waiter: CheckedContinuation<Void, Never>?
        }

        private let state = Mutex(State())

        func put(_ chunk: ByteBuffer) {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if state.pending == nil {
                    state.pending = chunk
                } else {
                    state.pending?.writeImmutableBuffer(chunk)
                }
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }

        func close(_ end: Result<Void, any Error>) {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if state.end == nil { state.end = end }
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }

        /// The buffered bytes, or the end once everything before it was taken; nil when neither is there yet.
        func take() -> Result<ByteBuffer?, any Error>? {
            state.withLock { state in
                if let pending = state.pending {
                    state.pending = nil
                    return .success(pending)
                }
                switch state.end {
                case .success: return .success(nil)
                case .failure(let error): return .failure(error)
                case nil: return nil
                }
            }
        }

        /// Waits until there is something to take. The waiter is resumed only after the reader has
        /// run on, so whatever arrived with the first chunk is taken together with it.
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

    private let shelf = Shelf()
    private let reader: Task<Void, Never>
    private let connection: ClientConnection?
    private let token: Int?

    /// Starts reading `body`; `connection`'s disconnect cancels the reader.
    init(_ body: UpstreamBody, cancelledBy connection: ClientConnection?) {
        let shelf = self.shelf
        reader = Task {
            var iterator = body.makeIterator()
            do {
                while let chunk = try await iterator.next() { shelf.put(chunk) }
                shelf.close(.success(()))
            } catch {
                shelf.close(.failure(error))
            }
        }
        let reader = self.reader
        self.connection = connection
        token = connection?.onClose { reader.cancel() }
    }

    deinit {
        reader.cancel()
        if let token { connection?.forget(token) }
    }

    /// Everything that arrived since the last call, nil at the end of the stream; throws the
    /// upstream's error (or cancellation, when the client disconnected) once the bytes before it
    /// were taken.
    func next() async throws -> ByteBuffer? {
        while true {
            if let taken = shelf.take() { return try taken.get() }
            if Task.isCancelled { throw CancellationError() }
            await withTaskCancellationHandler { await shelf.wait() } onCancel: { [reader] in reader.cancel() }
        }
    }
}
