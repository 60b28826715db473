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
}

/// The budget ledger: spend per scope and period, and open reservations that expire.
///
/// A reservation is one `BEGIN IMMEDIATE` transaction that checks
/// `spent + reserved + estimate <= limit` on every line and inserts the reservation only if all
/// pass; with the store's single queue and SQLite's write lock (other processes included) no two
/// reservations can both see the same room.
extension Store {
    /// Reserves `amountMicros` on every line, or none. Returns the index of the first line that
    /// has no room (with its balance), or nil when reserved.
    public func reserveBudget(
        id: String, lines: [LedgerLine], amountMicros: Int, nowSeconds: Int, ttlSeconds: Int
    ) async throws(StoreError) -> (index: Int, balance: LedgerBalance)? {
        try await perform { connection throws(StoreError) in
            try connection.execute("BEGIN IMMEDIATE")
            do throws(StoreError) {
                for (index, line) in lines.enumerated() {
                    let balance = try Self.balance(
                        connection, scope: line.scope, stored: try self.storedScope(line.scope, connection), periodKey: line.periodKey, now: nowSeconds)
                    if balance.spentMicros + balance.reservedMicros + amountMicros > line.limitMicros {
                        try connection.execute("ROLLBACK")
                        return (index, balance)
                    }
                }
                let insert = try connection.prepare(
                    "INSERT INTO budget_reservations (id, scope, period_key, amount_micros, expires_at) VALUES (?, ?, ?, ?, ?)")
                for line in lines {
                    insert.bind(1, id)
                    insert.bind(2, try self.storedScope(line.scope, connection))
                    insert.bind(3, line.periodKey)
                    insert.bind(4, amountMicros)
                    insert.bind(5, nowSeconds + ttlSeconds)
                    _ = try insert.step()
                    insert.reset()
                }
                try connection.execute("COMMIT")
                return nil
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Replaces a reservation by the real cost (0 releases it) on the lines it was made on. Safe
    /// to call after the reservation expired: the spend is still recorded.
    public func settleBudget(id: String, lines: [LedgerLine], costMicros: Int) async throws(StoreError) {
        try await perform { connection throws(StoreError) in
            try connection.execute("BEGIN IMMEDIATE")
            do throws(StoreError) {
                let delete = try connection.prepare("DELETE FROM budget_reservations WHERE id = ?")
                delete.bind(1, id)
                _ = try delete.step()
                if costMicros > 0 {
                    let add = try connection.prepare(
                        "INSERT INTO budget_spend (scope, period_key, spent_micros) VALUES (?, ?, ?) "
                            + "ON CONFLICT (scope, period_key) DO UPDATE SET spent_micros = spent_micros + excluded.spent_micros")
                    for line in lines {
                        add.bind(1, try self.storedScope(line.scope, connection))
                        add.bind(2, line.periodKey)
                        add.bind(3, costMicros)
                        _ = try add.step()
                        add.reset()
                    }
                }
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Deletes reservations that expired (their requests never settled: a crash or a lost task).
    @discardableResult
    public func expireReservations(nowSeconds: Int) async throws(StoreError) -> Int {
        try await perform { connection throws(StoreError) in
            let statement = try connection.prepare("DELETE FROM budget_reservations WHERE expires_at <= ?")
            statement.bind(1, nowSeconds)
            _ = try statement.step()
            return connection.changes
        }
    }

    /// Every ledger with spend or open reservations, ordered by scope and period.
    public func ledgerBalances(nowSeconds: Int) async throws(StoreError) -> [LedgerBalance] {
        try await perform { connection throws(StoreError) in
            let statement = try connection.prepare(
                """
                SELECT scope, period_key, SUM(spent), SUM(reserved) FROM (
                  SELECT scope, period_key, spent_micros AS spent, 0 AS reserved FROM budget_spend
                  UNION ALL
                  SELECT scope, period_key, 0, amount_micros FROM budget_reservations WHERE expires_at > ?)
                GROUP BY scope, period_key ORDER BY scope, period_key
                """)
            statement.bind(1, nowSeconds)
            let name = try self.scopeNames(connection)
            var out: [LedgerBalance] = []
            while try statement.step() {
                out.append(
                    LedgerBalance(
                        scope: name(statement.string(0) ?? ""), periodKey: statement.string(1) ?? "", spentMicros: statement.int(2) ?? 0,
                        reservedMicros: statement.int(3) ?? 0))
            }
            return out.sorted { ($0.scope, $0.periodKey) < ($1.scope, $1.periodKey) }
        }
    }

    /// `stored` is the scope's stored form (`storedScope`); `scope` its name, for the result.
    private static func balance(_ connection: SQLiteConnection, scope: String, stored: String, periodKey: String, now: Int) throws(StoreError) -> LedgerBalance {
        let spent = try connection.prepare("SELECT spent_micros FROM budget_spend WHERE scope = ? AND period_key = ?")
        spent.bind(1, stored)
        spent.bind(2, periodKey)
        let spentMicros = try spent.step() ? spent.int(0) ?? 0 : 0
        let reserved = try connection.prepare(
            "SELECT COALESCE(SUM(amount_micros), 0) FROM budget_reservations WHERE scope = ? AND period_key = ? AND expires_at > ?")
        reserved.bind(1, stored)
        reserved.bind(2, periodKey)
        reserved.bind(3, now)
        let reservedMicros = try reserved.step() ? reserved.int(0) ?? 0 : 0
        return LedgerBalance(scope: scope, periodKey: periodKey, spentMicros: spentMicros, reservedMicros: reservedMicros)
    }
}
