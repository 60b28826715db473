import SrooterStore
import Synchronization

/// The policy stage's state and I/O: the directory in memory (reloaded from the store), the rate
/// limiter, and the budget ledger's reservations. Pure decisions live in the value types; this
/// class only moves them in and out of SQLite.
public final class PolicyEngine: Sendable {
    let store: Store
    private let current = Mutex(Directory())
    /// The rate limiter for every scope.
    public let limiter: RateLimiter
    /// Seconds after which an unsettled reservation no longer counts.
    public let reservationTTL: Int

    public init(store: Store, reservationTTL: Int = 960, limiter: RateLimiter = RateLimiter()) {
        self.store = store
        self.reservationTTL = reservationTTL
        self.limiter = limiter
    }

    /// The directory now.
    public var directory: Directory { current.withLock { $0 } }

    /// Re-reads orgs, teams, users, grants and policies, and drops expired reservations.
    public func reload() async throws(StoreError) {
        let snapshot = try await store.directory()
        let fresh = Directory(snapshot)
        current.withLock { $0 = fresh }
        try await store.expireReservations(nowSeconds: BudgetPeriod.nowSeconds())
    }

    /// A budget the request does not fit in: the scope, period, limit and when it resets.
    public struct BudgetRefusal: Error, Sendable, Equatable {
        public var scope: ScopeRef
        public var period: BudgetPeriod
        public var limitUSD: Double
        public var spentUSD: Double
        /// Unix seconds, nil for a `total` budget.
        public var resetsAt: Int?
    }

    /// Reserves `estimateUSD` on every budget that applies, atomically. Returns nil when no budget applies.
    public func reserve(_ budgets: [EffectivePolicy.BudgetLimit], estimateUSD: Double, requestID: String) async throws(StoreError)
        -> Result<BudgetTicket?, BudgetRefusal>
    {
        guard !budgets.isEmpty else { return .success(nil) }
        let now = BudgetPeriod.nowSeconds()
        let lines = budgets.map {
            LedgerLine(scope: $0.scope.description, periodKey: $0.period.key(at: now), limitMicros: BudgetEstimate.micros($0.limitUSD, up: false))
        }
        let amount = BudgetEstimate.micros(estimateUSD, up: true)
        if let (index, balance) = try await store.reserveBudget(id: requestID, lines: lines, amountMicros: amount, nowSeconds: now, ttlSeconds: reservationTTL) {
            let budget = budgets[index]
            return .failure(BudgetRefusal(
                scope: budget.scope, period: budget.period, limitUSD: budget.limitUSD, spentUSD: Double(balance.spentMicros) / 1_000_000,
                resetsAt: budget.period.reset(after: now)))
        }
        return .success(BudgetTicket(engine: self, id: requestID, lines: lines, estimateMicros: amount))
    }
}

/// One request's reservation: settled once, to the real cost (0 releases it).
public final class BudgetTicket: Sendable {
    let engine: PolicyEngine
    /// The request id the reservation is stored under.
    public let id: String
    let lines: [LedgerLine]
    /// The reserved amount in micro-dollars.
    public let estimateMicros: Int
    private let done = Atomic<Bool>(false)

    init(engine: PolicyEngine, id: String, lines: [LedgerLine], estimateMicros: Int) {
        self.engine = engine
        self.id = id
        self.lines = lines
        self.estimateMicros = estimateMicros
    }

    /// Replaces the reservation by `costUSD`; later calls do nothing.
    public func settle(costUSD: Double) async {
        guard !done.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // A failed write leaves the reservation to expire; the request has already been served.
        try? await engine.store.settleBudget(id: id, lines: lines, costMicros: BudgetEstimate.micros(costUSD, up: false))
    }

    /// Settles in the background (from synchronous code at the end of a response).
    public func settleDetached(costUSD: Double) {
        Task { await self.settle(costUSD: costUSD) }
    }
}
