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
        let measured: Measured
        /// The measured value against its threshold (`max_tokens 256 ≤ 1024`), written when asked
        /// (`route explain`): a decision needs only ``met``.
        public var detail: String { measured.description }
    }

    /// What a factor measured, kept as figures so that deciding writes no text.
    enum Measured: Sendable, Equatable, CustomStringConvertible {
        case outputLimit(Int?, max: Int)
        case inputEstimate(Int, max: Int)
        case tools(Int)
        case images(Int)
        case turn(messages: Int, characters: Int, max: Int)
        case reasoning(Bool)
        case sideCall(Bool)

        var description: String {
            switch self {
            case .outputLimit(let limit, let max): "output limit \(limit.map(String.init) ?? "not sent") ≤ \(max)"
            case .inputEstimate(let estimate, let max): "input estimate \(estimate) ≤ \(max)"
            case .tools(let count): "tools \(count) = 0"
            case .images(let count): "images \(count) = 0"
            case .turn(let messages, let characters, let max): "messages \(messages) = 1 and turn characters \(characters) ≤ \(max)"
            case .reasoning(let asked): "reasoning asked: \(asked ? "yes" : "no")"
            case .sideCall(let side): "agent side call: \(side ? "yes" : "no")"
            }
        }
    }

    /// The verdict with every factor behind it.
    public struct Verdict: Sendable, Equatable {
        public let factors: [Factor]
        public let minScore: Int
        public var score: Int { factors.reduce(0) { $0 + ($1.met ? $1.points : 0) } }
        public var isTrivial: Bool { score >= minScore }
        /// `score 7 ≥ 6` or `score 4 < 6`.
        public var summary: String { "score \(score) \(isTrivial ? "≥" : "<") \(minScore)" }
    }

    public static func judge(_ features: RequestFeatures, _ thresholds: TrivialThresholds) -> Verdict {
        let limit = features.maxOutputTokens
        let factors = [
            Factor(name: "small_output", points: 1, met: limit.map { $0 <= thresholds.maxOutputTokens } ?? false,
                   measured: .outputLimit(limit, max: thresholds.maxOutputTokens)),
            Factor(name: "small_input", points: 1, met: features.tokenEstimate <= thresholds.maxInputTokens,
                   measured: .inputEstimate(features.tokenEstimate, max: thresholds.maxInputTokens)),
            Factor(name: "no_tools", points: 1, met: features.toolCount == 0, measured: .tools(features.toolCount)),
            Factor(name: "no_images", points: 1, met: features.imageCount == 0, measured: .images(features.imageCount)),
            Factor(name: "one_short_turn", points: 1, met: features.messageCount == 1 && features.lastTurnChars <= thresholds.maxTurnChars,
                   measured: .turn(messages: features.messageCount, characters: features.lastTurnChars, max: thresholds.maxTurnChars)),
            Factor(name: "no_reasoning", points: 1, met: !features.reasoningAsked, measured: .reasoning(features.reasoningAsked)),
            Factor(name: "side_call", points: 3, met: features.sideCall, measured: .sideCall(features.sideCall)),
        ]
        return Verdict(factors: factors, minScore: thresholds.minScore)
    }
}
