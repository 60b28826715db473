/// The policy in force for one caller: the documents of its org, team, user and key combined.
///
/// Ceilings combine by taking the lowest, so the most specific scope wins when it is stricter and
/// a ceiling set higher up can never be raised lower down. Allowlists combine by intersection (a
/// model must match at every scope that sets one). Budgets and rate limits are not merged: each
/// scope that sets one has its own ledger or bucket, and every one of them must admit the request.
public struct EffectivePolicy: Sendable, Equatable {
    /// A ceiling and the scope that set it.
    public struct Bound<Value: Sendable & Equatable>: Sendable, Equatable {
        public var value: Value
        public var scope: ScopeRef
    }

    /// A budget that applies: the scope whose ledger it checks, the period and the limit.
    public struct BudgetLimit: Sendable, Equatable {
        public let scope: ScopeRef
        public let period: BudgetPeriod
        public let limitUSD: Double
        /// `scope` as the ledger names it (`team:platform`), made once.
        public let ledgerScope: String
        /// `limitUSD` in the ledger's micro-dollars (rounded down).
        public let limitMicros: Int

        public init(scope: ScopeRef, period: BudgetPeriod, limitUSD: Double) {
            self.scope = scope
            self.period = period
            self.limitUSD = limitUSD
            ledgerScope = scope.description
            limitMicros = BudgetEstimate.micros(limitUSD, up: false)
        }
    }

    /// A rate limit that applies to `scope`'s traffic.
    public struct RateLimit: Sendable, Equatable {
        public var scope: ScopeRef
        public var requestsPerMinute: Int?
        public var tokensPerMinute: Int?

        public init(scope: ScopeRef, requestsPerMinute: Int?, tokensPerMinute: Int?) {
            self.scope = scope
            self.requestsPerMinute = requestsPerMinute
            self.tokensPerMinute = tokensPerMinute
        }
    }

    /// Allowlists by the scope that set them, broadest first.
    public var allowlists: [(scope: ScopeRef, patterns: [ModelPattern])] = []
    public var maxThinkingTokens: Bound<Int>?
    public var maxEffort: Bound<EffortLevel>?
    public var maxOutputTokens: Bound<Int>?
    public var estimateOutputTokens: Int = EffectivePolicy.defaultEstimateOutputTokens
    public var budgets: [BudgetLimit] = []
    public var rateLimits: [RateLimit] = []

    /// The output tokens a reservation assumes when no policy sets `estimate_output_tokens`.
    public static let defaultEstimateOutputTokens = 4096

    public init() {}

    /// Combines documents ordered from the broadest scope (org) to the most specific (key).
    public init(chain: [(scope: ScopeRef, rules: PolicyRules)]) {
        var estimate: Int?
        for (scope, rules) in chain.sorted(by: { $0.scope.kind < $1.scope.kind }) {
            if let patterns = rules.models { allowlists.append((scope, patterns)) }
            maxThinkingTokens = Self.lower(maxThinkingTokens, rules.maxThinkingTokens, scope)
            maxEffort = Self.lower(maxEffort, rules.maxEffort, scope)
            maxOutputTokens = Self.lower(maxOutputTokens, rules.maxOutputTokens, scope)
            if let value = rules.estimateOutputTokens { estimate = min(estimate ?? value, value) }
            if let budget = rules.budgetUSD {
                for (period, limit) in [(BudgetPeriod.day, budget.day), (.month, budget.month), (.total, budget.total)] {
                    if let limit { budgets.append(BudgetLimit(scope: scope, period: period, limitUSD: limit)) }
                }
            }
            if rules.requestsPerMinute != nil || rules.tokensPerMinute != nil {
                rateLimits.append(RateLimit(scope: scope, requestsPerMinute: rules.requestsPerMinute, tokensPerMinute: rules.tokensPerMinute))
            }
        }
        estimateOutputTokens = estimate ?? Self.defaultEstimateOutputTokens
    }

    private static func lower<T: Comparable>(_ current: Bound<T>?, _ value: T?, _ scope: ScopeRef) -> Bound<T>? {
        guard let value else { return current }
        guard let current else { return Bound(value: value, scope: scope) }
        return value < current.value ? Bound(value: value, scope: scope) : current
    }

    /// The scope whose allowlist refuses `model`, or nil when the model is allowed.
    public func refusingScope(for model: String) -> ScopeRef? {
        allowlists.first(where: { entry in !entry.patterns.contains(where: { $0.matches(model) }) })?.scope
    }

    /// Whether `model` is allowed.
    public func allows(_ model: String) -> Bool { refusingScope(for: model) == nil }

    /// Whether any reasoning or output cap is set.
    public var hasCaps: Bool { maxThinkingTokens != nil || maxEffort != nil || maxOutputTokens != nil }

    public static func == (lhs: EffectivePolicy, rhs: EffectivePolicy) -> Bool {
        lhs.allowlists.map { "\($0.scope)=\($0.patterns)" } == rhs.allowlists.map { "\($0.scope)=\($0.patterns)" }
            && lhs.maxThinkingTokens == rhs.maxThinkingTokens && lhs.maxEffort == rhs.maxEffort
            && lhs.maxOutputTokens == rhs.maxOutputTokens && lhs.estimateOutputTokens == rhs.estimateOutputTokens
            && lhs.budgets == rhs.budgets && lhs.rateLimits == rhs.rateLimits
    }
}
