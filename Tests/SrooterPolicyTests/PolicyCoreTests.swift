import SrooterPolicy
import Testing

@Suite struct PolicyCoreTests {
    @Test(arguments: [
        ("claude-*", "claude-sonnet-4-5", true), ("claude-*", "gpt-5", false), ("*", "anything", true),
        ("gpt-5", "gpt-5", true), ("gpt-5", "gpt-5-mini", false), ("gpt-?", "gpt-5", true), ("gpt-?", "gpt-55", false),
        ("*-mini", "gpt-5-mini", true), ("c*e-*-4*", "claude-opus-4-1", true), ("", "", true), ("a*b*c", "abxbc", true),
        ("a*b*c", "abxbd", false),
    ])
    func globs(pattern: String, name: String, expected: Bool) {
        #expect(ModelPattern(pattern).matches(name) == expected)
    }

    @Test func rolesCarryTheirPermissions() {
        #expect(Role.owner.permissions == Set(Permission.allCases))
        #expect(Role.admin.permissions.contains(.managePolicies) && !Role.admin.permissions.contains(.readAudit))
        #expect(!Role.admin.permissions.contains(.manageOrgs))
        #expect(Role.auditor.permissions == [.readAudit, .readSpend, .readOwn])
        #expect(Role.member.permissions == [.callModels, .readOwn])
        #expect(Role.viewer.permissions == [.readOwn])
    }

    @Test func ceilingsTakeTheLowestAndAllowlistsIntersect() {
        let org = ScopeRef(.org, "acme"), team = ScopeRef(.team, "platform"), user = ScopeRef(.user, "ada"), key = ScopeRef(.key, "k1")
        let policy = EffectivePolicy(chain: [
            (key, PolicyRules(maxThinkingTokens: 50_000, maxEffort: .low)),
            (org, PolicyRules(models: [ModelPattern("claude-*"), ModelPattern("gpt-5*")], maxThinkingTokens: 16_000, maxEffort: .high)),
            (team, PolicyRules(models: [ModelPattern("claude-*")], maxThinkingTokens: 8_000, estimateOutputTokens: 2048)),
            (user, PolicyRules(maxOutputTokens: 20_000, budgetUSD: .init(day: 5, month: 50), requestsPerMinute: 30)),
        ])
        // a key set higher (50k) cannot raise the team's 8k; a key set lower (low) wins over the org's high
        #expect(policy.maxThinkingTokens?.value == 8_000 && policy.maxThinkingTokens?.scope == team)
        #expect(policy.maxEffort?.value == .low && policy.maxEffort?.scope == key)
        #expect(policy.maxOutputTokens?.value == 20_000)
        #expect(policy.estimateOutputTokens == 2048)
        #expect(policy.allows("claude-sonnet-4-5"))
        #expect(policy.refusingScope(for: "gpt-5") == team)
        #expect(policy.refusingScope(for: "llama") == org)
        #expect(policy.budgets.map { "\($0.scope) \($0.period) \($0.limitUSD)" } == ["user:ada day 5.0", "user:ada month 50.0"])
        #expect(policy.rateLimits.map(\.scope) == [user])
        #expect(EffectivePolicy(chain: []).allows("anything") && EffectivePolicy(chain: []).estimateOutputTokens == 4096)
    }

    @Test func effortLowersToAValidLevelOfTheWire() {
        #expect(EffortLevel.lowered(to: .medium, among: EffortLevel.openAI) == .medium)
        #expect(EffortLevel.lowered(to: .minimal, among: EffortLevel.anthropic) == .low)
        #expect(EffortLevel.lowered(to: .xhigh, among: EffortLevel.anthropic) == .high)
        #expect(EffortLevel.minimal < .low && .high < .xhigh && .xhigh < .max)
    }

    @Test func gcraAdmitsTheLimitPerPeriodThenRefuses() {
        var bucket = GCRA()
        for i in 0..<10 { #expect(bucket.admit(cost: 1, limit: 10, period: 60, now: 0).allowed, "request \(i)") }
        let refused = bucket.admit(cost: 1, limit: 10, period: 60, now: 0)
        #expect(!refused.allowed && abs(refused.retryAfter - 6) < 1e-6 && refused.remaining == 0)
        #expect(bucket.admit(cost: 1, limit: 10, period: 60, now: 6).allowed)
        #expect(!bucket.admit(cost: 1, limit: 10, period: 60, now: 6).allowed)
        bucket.adjust(by: -5, limit: 10, period: 60, now: 6)
        #expect(bucket.admit(cost: 5, limit: 10, period: 60, now: 6).allowed)
    }

    @Test func limiterIsAllOrNothingAcrossScopes() {
        let limiter = RateLimiter()
        let limits = [
            EffectivePolicy.RateLimit(scope: ScopeRef(.team, "t"), requestsPerMinute: 100, tokensPerMinute: nil),
            EffectivePolicy.RateLimit(scope: ScopeRef(.user, "u"), requestsPerMinute: 2, tokensPerMinute: 1000),
        ]
        #expect((try? limiter.admit(limits, tokens: 400, now: 0).get()) != nil)
        #expect((try? limiter.admit(limits, tokens: 400, now: 0).get()) != nil)
        guard case .failure(let refusal) = limiter.admit(limits, tokens: 10, now: 0) else { Issue.record("admitted a third"); return }
        #expect(refusal.scope == ScopeRef(.user, "u") && refusal.unit == "requests")
        // at 30 s a request slot is back and 700 tokens are: 900 is refused by tokens (and charges nothing)
        guard case .failure(let tokens) = limiter.admit(limits, tokens: 900, now: 30) else { Issue.record("tokens admitted"); return }
        #expect(tokens.unit == "tokens" && tokens.scope == ScopeRef(.user, "u"))
        // the two requests really used 100 tokens, not 800: the difference comes back
        limiter.settleTokens(limits, estimated: 800, actual: 100, now: 30)
        #expect((try? limiter.admit(limits, tokens: 900, now: 30).get()) != nil)
    }

    @Test func budgetPeriodsAndResets() {
        let t = 1_795_000_000  // 2026-11-18T...Z
        #expect(BudgetPeriod.day.key(at: t) == "day:2026-11-18")
        #expect(BudgetPeriod.month.key(at: t) == "month:2026-11")
        #expect(BudgetPeriod.total.key(at: t) == "total" && BudgetPeriod.total.reset(after: t) == nil)
        #expect(BudgetPeriod.day.reset(after: t) == 1_795_046_400)  // 2026-11-19T00:00:00Z
        #expect(BudgetPeriod.month.reset(after: t) == 1_796_083_200)  // 2026-12-01T00:00:00Z
        #expect(BudgetPeriod.month.key(at: 1_798_761_600) == "month:2027-01")  // 2027-01-01
    }

    @Test func estimateCapsOutput() {
        let estimate = BudgetEstimate(bodyBytes: 4000, requestedOutput: 64_000, outputCap: 4096, inputPrice: 3, outputPrice: 15)
        #expect(estimate.inputTokens == 1000 && estimate.outputTokens == 4096)
        #expect(abs(estimate.usd - (1000 * 3 + 4096 * 15) / 1e6) < 1e-12)
        #expect(BudgetEstimate(bodyBytes: 0, requestedOutput: 100, outputCap: 4096, inputPrice: 3, outputPrice: 15).outputTokens == 100)
    }

    @Test func policyDocumentsRejectUnknownFieldsAndBadValues() throws {
        let rules = try PolicyRules.decode(#"{"models":["claude-*"],"max_effort":"medium","budget_usd":{"day":5}}"#)
        #expect(rules.models == [ModelPattern("claude-*")] && rules.maxEffort == .medium && rules.budgetUSD?.day == 5)
        #expect(throws: (any Error).self) { try PolicyRules.decode(#"{"max_efort":"low"}"#) }
        #expect(throws: (any Error).self) { try PolicyRules.decode(#"{"max_thinking_tokens":100}"#) }
        #expect(throws: (any Error).self) { try PolicyRules.decode(#"{"max_effort":"huge"}"#) }
        #expect(try PolicyRules.decode(rules.encoded()) == rules)
    }
}
