/// How much the model may think, and how each wire says it.
///
/// Anthropic asks for a token budget (`thinking: {type: "enabled", budget_tokens: N}`, at least
/// 1024 and below `max_tokens`) or, on newer models, an effort (`output_config.effort`: low,
/// medium, high, xhigh, max); OpenAI asks for an effort (Chat `reasoning_effort`, Responses
/// `reasoning.effort`: none, minimal, low, medium, high, xhigh). The table:
///
/// | Anthropic `budget_tokens` | → OpenAI effort |   | OpenAI effort | → Anthropic `budget_tokens` |
/// |---|---|---|---|---|
/// | 1024 – 8191   | low    |   | minimal | 1024 |
/// | 8192 – 24575  | medium |   | low     | 4096 |
/// | 24576 and up  | high   |   | medium  | 16384 |
/// |               |        |   | high    | 32768 |
/// |               |        |   | xhigh   | 65536 |
///
/// `minimal` is never produced from a budget (several OpenAI models refuse it); each effort maps
/// to a budget that maps back to the same effort, except `minimal` (→ low) and `xhigh` (→ high).
/// Claude Code's budgets (4000 "think", 10000 "think hard", 31999 "ultrathink") become low,
/// medium and high. The budget is then clamped to [1024, max_tokens − 1]; when `max_tokens` is
/// 1024 or less thinking is left off and reported as dropped. Anthropic's `output_config.effort`
/// maps name for name (`max` ↔ `xhigh`). OpenAI `none` and Anthropic `disabled` mean no reasoning.
public enum Reasoning: Sendable, Equatable {
    /// Anthropic's budget in tokens.
    case budget(Int)
    /// An effort level, by OpenAI's name (minimal, low, medium, high, xhigh).
    case effort(String)
    /// Reasoning explicitly off.
    case disabled

    /// The OpenAI effort for this request.
    public var openAIEffort: String? {
        switch self {
        case .budget(let tokens): Self.effort(forBudget: tokens)
        case .effort(let effort): effort
        case .disabled: nil
        }
    }

    /// The Anthropic budget for this request, before clamping to `max_tokens`.
    public var anthropicBudget: Int? {
        switch self {
        case .budget(let tokens): tokens
        case .effort(let effort): Self.budget(forEffort: effort)
        case .disabled: nil
        }
    }

    /// The effort a budget maps to (see the table).
    public static func effort(forBudget tokens: Int) -> String {
        switch tokens {
        case ..<8192: "low"
        case ..<24576: "medium"
        default: "high"
        }
    }

    /// The budget an effort maps to (see the table); unknown names count as medium.
    public static func budget(forEffort effort: String) -> Int {
        switch effort {
        case "minimal": 1024
        case "low": 4096
        case "high": 32768
        case "xhigh", "max": 65536
        default: 16384
        }
    }

    /// Anthropic `output_config.effort` name → OpenAI effort name.
    static func openAIName(anthropicEffort: String) -> String { anthropicEffort == "max" ? "xhigh" : anthropicEffort }
}
