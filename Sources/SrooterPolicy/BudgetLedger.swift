import SrooterStore
import Synchronization

/// The budget ledger of a running gateway: spend and open reservations per scope and period,
/// in memory, behind one lock.
///
/// A reservation checks `spent + reserved + estimate <= limit` on every line and takes room on
/// all of them, or on none, in one critical section, so concurrent requests can never both take
/// the same room; it costs a microsecond where a SQLite transaction per request cost
/// milliseconds of queueing at 32 connections. Spend starts from the database
/// (`Store.ledgerBalances`) and every settlement's spend is written in the same transaction as
/// the request's audit record. One gateway owns a database's ledger; a second gateway on the
/// same file would not see the first one's reservations.
public final class BudgetLedger: Sendable {
    private struct Key: Hashable {
        let scope: String
        let periodKey: String
    }

    private struct Balance {
        var spent = 0
        var reserved = 0
    }

    private struct Hold {
        let lines: [LedgerLine]
        let amount: Int
        let expiresAt: Int
    }

    private struct State {
        var balances: [Key: Balance] = [:]
        var holds: [String: Hold] = [:]
        var loaded = false
    }

    private let state = Mutex(State())

    public init() {}

    /// Whether the stored spend has been loaded.
    public var isLoaded: Bool { state.withLock { $0.loaded } }

    /// Adds the stored spend (once, at start).
    public func load(_ stored: [LedgerBalance]) {
        state.withLock { state in
            guard !state.loaded else { return }
            for balance in stored {
                state.balances[Key(scope: balance.scope, periodKey: balance.periodKey), default: Balance()].spent += balance.spentMicros
            }
            state.loaded = true
        }
    }

    /// Reserves `amountMicros` on every line under `id`, or nothing. Returns the index of the
    /// first line without room and its balance, or nil when reserved.
    public func reserve(id: String, lines: [LedgerLine], amountMicros: Int, nowSeconds: Int, ttlSeconds: Int) -> (index: Int, balance: LedgerBalance)? {
        state.withLock { state in
            for (index, line) in lines.enumerated() {
                let balance = state.balances[Key(scope: line.scope, periodKey: line.periodKey)] ?? Balance()
                if balance.spent + balance.reserved + amountMicros > line.limitMicros {
                    return (index, LedgerBalance(scope: line.scope, periodKey: line.periodKey, spentMicros: balance.spent, reservedMicros: balance.reserved))
                }
            }
            for line in lines { state.balances[Key(scope: line.scope, periodKey: line.periodKey), default: Balance()].reserved += amountMicros }
            state.holds[id] = Hold(lines: lines, amount: amountMicros, expiresAt: nowSeconds + ttlSeconds)
            return nil
        }
    }

    /// Replaces the reservation `id` by the real cost on `lines` (0 releases it). After the
    /// reservation expired the spend is still added. Returns the spend to store.
    public func settle(id: String, lines: [LedgerLine], costMicros: Int) -> [SpendEntry] {
        state.withLock { state in
            if let hold = state.holds.removeValue(forKey: id) {
                for line in hold.lines { state.balances[Key(scope: line.scope, periodKey: line.periodKey)]?.reserved -= hold.amount }
            }
            guard costMicros > 0 else { return [] }
            for line in lines { state.balances[Key(scope: line.scope, periodKey: line.periodKey), default: Balance()].spent += costMicros }
            return lines.map { SpendEntry(scope: $0.scope, periodKey: $0.periodKey, micros: costMicros) }
        }
    }

    /// Drops reservations past their expiry (their requests never settled); returns how many.
    @discardableResult
    public func expire(nowSeconds: Int) -> Int {
        state.withLock { state in
            let expired = state.holds.filter { $0.value.expiresAt <= nowSeconds }
            for (id, hold) in expired {
                state.holds[id] = nil
                for line in hold.lines { state.balances[Key(scope: line.scope, periodKey: line.periodKey)]?.reserved -= hold.amount }
            }
            return expired.count
        }
    }

    /// Every ledger with spend or reservations, ordered by scope and period.
    public func balances() -> [LedgerBalance] {
        state.withLock { state in
            state.balances.map { key, balance in
                LedgerBalance(scope: key.scope, periodKey: key.periodKey, spentMicros: balance.spent, reservedMicros: balance.reserved)
            }
        }
        .filter { $0.spentMicros != 0 || $0.reservedMicros != 0 }
        .sorted { ($0.scope, $0.periodKey) < ($1.scope, $1.periodKey) }
    }
}
