import Logging
import ServiceLifecycle
import SrooterAudit
import SrooterStore
import Synchronization

/// Appends audit records in group commits: whatever has accumulated while the previous
/// transaction ran is written in the next one, so records batch up under load and a lone
/// request waits for one small transaction.
///
/// `write` returns once its record is committed (WAL, `synchronous=NORMAL`: in the operating
/// system's hands, so a killed process loses nothing). The gateway calls it before it sends a
/// response's last bytes: a client that received a whole response can count on its record, and
/// the budget spend the request settled is committed in the same transaction. On graceful shutdown (after the HTTP server has
/// drained) the writer writes the rest and signs the head before returning.
///
/// A timer signs a checkpoint every `audit.checkpoint_every_seconds` when records are unsigned,
/// and prunes past the retention.
public final class AuditWriter: Service, Sendable {
    /// The hash-chained log records go to (also read by `/admin/v1/audit`).
    let log: AuditLog
    private let logger: Logger

    private struct Queue {
        var records: [AuditRecord] = []
        var spend: [SpendEntry] = []
        var waiters: [CheckedContinuation<Bool, Never>] = []
        /// Set once the writer has stopped: later writes go straight to the database.
        var stopped = false
    }

    private let pending = Mutex(Queue())
    private let tick = Atomic<Bool>(false)
    private let signal: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init(log: AuditLog, logger: Logger) {
        self.log = log
        self.logger = logger
        (signal, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues a record and returns once it (and `spend`) are committed.
    public func write(_ record: AuditRecord, spend: [SpendEntry] = []) async {
        let queued = await withCheckedContinuation { (waiter: CheckedContinuation<Bool, Never>) in
            let queued = pending.withLock { queue -> Bool in
                guard !queue.stopped else { return false }
                queue.records.append(record)
                queue.spend += spend
                queue.waiters.append(waiter)
                return true
            }
            if queued { continuation.yield() } else { waiter.resume(returning: false) }
        }
        if !queued { writeNow([record], spend) }
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
        let rest = pending.withLock { queue in
            defer { queue = Queue(stopped: true) }
            return queue
        }
        do {
            try log.appendBlocking(rest.records, spend: rest.spend, checkpoint: true)
        } catch {
            logger.error("audit: could not write \(rest.records.count) records at shutdown", metadata: ["srooter.error": "\(error)"])
        }
        for waiter in rest.waiters { waiter.resume(returning: true) }
        logger.info("audit: writer stopped, all records written")
    }

    private func flush() async {
        let batch = pending.withLock { queue in
            defer {
                queue.records.removeAll(keepingCapacity: true)
                queue.spend.removeAll(keepingCapacity: true)
                queue.waiters.removeAll(keepingCapacity: true)
            }
            return queue
        }
        if !batch.records.isEmpty || !batch.spend.isEmpty {
            // On this task's thread (an event loop under `serve`): a lone request's commit then
            // costs no thread hop to the store's queue and back.
            do {
                try log.appendBlocking(batch.records, spend: Self.merged(batch.spend))
            } catch {
                logger.error("audit: could not write \(batch.records.count) records", metadata: ["srooter.error": "\(error)"])
            }
        }
        for waiter in batch.waiters { waiter.resume(returning: true) }
        if tick.exchange(false, ordering: .acquiringAndReleasing) { await maintain(prune: false) }
    }

    /// One entry per scope and period: a batch's spend in as few upserts as there are ledgers.
    static func merged(_ spend: [SpendEntry]) -> [SpendEntry] {
        guard spend.count > 1 else { return spend }
        var order: [SpendEntry] = []
        var position: [String: Int] = [:]
        for entry in spend {
            let key = entry.scope + "\u{0}" + entry.periodKey
            if let at = position[key] {
                order[at].micros += entry.micros
            } else {
                position[key] = order.count
                order.append(entry)
            }
        }
        return order
    }

    /// Writes on the caller's thread (after the writer stopped).
    private func writeNow(_ records: [AuditRecord], _ spend: [SpendEntry]) {
        do { try log.appendBlocking(records, spend: spend) } catch {
            logger.error("audit: could not write \(records.count) records", metadata: ["srooter.error": "\(error)"])
        }
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
