import SrooterStore
import Synchronization

/// The policy stage's state: the directory in memory (reloaded from the store), the rate
/// limiter, and the budget ledger. Pure decisions live in the value types.
public final class PolicyEngine: Sendable {
    let store: Store
    private let current = Mutex(Directory())
    /// The rate limiter for every scope.
    public let limiter: RateLimiter
    /// Seconds after which an unsettled reservation no longer counts.
    public let reservationTTL: Int
    /// Spend and reservations per scope and period.
    public let ledger = BudgetLedger()
    /// The store's `data_version` at the last periodic reload.
    private let seenVersion = Mutex<Int?>(nil)

    public init(store: Store, reservationTTL: Int = 960, limiter: RateLimiter = RateLimiter()) {
        self.store = store
        self.reservationTTL = reservationTTL
        self.limiter = limiter
    }

    /// The directory now.
    public var directory: Directory { current.withLock { $0 } }

    /// Re-reads orgs, teams, users, grants and policies (and, the first time, the stored spend),
    /// and drops expired reservations.
    public func reload() async throws(StoreError) {
        let snapshot = try await store.directory()
        let fresh = Directory(snapshot)
        current.withLock { $0 = fresh }
        if !ledger.isLoaded { ledger.load(try await store.ledgerBalances()) }
        ledger.expire(nowSeconds: BudgetPeriod.nowSeconds())
    }

    /// The periodic refresh: drops expired reservations, and reloads the directory only when
    /// another process changed the database (the admin API reloads after its own writes).
    public func refresh() async throws(StoreError) {
        ledger.expire(nowSeconds: BudgetPeriod.nowSeconds())
        let version = try await store.dataVersion()
        guard version != seenVersion.withLock({ $0 }) else { return }
        try await reload()
        seenVersion.withLock { $0 = version }
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
    public func reserve(_ budgets: [EffectivePolicy.BudgetLimit], estimateUSD: Double, requestID: String) -> Result<BudgetTicket?, BudgetRefusal> {
        guard !budgets.isEmpty else { return .success(nil) }
        let now = BudgetPeriod.nowSeconds()
        let lines = budgets.map {
            LedgerLine(scope: $0.scope.description, periodKey: $0.period.key(at: now), limitMicros: BudgetEstimate.micros($0.limitUSD, up: false))
        }
        let amount = BudgetEstimate.micros(estimateUSD, up: true)
        if let (index, balance) = ledger.reserve(id: requestID, lines: lines, amountMicros: amount, nowSeconds: now, ttlSeconds: reservationTTL) {
            let budget = budgets[index]
            return .failure(BudgetRefusal(
                scope: budget.scope, period: budget.period, limitUSD: budget.limitUSD, spentUSD: Double(balance.spentMicros) / 1_000_000,
                resetsAt: budget.period.reset(after: now)))
        }
        return .success(BudgetTicket(ledger: ledger, id: requestID, lines: lines, estimateMicros: amount))
    }
}

/// One request's reservation: settled once, to the real cost (0 releases it).
public final class BudgetTicket: Sendable {
    let ledger: BudgetLedger
    /// The request id the reservation is held under.
    public let id: String
    let lines: [LedgerLine]
    /// The reserved amount in micro-dollars.
    public let estimateMicros: Int
    private let done = Atomic<Bool>(false)

    init(ledger: BudgetLedger, id: String, lines: [LedgerLine], estimateMicros: Int) {
        self.ledger = ledger
        self.id = id
        self.lines = lines
        self.estimateMicros = estimateMicros
    }

    /// Replaces the reservation by `costUSD` and returns the spend to store with the request's
    /// audit record; later calls do nothing and return nothing.
    public func settle(costUSD: Double) -> [SpendEntry] {
        guard !done.exchange(true, ordering: .acquiringAndReleasing) else { return [] }
        return ledger.settle(id: id, lines: lines, costMicros: BudgetEstimate.micros(costUSD, up: false))
    }
}
