import Logging
import ServiceLifecycle
import SrooterAudit
import SrooterStore
import Synchronization

/// Appends audit records in group commits, led by the requests themselves: a request that
/// finds no commit running commits its record at once, on its own thread; one that finds a
/// commit running queues its record and waits. When a commit ends, the first waiting request
/// is woken to commit everything queued by then, so records batch up under load while a lone
/// request pays for one small transaction and no hop to another thread and back (a dedicated
/// writer task cost every request two task switches, often across the two event loops).
///
/// `write` returns once its record is committed (WAL, `synchronous=NORMAL`: in the operating
/// system's hands, so a killed process loses nothing). The gateway calls it before it sends a
/// response's last bytes: a client that received a whole response can count on its record, and
/// the budget spend the request settled is committed in the same transaction. On graceful
/// shutdown (after the HTTP server has drained) the writer waits for the last commit and signs
/// the head before returning.
///
/// A timer signs a checkpoint every `audit.checkpoint_every_seconds` when records are unsigned,
/// and prunes past the retention.
public final class AuditWriter: Service, Sendable {
    /// The hash-chained log records go to (also read by `/admin/v1/audit`).
    let log: AuditLog
    private let logger: Logger

    /// What a waiting request is woken for.
    private enum Turn {
        /// Its record is committed.
        case committed
        /// No commit is running: it commits everything queued, its own record included.
        case lead
        /// The writer stopped: it writes its record itself.
        case stopped
    }

    private struct Queue {
        var records: [AuditRecord] = []
        var spend: [SpendEntry] = []
        var waiters: [CheckedContinuation<Turn, Never>] = []
        /// A request is committing, or has been woken to.
        var leading = false
        /// Set once the writer has stopped: later writes go straight to the database.
        var stopped = false
    }

    private let pending = Mutex(Queue())
    /// Whether the last commit had requests waiting for it.
    private let contended = Atomic<Bool>(false)

    public init(log: AuditLog, logger: Logger) {
        self.log = log
        self.logger = logger
    }

    /// Queues a record and returns once it (and `spend`) are committed.
    public func write(_ record: AuditRecord, spend: [SpendEntry] = []) async {
        // Without a commit running, no suspension at all: a continuation resumed at once still
        // costs a task switch.
        let turn: Turn
        if let now = pending.withLock({ queue in enqueue(record, spend, &queue, waiter: nil) }) {
            turn = now
        } else {
            turn = await withCheckedContinuation { (waiter: CheckedContinuation<Turn, Never>) in
                if let now = pending.withLock({ queue in enqueue(record, spend, &queue, waiter: waiter) }) { waiter.resume(returning: now) }
            }
        }
        switch turn {
        case .committed: return
        case .lead: await lead()
        case .stopped: writeNow([record], spend)
        }
    }

    /// Queues `record` and returns what to do now: lead a commit, write it directly, or (nil) wait.
    /// Without a `waiter` it queues nothing unless it can lead, so the caller can ask again with one.
    private func enqueue(_ record: AuditRecord, _ spend: [SpendEntry], _ queue: inout Queue, waiter: CheckedContinuation<Turn, Never>?) -> Turn? {
        guard !queue.stopped else { return .stopped }
        guard !queue.leading else {
            guard let waiter else { return nil }
            queue.records.append(record)
            queue.spend += spend
            queue.waiters.append(waiter)
            return nil
        }
        queue.leading = true
        queue.records.append(record)
        queue.spend += spend
        return .lead
    }

    /// Commits everything queued, wakes the requests whose records it held, and hands the lead to
    /// the first request that queued meanwhile (or gives it up).
    private func lead() async {
        // Under load (the last commit had requests waiting), let the requests already running on
        // this event loop reach their commit first, so they join this one rather than the next.
        if contended.load(ordering: .relaxed) { await Task.yield() }
        let batch = pending.withLock { queue in
            defer {
                queue.records.removeAll(keepingCapacity: true)
                queue.spend.removeAll(keepingCapacity: true)
                queue.waiters.removeAll(keepingCapacity: true)
            }
            return queue
        }
        if !batch.records.isEmpty || !batch.spend.isEmpty {
            do {
                try log.appendBlocking(batch.records, spend: Self.merged(batch.spend))
            } catch {
                logger.error("audit: could not write \(batch.records.count) records", metadata: ["srooter.error": "\(error)"])
            }
        }
        contended.store(!batch.waiters.isEmpty, ordering: .relaxed)
        for waiter in batch.waiters { waiter.resume(returning: .committed) }
        let next = pending.withLock { queue -> CheckedContinuation<Turn, Never>? in
            guard !queue.waiters.isEmpty else {
                queue.leading = false
                return nil
            }
            return queue.waiters.removeFirst()
        }
        next?.resume(returning: .lead)
    }

    public func run() async throws {
        let seconds = log.settings.checkpointEverySeconds
        await maintain(prune: true)
        await repeatUntilShutdown(every: .milliseconds(Int(seconds * 1000))) { await maintain(prune: false) }
        // After shutdown or cancellation: later writes go straight to the database; the last
        // commit a request leads ends, then the head is signed.
        pending.withLock { $0.stopped = true }
        while pending.withLock({ $0.leading }) { try? await Task.sleep(for: .milliseconds(1)) }
        do {
            try log.appendBlocking([], checkpoint: true)
        } catch {
            logger.error("audit: could not sign the last checkpoint at shutdown", metadata: ["srooter.error": "\(error)"])
        }
        logger.info("audit: writer stopped, all records written")
    }

    /// One entry per scope and period: a batch's spend in as few upserts as there are ledgers.
    static func merged(_ spend: [SpendEntry]) -> [SpendEntry] {
        guard spend.count > 1 else { return spend }
        struct Ledger: Hashable {
            let scope: String
            let periodKey: String
            init(_ entry: SpendEntry) { (scope, periodKey) = (entry.scope, entry.periodKey) }
        }
        // A batch usually charges a handful of ledgers (a team's, a user's): scanning them beats
        // hashing their names; past eight, a table takes over.
        var order: [SpendEntry] = []
        var position: [Ledger: Int]?
        for entry in spend {
            let at = position.map { $0[Ledger(entry)] }
                ?? order.firstIndex { $0.periodKey == entry.periodKey && $0.scope == entry.scope }
            if let at {
                order[at].micros += entry.micros
                continue
            }
            order.append(entry)
            if position != nil {
                position?[Ledger(entry)] = order.count - 1
            } else if order.count > 8 {
                position = Dictionary(uniqueKeysWithValues: order.enumerated().map { (Ledger($1), $0) })
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
            let deleted = try await log.prune(now: Int(Timestamp.unixSeconds()))
            if deleted > 0 { logger.info("audit: pruned \(deleted) records past the retention") }
        } catch {
            logger.error("audit: could not prune", metadata: ["srooter.error": "\(error)"])
        }
    }
}
