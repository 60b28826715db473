/// The trivial heuristic: points for structural signs that a small model will do, compared with
/// the route's `min_score`.
///
/// | factor            | points | met when                                                          |
/// |-------------------|--------|-------------------------------------------------------------------|
/// | small_output      | 1      | a token limit was sent and is at most `max_output_tokens`         |
/// | small_input       | 1      | the input estimate is at most `max_input_tokens`                  |
/// | no_tools          | 1      | no tools are declared                                             |
/// | no_images         | 1      | no image or document parts                                        |
/// | one_short_turn    | 1      | one conversation item, its text at most `max_turn_chars`          |
/// | no_reasoning      | 1      | no thinking budget or effort above `minimal`                      |
/// | side_call         | 3      | a coding agent's title/topic/quota side call                      |
public enum TrivialScore {
    /// One factor of the score.
    public struct Factor: Sendable, Equatable {
        public let name: String
        public let points: Int
        public let met: Bool
        /// The measured value against its threshold (`max_tokens 256 ≤ 1024`).
        public let detail: String
    }

    /// The verdict with every factor behind it.
    public struct Verdict: Sendable, Equatable {
        public let factors: [Factor]
        public let minScore: Int
        public var score: Int { factors.filter(\.met).reduce(0) { $0 + $1.points } }
        public var isTrivial: Bool { score >= minScore }
        /// `score 7 ≥ 6` or `score 4 < 6`.
        public var summary: String { "score \(score) \(isTrivial ? "≥" : "<") \(minScore)" }
    }

    public static func judge(_ features: RequestFeatures, _ thresholds: TrivialThresholds) -> Verdict {
        let limit = features.maxOutputTokens
        let factors = [
            Factor(name: "small_output", points: 1, met: limit.map { $0 <= thresholds.maxOutputTokens } ?? false,
                   detail: "output limit \(limit.map(String.init) ?? "not sent") ≤ \(thresholds.maxOutputTokens)"),
            Factor(name: "small_input", points: 1, met: features.tokenEstimate <= thresholds.maxInputTokens,
                   detail: "input estimate \(features.tokenEstimate) ≤ \(thresholds.maxInputTokens)"),
            Factor(name: "no_tools", points: 1, met: features.toolCount == 0, detail: "tools \(features.toolCount) = 0"),
            Factor(name: "no_images", points: 1, met: features.imageCount == 0, detail: "images \(features.imageCount) = 0"),
            Factor(name: "one_short_turn", points: 1, met: features.messageCount == 1 && features.lastTurnChars <= thresholds.maxTurnChars,
                   detail: "messages \(features.messageCount) = 1 and turn characters \(features.lastTurnChars) ≤ \(thresholds.maxTurnChars)"),
            Factor(name: "no_reasoning", points: 1, met: !features.reasoningAsked, detail: "reasoning asked: \(features.reasoningAsked ? "yes" : "no")"),
            Factor(name: "side_call", points: 3, met: features.sideCall, detail: "agent side call: \(features.sideCall ? "yes" : "no")"),
        ]
        return Verdict(factors: factors, minScore: thresholds.minScore)
    }
}
