import SrooterStore
import Synchronization

/// The policy stage's state: the directory in memory (reloaded from the store), the rate
/// limiter, and the budget ledger. Pure decisions live in the value types. It reads the
/// directory (policies included) and the stored spend through their repositories.
public final class PolicyEngine: Sendable {
    /// What the engine reads: the directory with its policies, and the stored spend.
    public typealias Storage = DirectoryRepository & BudgetRepository

    let store: any Storage
    private let current = Mutex(Loaded())
    /// The rate limiter for every scope.
    public let limiter: RateLimiter
    /// Seconds after which an unsettled reservation no longer counts.
    public let reservationTTL: Int
    /// Spend and reservations per scope and period.
    public let ledger = BudgetLedger()
    private let periodKeys = PeriodKeys()
    /// The store's `data_version` at the last periodic reload.
    private let seenVersion = Mutex<Int?>(nil)

    public init(store: any Storage, reservationTTL: Int = 960, limiter: RateLimiter = RateLimiter()) {
        self.store = store
        self.reservationTTL = reservationTTL
        self.limiter = limiter
    }

    /// The directory and what was worked out from it per caller, replaced together on reload.
    private struct Loaded {
        var directory = Directory()
        var callers: [CallerKey: CallerPolicy] = [:]
    }

    private struct CallerKey: Hashable {
        let keyID: String
        let user: String
        let team: String?
    }

    /// Callers remembered per directory; past this many the memo starts again (a bound on memory,
    /// not an eviction policy: a gateway sees far fewer distinct keys between reloads).
    static let rememberedCallers = 10_000

    /// The directory now.
    public var directory: Directory { current.withLock { $0.directory } }

    /// Whether a caller may call models and the policy in force for it, worked out once per
    /// directory: merging a caller's documents and checking their roles cost more than the rest
    /// of the policy stage together.
    public func caller(keyID: String, user: String, keyTeam: String?) -> CallerPolicy {
        let key = CallerKey(keyID: keyID, user: user, team: keyTeam)
        if let known = current.withLock({ $0.callers[key] }) { return known }
        let directory = self.directory
        let fresh = CallerPolicy(
            mayCallModels: !directory.enforcesRoles || directory.permits(user, .callModels, on: ScopeRef(.user, user)),
            policy: directory.effectivePolicy(keyID: keyID, user: user, keyTeam: keyTeam))
        current.withLock { loaded in
            // Only if no reload replaced the directory meanwhile.
            guard loaded.directory.generation == directory.generation else { return }
            if loaded.callers.count >= Self.rememberedCallers { loaded.callers.removeAll() }
            loaded.callers[key] = fresh
        }
        return fresh
    }

    /// Re-reads orgs, teams, users, grants and policies (and, the first time, the stored spend),
    /// and drops expired reservations.
    public func reload() async throws(StoreError) {
        let snapshot = try await store.directory()
        let fresh = Directory(snapshot)
        current.withLock { $0 = Loaded(directory: fresh) }
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
        let lines = budgets.map { LedgerLine(scope: $0.ledgerScope, periodKey: periodKeys.key($0.period, at: now), limitMicros: $0.limitMicros) }
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

/// What the policy stage needs to know about one caller (an access key, its user and team).
public struct CallerPolicy: Sendable {
    /// Whether the caller's user holds a role that may call models (always, without a directory).
    public let mayCallModels: Bool
    /// The caller's documents combined.
    public let policy: EffectivePolicy
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
