/// Reasoning effort, one ladder for both wires: `none < minimal < low < medium < high < xhigh < max`.
/// OpenAI uses `none`…`xhigh` (`reasoning.effort`, `reasoning_effort`); Anthropic uses
/// `low`, `medium`, `high`, `max` (`output_config.effort`).
public enum EffortLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case none, minimal, low, medium, high, xhigh, max

    private var rank: Int { EffortLevel.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: EffortLevel, rhs: EffortLevel) -> Bool { lhs.rank < rhs.rank }

    /// The levels Anthropic's `output_config.effort` accepts.
    public static let anthropic: [EffortLevel] = [.low, .medium, .high, .max]
    /// The levels OpenAI's reasoning effort accepts.
    public static let openAI: [EffortLevel] = [.none, .minimal, .low, .medium, .high, .xhigh]

    /// The highest level of `valid` not above `cap` (or the lowest valid level when all are above it).
    public static func lowered(to cap: EffortLevel, among valid: [EffortLevel]) -> EffortLevel {
        valid.last(where: { $0 <= cap }) ?? valid.first ?? cap
    }
}
