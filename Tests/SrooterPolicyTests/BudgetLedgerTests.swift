import SrooterPolicy
import SrooterStore
import Testing

/// The in-memory budget ledger: all-or-none reservations, settlement, expiry, the stored spend.
@Suite struct BudgetLedgerTests {
    let team = LedgerLine(scope: "team:platform", periodKey: "month:2026-11", limitMicros: 1_000)
    let user = LedgerLine(scope: "user:ada", periodKey: "day:2026-11-29", limitMicros: 300)

    @Test func reservesOnEveryLineOrNone() {
        let ledger = BudgetLedger()
        #expect(ledger.reserve(id: "a", lines: [team, user], amountMicros: 200, nowSeconds: 0, ttlSeconds: 60) == nil)
        // The user line has 100 left: refused there, and the team line is not touched either.
        let refusal = ledger.reserve(id: "b", lines: [team, user], amountMicros: 200, nowSeconds: 0, ttlSeconds: 60)
        #expect(refusal?.index == 1 && refusal?.balance.reservedMicros == 200)
        #expect(ledger.balances().map(\.reservedMicros) == [200, 200])
    }

    @Test func settlingReplacesTheReservationAndReturnsTheSpend() {
        let ledger = BudgetLedger()
        _ = ledger.reserve(id: "a", lines: [team, user], amountMicros: 200, nowSeconds: 0, ttlSeconds: 60)
        let spend = ledger.settle(id: "a", lines: [team, user], costMicros: 150)
        #expect(spend == [SpendEntry(scope: "team:platform", periodKey: "month:2026-11", micros: 150),
                          SpendEntry(scope: "user:ada", periodKey: "day:2026-11-29", micros: 150)])
        #expect(ledger.balances().map(\.spentMicros) == [150, 150] && ledger.balances().map(\.reservedMicros) == [0, 0])
        #expect(ledger.settle(id: "b", lines: [user], costMicros: 0).isEmpty, "a release stores nothing")
    }

    @Test func orphanedReservationsExpireAndLateSettlementsStillCount() {
        let ledger = BudgetLedger()
        _ = ledger.reserve(id: "lost", lines: [user], amountMicros: 300, nowSeconds: 0, ttlSeconds: 60)
        #expect(ledger.reserve(id: "x", lines: [user], amountMicros: 1, nowSeconds: 10, ttlSeconds: 60) != nil)
        #expect(ledger.expire(nowSeconds: 59) == 0 && ledger.expire(nowSeconds: 60) == 1)
        #expect(ledger.reserve(id: "x", lines: [user], amountMicros: 1, nowSeconds: 61, ttlSeconds: 60) == nil)
        #expect(ledger.settle(id: "lost", lines: [user], costMicros: 40).count == 1)
        #expect(ledger.balances().first?.spentMicros == 40 && ledger.balances().first?.reservedMicros == 1)
    }

    @Test func storedSpendLoadsOnce() {
        let ledger = BudgetLedger()
        let stored = [LedgerBalance(scope: "user:ada", periodKey: "day:2026-11-29", spentMicros: 250, reservedMicros: 0)]
        ledger.load(stored)
        ledger.load(stored)
        #expect(ledger.isLoaded && ledger.balances().first?.spentMicros == 250)
        #expect(ledger.reserve(id: "a", lines: [user], amountMicros: 51, nowSeconds: 0, ttlSeconds: 60) != nil)
        #expect(ledger.reserve(id: "a", lines: [user], amountMicros: 50, nowSeconds: 0, ttlSeconds: 60) == nil)
    }

    @Test func concurrentReservationsNeverShareRoom() async {
        let ledger = BudgetLedger()
        let line = user
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<1000 {
                group.addTask { ledger.reserve(id: "r\(index)", lines: [line], amountMicros: 1, nowSeconds: 0, ttlSeconds: 60) == nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 300 && ledger.balances().first?.reservedMicros == 300)
    }
}
