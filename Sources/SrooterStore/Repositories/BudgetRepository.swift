/// The stored half of the budget ledger: settled spend per scope and period. Implemented by
/// `Store` (SQLite). The gateway settles spend only through the audit append
/// (`AuditChainRepository.appendChained(_:spend:)`), so spend and audit records commit together;
/// `addSpend` is for tools and tests.
public protocol BudgetRepository: Sendable {
    /// Every ledger with spend, ordered by scope and period (reservations live in the running gateway).
    func ledgerBalances() async throws(StoreError) -> [LedgerBalance]
    /// Adds spend outside an audit append.
    func addSpend(_ entries: [SpendEntry]) async throws(StoreError)
}
