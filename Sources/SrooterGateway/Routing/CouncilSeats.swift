import SrooterPolicy

/// A council's members as configured models (its chair is the decision's ``RouteDecision/model``),
/// and how long each member call may take.
public struct CouncilSeats: Sendable {
    public var members: [ModelConfig]
    /// Members the caller's policy does not allow (left out of the council).
    public var deniedMembers: [String]
    public var memberTimeoutSeconds: Double
}

extension BudgetEstimate {
    /// Input tokens a review prompt adds to the question and the answers it quotes: the fixed text
    /// of the ranking or chair prompt and the labels, with room to spare (the prompts are under
    /// 1,600 bytes, so under 400 tokens at 4 bytes a token).
    static let councilPromptTokens = 600

    /// The estimate the budget reservation is made at for `route`, as the policy stage prices:
    /// body bytes / 4 in, the capped output limit out. A direct, trivial, learned or fallback
    /// request is one call at ``RouteDecision/reservationPrices``. A council is every call it may
    /// make, each at its own model's prices: each member answers (the request's input) and ranks
    /// (the input, every member's answer at the output limit, and the prompt), and the chair writes
    /// from the same, so a council never spends more than was reserved while its calls keep to the
    /// estimate's output limit.
    static func reservation(for route: RouteDecision?, bodyBytes: Int, requestedOutput: Int?, outputCap: Int) -> BudgetEstimate {
        var estimate = BudgetEstimate(
            bodyBytes: bodyBytes, requestedOutput: requestedOutput, outputCap: outputCap,
            inputPrice: route?.reservationPrices.input ?? 0, outputPrice: route?.reservationPrices.output ?? 0)
        guard let route, let council = route.council else { return estimate }
        let input = estimate.inputTokens, output = estimate.outputTokens
        let review = input + council.members.count * output + councilPromptTokens
        func cost(_ prices: ModelConfig.Prices, input: Int, output: Int) -> Double {
            (Double(input) * prices.input + Double(output) * prices.output) / 1_000_000
        }
        var usd = cost(route.model.prices, input: review, output: output)
        for member in council.members {
            usd += cost(member.prices, input: input, output: output) + cost(member.prices, input: review, output: output)
        }
        estimate.inputTokens = council.members.count * (input + review) + review
        estimate.outputTokens = (2 * council.members.count + 1) * output
        estimate.usd = usd
        return estimate
    }
}
