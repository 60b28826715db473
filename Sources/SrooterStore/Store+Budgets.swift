/// One ledger a reservation checks: a scope (`team:platform`), a period key (`day:2026-11-20`)
/// and the ceiling, in millionths of a US dollar.
public struct LedgerLine: Sendable, Equatable, Codable {
    public var scope: String
    public var periodKey: String
    public var limitMicros: Int

    public init(scope: String, periodKey: String, limitMicros: Int) {
        self.scope = scope
        self.periodKey = periodKey
        self.limitMicros = limitMicros
    }
}

/// A ledger's state: spent and currently reserved, in micro-dollars.
public struct LedgerBalance: Sendable, Equatable, Codable {
    public var scope: String
    public var periodKey: String
    public var spentMicros: Int
    public var reservedMicros: Int

    public init(scope: String, periodKey: String, spentMicros: Int, reservedMicros: Int) {
        self.scope = scope
        self.periodKey = periodKey
        self.spentMicros = spentMicros
        self.reservedMicros = reservedMicros
    }
}

/// Spend settled on one ledger, to be added to the stored total.
public struct SpendEntry: Sendable, Equatable {
    public var scope: String
    public var periodKey: String
    public var micros: Int

    public init(scope: String, periodKey: String, micros: Int) {
        self.scope = scope
        self.periodKey = periodKey
        self.micros = micros
    }
}

/// The stored half of the budget ledger: the spend per scope and period.
///
/// Reservations live in the gateway's memory (`BudgetLedger` in SrooterPolicy): they only
/// matter while their requests are in flight, and a process that dies takes its requests with
/// it. Spend is committed in the same transaction as the audit records of the requests that
/// settled it (`appendChained(_:spend:)`, on the batch's last row, folded into `budget_spend` about
/// once a second: `Store+SpendFold`), so the stored spend and the audit trail agree after any
/// crash, and the ledger reloads it at start.
extension Store {
    /// Every ledger with spend, ordered by scope and period (reserved is 0: reservations are
    /// held by the running gateway, whose `/admin/v1/spend` shows them). Includes the audit rows'
    /// charges not folded into `budget_spend` yet, read in the same snapshot.
    public func ledgerBalances() async throws(StoreError) -> [LedgerBalance] {
        try await perform { connection throws(StoreError) in
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            var totals = try self.unfoldedCharges(connection)
            let statement = try connection.prepare("SELECT scope, period_key, spent_micros FROM budget_spend")
            while try statement.step() {
                totals[SpendKey(scopeIndex: statement.string(0) ?? "", periodKey: statement.string(1) ?? ""), default: 0] += statement.int(2) ?? 0
            }
            let name = try self.scopeNames(connection)
            return totals.map { key, micros in
                LedgerBalance(scope: name(key.scopeIndex), periodKey: key.periodKey, spentMicros: micros, reservedMicros: 0)
            }.sorted { ($0.scope, $0.periodKey) < ($1.scope, $1.periodKey) }
        }
    }

    /// Adds spend outside an audit append (tests and tools; the gateway goes through `appendChained`).
    public func addSpend(_ entries: [SpendEntry]) async throws(StoreError) {
        try await perform { connection throws(StoreError) in
            try connection.cached("BEGIN IMMEDIATE").run()
            do throws(StoreError) {
                try self.addSpend(entries, connection)
                try connection.cached("COMMIT").run()
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Adds `entries` inside the caller's transaction (scopes stored as their blind index).
    func addSpend(_ entries: [SpendEntry], _ connection: SQLiteConnection) throws(StoreError) {
        var totals: [SpendKey: Int] = [:]
        for entry in entries where entry.micros != 0 {
            totals[SpendKey(scopeIndex: try storedScope(entry.scope, connection), periodKey: entry.periodKey), default: 0] += entry.micros
        }
        try SpendFold.add(totals, connection)
    }
}
