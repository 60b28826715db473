import Logging
import ServiceLifecycle
import SrooterStore
import Synchronization

/// The finish stage's feature sink: each request served through a trivial or learned route
/// leaves its routing features (counts and flags, never text), keyed by its request id and
/// scoped to the caller's org, for `srooter router train --from-audit` and
/// `POST /v1/srooter/feedback`. The only writer of stored features.
struct RoutingFeatureSink: OutcomeSink {
    let writer: FeatureWriter
    /// The caller's tenancy: `org:NAME`, or `user:NAME` for a user in no org.
    let scope: @Sendable (Principal) -> String

    func observe(_ outcome: RequestOutcome) {
        guard let route = outcome.route, let name = route.route, let features = route.features, let principal = outcome.trail.principal else { return }
        writer.queue(RoutingFeatureRow(
            requestID: outcome.trail.requestID, scope: scope(principal), timestamp: outcome.trail.timestamp, route: name,
            sessionKey: route.sessionKey, features: LabelledSamples.json(features)))
    }
}

/// Writes stored features in batches off the request path: the first row queued while no write
/// runs starts one; rows queued meanwhile go into the next. Bounded: at most `maxQueued` rows wait
/// (past that the oldest are dropped and counted), and the table keeps at most `cap` rows (the
/// oldest deleted first) besides the retention (`audit.retention_days`, pruned at start and hourly).
public final class FeatureWriter: Service, Sendable {
    private struct Pending {
        var rows: [RoutingFeatureRow] = []
        var writing = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var dropped = 0
    }

    private let repository: any RoutingFeatureRepository
    private let cap: Int
    private let retentionDays: Int?
    private let logger: Logger
    private let pending = Mutex(Pending())
    static let maxQueued = 10_000
    /// The most rows the table keeps by default.
    public static let defaultCap = 1_000_000

    public init(repository: any RoutingFeatureRepository, cap: Int = FeatureWriter.defaultCap, retentionDays: Int?, logger: Logger) {
        self.repository = repository
        self.cap = cap
        self.retentionDays = retentionDays
        self.logger = logger
    }

    func queue(_ row: RoutingFeatureRow) {
        let lead = pending.withLock { state -> Bool in
            state.rows.append(row)
            if state.rows.count > Self.maxQueued {
                state.rows.removeFirst()
                state.dropped += 1
            }
            guard !state.writing else { return false }
            state.writing = true
            return true
        }
        if lead { Task { await self.drain() } }
    }

    /// Returns once every row queued before the call is written (or its write failed).
    public func flush() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let idle = pending.withLock { state -> Bool in
                guard state.writing || !state.rows.isEmpty else { return true }
                state.waiters.append(waiter)
                return false
            }
            if idle { waiter.resume() }
        }
    }

    private func drain() async {
        while true {
            let (batch, waiters, dropped) = pending.withLock { state -> ([RoutingFeatureRow], [CheckedContinuation<Void, Never>], Int) in
                defer { (state.rows, state.dropped) = ([], 0) }
                guard state.rows.isEmpty else { return (state.rows, [], state.dropped) }
                state.writing = false
                defer { state.waiters = [] }
                return ([], state.waiters, state.dropped)
            }
            if dropped > 0 { logger.warning("routing features: \(dropped) rows dropped (writes fell behind)") }
            guard !batch.isEmpty else {
                for waiter in waiters { waiter.resume() }
                return
            }
            do { try await repository.saveRoutingFeatures(batch, keepingAtMost: cap) } catch {
                logger.error("routing features: could not write \(batch.count) rows", metadata: ["srooter.error": "\(error)"])
            }
        }
    }

    public func run() async throws {
        await prune()
        await repeatUntilShutdown(every: .seconds(3600)) { await prune() }
        await flush()
    }

    /// Deletes features older than the audit retention.
    private func prune() async {
        guard let days = retentionDays else { return }
        let cutoff = Timestamp.format(seconds: Int(Timestamp.unixSeconds()) - days * 86_400, milliseconds: 0)
        do {
            let deleted = try await repository.pruneRoutingFeatures(olderThan: cutoff)
            if deleted > 0 { logger.info("routing features: pruned \(deleted) rows past the retention") }
        } catch {
            logger.error("routing features: could not prune", metadata: ["srooter.error": "\(error)"])
        }
    }
}
