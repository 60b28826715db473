extension Trail {
    /// Settles what the policy stage reserved: the budget to the real cost (0 releases it) and
    /// the tokens-per-minute charge to the real token count. Called once, when the record is made.
    func settlePolicy(usage: Usage, costUSD: Double) {
        guard let policy else { return }
        policy.ticket?.settleDetached(costUSD: costUSD)
        policy.rate?.settle(actualTokens: usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens)
    }
}
