import Hummingbird
import NIOCore
import Synchronization

/// Body bytes held in memory by all requests together, against `limits.max_buffered_body_bytes`:
/// each piece of a request body is counted as it arrives, and a request whose next piece would
/// pass the limit is answered 503 at once (what it held is given back when it ends). The relay
/// counts what it buffers from upstream here too (`Relay.memory`). Without it, a few clients
/// sending the largest allowed bodies at once, or asking for the largest answers, could hold
/// gigabytes.
final class BodyMemory: Sendable {
    let limit: Int
    private let held = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// Bytes held now.
    var current: Int { held.load(ordering: .relaxed) }

    /// Counts `bytes` if they fit under the limit.
    func take(_ bytes: Int) -> Bool {
        guard held.wrappingAdd(bytes, ordering: .relaxed).newValue > limit else { return true }
        held.wrappingSubtract(bytes, ordering: .relaxed)
        return false
    }

    func give(_ bytes: Int) {
        if bytes > 0 { held.wrappingSubtract(bytes, ordering: .relaxed) }
    }

    /// Why a body was not collected.
    enum Refusal: Error {
        /// Larger than `max_body_bytes` (413).
        case tooLarge
        /// The memory limit is reached (503).
        case full
    }

    /// Collects `body` (at most `maxBytes`), counting each piece here; `held` says how much to
    /// `give` back when the request ends, whatever happened. The first piece is kept as the
    /// buffer, so a body that came in one piece is not copied (as `collect(upTo:)`).
    func collect(_ body: RequestBody, maxBytes: Int, held: inout Int) async throws -> ByteBuffer {
        var pieces = body.makeAsyncIterator()
        guard var buffer = try await pieces.next() else { return ByteBuffer() }
        guard buffer.readableBytes <= maxBytes else { throw Refusal.tooLarge }
        guard take(buffer.readableBytes) else { throw Refusal.full }
        held += buffer.readableBytes
        while let piece = try await pieces.next() {
            guard buffer.readableBytes + piece.readableBytes <= maxBytes else { throw Refusal.tooLarge }
            guard take(piece.readableBytes) else { throw Refusal.full }
            held += piece.readableBytes
            buffer.writeImmutableBuffer(piece)
        }
        return buffer
    }
}
