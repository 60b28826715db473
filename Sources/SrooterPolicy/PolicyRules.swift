/// One policy document, attached at an org, team, user or key. Every field is optional; an
/// absent field leaves the broader scopes' setting in force.
///
/// JSON form (what the admin API and `srooter policy set` take):
/// ```json
/// {"models": ["claude-*", "gpt-5*"], "max_thinking_tokens": 8000, "max_effort": "medium",
///  "max_output_tokens": 16000, "budget_usd": {"day": 5, "month": 100},
///  "requests_per_minute": 60, "tokens_per_minute": 200000, "estimate_output_tokens": 4096}
/// ```
public struct PolicyRules: Sendable, Equatable, Codable {
    /// Allowed public model names (globs). A model must match at every scope that sets a list.
    public var models: [ModelPattern]?
    /// Ceiling on Anthropic `thinking.budget_tokens`.
    public var maxThinkingTokens: Int?
    /// Ceiling on reasoning effort (Anthropic `output_config.effort`, OpenAI `reasoning.effort` / `reasoning_effort`).
    public var maxEffort: EffortLevel?
    /// Ceiling on `max_tokens` (Anthropic, chat), `max_completion_tokens` (chat), `max_output_tokens` (Responses).
    public var maxOutputTokens: Int?
    /// Hard spending ceilings in US dollars for this scope's own traffic.
    public var budgetUSD: Budgets?
    /// Requests per minute for this scope's own traffic.
    public var requestsPerMinute: Int?
    /// Tokens (input estimate, then actual input + output) per minute for this scope's own traffic.
    public var tokensPerMinute: Int?
    /// The output tokens a budget reservation assumes at most (default 4096), whatever `max_tokens` says.
    public var estimateOutputTokens: Int?

    /// Budget ceilings per period.
    public struct Budgets: Sendable, Equatable, Codable {
        public var day: Double?
        public var month: Double?
        public var total: Double?
        public init(day: Double? = nil, month: Double? = nil, total: Double? = nil) {
            self.day = day
            self.month = month
            self.total = total
        }
    }

    public init(
        models: [ModelPattern]? = nil, maxThinkingTokens: Int? = nil, maxEffort: EffortLevel? = nil, maxOutputTokens: Int? = nil,
        budgetUSD: Budgets? = nil, requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, estimateOutputTokens: Int? = nil
    ) {
        self.models = models
        self.maxThinkingTokens = maxThinkingTokens
        self.maxEffort = maxEffort
        self.maxOutputTokens = maxOutputTokens
        self.budgetUSD = budgetUSD
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.estimateOutputTokens = estimateOutputTokens
    }

    enum CodingKeys: String, CodingKey {
        case models
        case maxThinkingTokens = "max_thinking_tokens"
        case maxEffort = "max_effort"
        case maxOutputTokens = "max_output_tokens"
        case budgetUSD = "budget_usd"
        case requestsPerMinute = "requests_per_minute"
        case tokensPerMinute = "tokens_per_minute"
        case estimateOutputTokens = "estimate_output_tokens"
    }

    /// Problems that make the document unusable, one line each (empty when valid).
    public var problems: [String] {
        var out: [String] = []
        for (name, value) in [("max_thinking_tokens", maxThinkingTokens), ("max_output_tokens", maxOutputTokens),
                              ("requests_per_minute", requestsPerMinute), ("tokens_per_minute", tokensPerMinute),
                              ("estimate_output_tokens", estimateOutputTokens)] {
            if let value, value < 1 { out.append("\(name) must be at least 1") }
        }
        if let thinking = maxThinkingTokens, thinking < 1024 { out.append("max_thinking_tokens must be at least 1024 (Anthropic's minimum budget)") }
        for (name, value) in [("day", budgetUSD?.day), ("month", budgetUSD?.month), ("total", budgetUSD?.total)] {
            if let value, !(value >= 0 && value.isFinite) { out.append("budget_usd.\(name) must be a non-negative number of dollars") }
        }
        if models?.contains(where: { $0.text.isEmpty }) == true { out.append("models must not contain an empty pattern") }
        return out
    }
}
