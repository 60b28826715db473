import Logging
import ServiceLifecycle
import SrooterAudit
import SrooterStore
import Synchronization

/// Appends audit records off the request path: `record` only queues; the service writes
/// whatever has accumulated in one transaction, so records batch up under load. On graceful
/// shutdown (after the HTTP server has drained) it writes the rest before returning.
///
/// Records go to the hash-chained, encrypted audit log (`AuditLog`); a timer signs a checkpoint
/// every `audit.checkpoint_every_seconds` when records are unsigned, and prunes past the retention.
public final class AuditWriter: Service, Sendable {
    /// The hash-chained log records go to (also read by `/admin/v1/audit`).
    let log: AuditLog
    private let logger: Logger
    private let pending = Mutex<[AuditRecord]>([])
    private let tick = Atomic<Bool>(false)
    private let signal: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init(log: AuditLog, logger: Logger) {
        self.log = log
        self.logger = logger
        (signal, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues a record; never blocks.
    public func record(_ record: AuditRecord) {
        pending.withLock { $0.append(record) }
        continuation.yield()
    }

    public func run() async throws {
        let seconds = log.settings.checkpointEverySeconds
        let ticker = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                tick.store(true, ordering: .releasing)
                continuation.yield()
            }
        }
        await maintain(prune: true)
        await withGracefulShutdownHandler {
            for await _ in signal { await flush() }
        } onGracefulShutdown: {
            self.continuation.finish()
        }
        ticker.cancel()
        // After shutdown or cancellation: whatever is left, written synchronously, and the head signed.
        let rest = pending.withLock { records in
            defer { records.removeAll() }
            return records
        }
        do {
            try log.appendBlocking(rest, checkpoint: true)
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
        if !batch.isEmpty {
            do {
                try await log.append(batch)
            } catch {
                logger.error("audit: could not write \(batch.count) records", metadata: ["srooter.error": "\(error)"])
            }
        }
        if tick.exchange(false, ordering: .acquiringAndReleasing) { await maintain(prune: false) }
    }

    private let lastPrune = Mutex<ContinuousClock.Instant?>(nil)

    /// Signs the head if records are unsigned; prunes past the retention (at start, then hourly).
    private func maintain(prune: Bool) async {
        do { try await log.checkpointNow() } catch {
            logger.error("audit: could not sign a checkpoint", metadata: ["srooter.error": "\(error)"])
        }
        guard log.settings.retentionDays != nil else { return }
        let now = ContinuousClock.now
        let due = lastPrune.withLock { last in
            guard prune || last.map({ now - $0 > .seconds(3600) }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        do {
            let deleted = try log.prune(now: Int(Timestamp.unixSeconds()))
            if deleted > 0 { logger.info("audit: pruned \(deleted) records past the retention") }
        } catch {
            logger.error("audit: could not prune", metadata: ["srooter.error": "\(error)"])
        }
    }
}
