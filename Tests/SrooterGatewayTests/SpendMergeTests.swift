import SrooterStore
import Testing

@testable import SrooterGateway

/// A batch's spend goes to the database as one entry per ledger, whether a batch charges a
/// handful of ledgers (scanned) or many (a table past eight).
@Suite struct SpendMergeTests {
    @Test(arguments: [2, 8, 9, 40])
    func oneEntryPerLedgerWithEverySum(ledgers: Int) {
        var spend: [SpendEntry] = []
        for round in 1...5 {
            for ledger in 0..<ledgers {
                spend.append(SpendEntry(scope: "user:u\(ledger)", periodKey: ledger % 2 == 0 ? "day:2026-11-30" : "month:2026-11", micros: round * (ledger + 1)))
            }
        }
        let merged = AuditWriter.merged(spend)
        #expect(merged.map(\.scope) == (0..<ledgers).map { "user:u\($0)" }, "first-seen order")
        #expect(merged.map(\.micros) == (0..<ledgers).map { 15 * ($0 + 1) })
    }
}
