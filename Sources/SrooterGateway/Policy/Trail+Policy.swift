import SrooterStore

extension Trail {
    /// Settles what the policy stage reserved: the budget to the real cost (0 releases it) and
    /// the tokens-per-minute charge to the real token count. Returns the spend to store with the
    /// record. Called once, when the request ends. For a stream cut before the provider's usage,
    /// `usage` is `UsageCapture.charge`'s estimate (never below what was seen or relayed), so a
    /// client that hangs up just before the usage frame is still charged for what it received.
    func settlePolicy(usage: Usage, costUSD: Double) -> [SpendEntry] {
        guard let policy else { return [] }
        policy.rate?.settle(actualTokens: usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens)
        return policy.ticket?.settle(costUSD: costUSD) ?? []
    }
}
