import Logging
import ServiceLifecycle
import SrooterStore
import Synchronization

/// Appends audit records off the request path: `record` only queues; the service writes
/// whatever has accumulated in one transaction, so records batch up under load. On graceful
/// shutdown (after the HTTP server has drained) it writes the rest before returning.
public final class AuditWriter: Service, Sendable {
    private let store: Store
    private let logger: Logger
    private let pending = Mutex<[AuditRecord]>([])
    private let signal: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
        (signal, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues a record; never blocks.
    public func record(_ record: AuditRecord) {
        pending.withLock { $0.append(record) }
        continuation.yield()
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            for await _ in signal { await flush() }
        } onGracefulShutdown: {
            self.continuation.finish()
        }
        // After shutdown or cancellation: whatever is left, written synchronously.
        let rest = pending.withLock { records in
            defer { records.removeAll() }
            return records
        }
        do {
            try store.appendBlocking(rest)
        } catch {
            logger.error("audit: could not write \(rest.count) records at shutdown", metadata: ["srooter.error": "\(error)"])
        }
        logger.info("audit: writer stopped, all records written")
    }

    private func flush() async {
        let batch = pending.withLock { records in
            defer { records.removeAll(keepingCapacity: true) }
            return records
        }
        guard !batch.isEmpty else { return }
        do {
            try await store.append(batch)
        } catch {
            logger.error("audit: could not write \(batch.count) records", metadata: ["srooter.error": "\(error)"])
        }
    }
}
